// Every drill scenario against the real demo environment (simulators, PostgreSQL, Redis): the
// fault appears in the state the panes read (pods, health endpoints, logs, Redis INFO,
// pg_stat_activity), a wrong or partial fix does not heal it, and the runbook's mitigation —
// done with kubectl, SQL and the palette's own Redis operation — does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoEnv, type DemoEnv } from '../../src/demo/environment.js';
import { NAMESPACE } from '../../src/demo/environment.js';
import { scenarioByName } from '../../src/demo/scenarios/index.js';
import { BAD_IMAGE } from '../../src/demo/scenarios/bad-deploy.js';
import { APP_NAME } from '../../src/demo/scenarios/db-exhaustion.js';
import { STALE } from '../../src/demo/scenarios/redis-memory.js';
import { operation as deleteKeys } from '../../src/data/redis/ops/delete-keys.js';
import { newRedis } from '../../src/demo/redis.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
let env: DemoEnv | undefined;
let stopScenario: (() => void) | undefined;

afterEach(async () => {
  stopScenario?.();
  stopScenario = undefined;
  await env?.stop();
  env = undefined;
});

async function start(name: string, speed = 10): Promise<DemoEnv> {
  env = await startDemoEnv({ speed });
  stopScenario = await scenarioByName(name)!.start(env);
  return env;
}

function kubectl(e: DemoEnv, ...args: string[]) {
  return run('kubectl', ['--kubeconfig', e.kubeconfig, '-n', NAMESPACE, ...args], { timeout: 20_000 });
}

const failures = (e: DemoEnv, group?: string) => () => e.api.failures(group);
const some = (xs: string[]) => xs.length > 0;
const none = (xs: string[]) => xs.length === 0;

function logsOf(e: DemoEnv, app: string): string {
  return e
    .podsOf(app)
    .flatMap((p) => {
      const c = p.spec.containers[0].name;
      return [
        ...(e.kube.cluster.logs.read(NAMESPACE, p.metadata.name, c, false) ?? []),
        ...(e.kube.cluster.logs.read(NAMESPACE, p.metadata.name, c, true) ?? []),
      ];
    })
    .map((l) => l.text)
    .join('\n');
}

describe('demo scenarios', () => {
  it('bad-deploy: the new revision crash-loops and the API fails; rollout undo heals', async () => {
    const e = await start('bad-deploy');
    const crashing = await waitFor(
      () =>
        e
          .podsOf('backend')
          .filter(
            (p) =>
              p.spec.containers[0].image === BAD_IMAGE && p.status?.containerStatuses?.[0]?.restartCount > 0,
          ),
      (ps) => ps.length > 0,
      { what: 'backend 1.9.0 pods restarting', timeoutMs: 20_000 },
    );
    expect(crashing.length).toBeGreaterThan(0);
    await waitFor(failures(e, 'api'), some, { what: 'the API health failing' });
    await waitFor(
      () => logsOf(e, 'backend'),
      (t) => /TypeError: Cannot read properties of undefined/.test(t),
      {
        what: 'the crash in the logs',
      },
    );
    await waitFor(
      async () => (await kubectl(e, 'get', 'pods')).stdout,
      (out) => /CrashLoopBackOff|Error/.test(out),
      { what: 'kubectl showing the crash loop', timeoutMs: 20_000 },
    );
    // The crash reads like the Node service's own: no Go panic, no unrelated database error.
    expect(logsOf(e, 'backend')).not.toMatch(/panic:|could not connect to database/);

    await kubectl(e, 'rollout', 'undo', 'deployment/backend');
    await waitFor(failures(e, 'api'), none, {
      what: 'the API healthy after the rollback',
      timeoutMs: 20_000,
    });
    await waitFor(
      () => e.podsOf('backend').map((p) => p.spec.containers[0].image),
      (imgs) => imgs.length === 3 && imgs.every((i) => i !== BAD_IMAGE),
      { what: 'only good backend pods', timeoutMs: 20_000 },
    );
  });

  it('db-exhaustion: sessions pile up idle in transaction; terminating alone does not hold, with DB_POOL_SIZE=50 it heals', async () => {
    const e = await start('db-exhaustion');
    expect(e.pg, e.pgHint).toBeDefined();
    const db = new pg.Client({ connectionString: e.pg!.url });
    await db.connect();
    try {
      const idle = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state = 'idle in transaction'`,
            [APP_NAME],
          )
        ).rows[0].n as number;
      await waitFor(idle, (n) => n >= 5, { what: 'leaked sessions idle in transaction', timeoutMs: 20_000 });
      const f = await waitFor(failures(e, 'database'), some, { what: '/health/database failing' });
      expect(f.join()).toMatch(/idle in transaction/);
      await waitFor(failures(e), some, { what: '/health failing' });
      await waitFor(
        () => logsOf(e, 'backend'),
        (t) => /too many clients|timeout exceeded when trying to connect/.test(t),
        {
          what: 'pool errors in the backend logs',
        },
      );

      const terminate = () =>
        db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND state IN ('idle in transaction', 'idle in transaction (aborted)')`,
        );
      // Terminating without raising the pool: the leak refills it.
      await terminate();
      await waitFor(idle, (n) => n >= 5, { what: 'the leak refilling the pool', timeoutMs: 20_000 });

      await kubectl(e, 'set', 'env', 'deployment/backend', 'DB_POOL_SIZE=50');
      await waitFor(
        () => e.envOf(e.deployment('backend'), 'DB_POOL_SIZE'),
        (v) => v === '50',
      );
      await terminate();
      await waitFor(failures(e, 'database'), none, { what: '/health/database healthy', timeoutMs: 20_000 });
      await waitFor(idle, (n) => n === 0, { what: 'no session idle in transaction' });
    } finally {
      await db.end();
    }
  });

  it('memory-pressure: worker pods are OOMKilled; scaling to 4 replicas heals', async () => {
    const e = await start('memory-pressure');
    await waitFor(
      () =>
        e
          .podsOf('worker')
          .map(
            (p) =>
              p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason ??
              p.status?.containerStatuses?.[0]?.state?.terminated?.reason,
          ),
      (rs) => rs.includes('OOMKilled'),
      { what: 'an OOMKilled worker', timeoutMs: 20_000 },
    );
    await waitFor(failures(e, 'api'), some, { what: 'the API reporting the backlog' });
    await waitFor(
      () => logsOf(e, 'worker'),
      (t) => /heap out of memory|heap usage above limit/.test(t),
      {
        what: 'the OOM in the logs',
      },
    );
    await kubectl(e, 'scale', 'deployment/worker', '--replicas=4');
    await waitFor(failures(e, 'api'), none, { what: 'healthy after scaling out', timeoutMs: 20_000 });
    const { stdout } = await kubectl(e, 'get', 'deployment', 'worker', '-o', 'jsonpath={.spec.replicas}');
    expect(stdout).toBe('4');
  });

  it('memory-pressure: raising the memory limit to 1Gi heals too', async () => {
    const e = await start('memory-pressure');
    await waitFor(failures(e, 'api'), some, { what: 'the fault', timeoutMs: 20_000 });
    await kubectl(e, 'set', 'resources', 'deployment/worker', '--limits=memory=1Gi');
    await waitFor(failures(e, 'api'), none, { what: 'healthy after raising the limit', timeoutMs: 30_000 });
  });

  it('slow-dependency: price-oracle timeouts until the feature flag is off', async () => {
    const e = await start('slow-dependency');
    const f = await waitFor(failures(e, 'api'), some, { what: 'the API failing', timeoutMs: 20_000 });
    expect(f.join()).toMatch(/price-oracle/);
    await waitFor(
      () => logsOf(e, 'backend'),
      (t) => t.includes('upstream price-oracle timed out after 3000ms'),
      {
        what: 'oracle timeouts in the logs',
      },
    );
    // An unrelated env change does not help.
    await kubectl(e, 'set', 'env', 'deployment/backend', 'LOG_LEVEL=debug');
    await waitFor(
      () => e.podsOf('backend').filter((p) => e.envOf(p, 'LOG_LEVEL') === 'debug').length,
      (n) => n === 3,
      {
        what: 'the unrelated rollout',
        timeoutMs: 20_000,
      },
    );
    expect(await e.api.failures('api')).not.toEqual([]);
    await kubectl(e, 'set', 'env', 'deployment/backend', 'FEATURE_PRICE_ORACLE_ENABLED=false');
    await waitFor(failures(e, 'api'), none, { what: 'healthy with the flag off', timeoutMs: 30_000 });
  });

  it('chain-stall: the primary RPC stops at one height; pointing the backend at the fallback heals', async () => {
    const e = await start('chain-stall', 3); // the primary recovers by itself after 30 s here
    const height = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      });
      return parseInt(((await res.json()) as { result: string }).result, 16);
    };
    await waitFor(
      () => e.chains.primary.stalled(),
      (s) => s,
      { what: 'the primary stalling' },
    );
    const stuck = await height(e.chains.primary.url);
    const f = await waitFor(failures(e, 'api'), some, { what: 'payments failing' });
    expect(f.join()).toMatch(/payments/);
    await waitFor(
      () => height(e.chains.fallback.url),
      (h) => h > stuck,
      { what: 'the fallback moving on', timeoutMs: 15_000 },
    );
    expect(await height(e.chains.primary.url)).toBe(stuck);
    await waitFor(
      () => logsOf(e, 'backend'),
      (t) => /payment confirmation timeout: no new block for \d+s/.test(t),
      {
        what: 'payment timeouts in the logs',
      },
    );
    await kubectl(e, 'set', 'env', 'deployment/backend', `ETH_RPC_URL=${e.chains.fallback.url}`);
    await waitFor(failures(e), none, { what: 'healthy on the fallback', timeoutMs: 20_000 });
    expect(e.chains.primary.stalled()).toBe(true);
  });

  it('redis-memory: stale keys fill maxmemory and sessions are evicted; deleting them by pattern heals', async () => {
    const e = await start('redis-memory');
    expect(e.redis?.private, 'a private redis-server with maxmemory').toBe(true);
    const r = await newRedis(e.redis!.url, { maxRetriesPerRequest: 1 });
    try {
      const evicted = async () => Number(/evicted_keys:(\d+)/.exec(await r.info('stats'))?.[1] ?? 0);
      await waitFor(evicted, (n) => n > 0, { what: 'evictions', timeoutMs: 20_000 });
      const f = await waitFor(failures(e, 'redis'), some, {
        what: '/health/redis failing',
        timeoutMs: 20_000,
      });
      expect(f.join()).toMatch(/memory full/);
      // The warm-up job's own log names the keys it wrote.
      await waitFor(
        () => logsOf(e, 'worker'),
        (t) => t.includes(`price cache warm-up`) && t.includes(`${e.redis!.prefix}${STALE}price:`),
        { what: 'the stale keys named in the worker log' },
      );

      // The palette's own operation: SCAN + UNLINK by pattern.
      const actionEnv = { config: e.config, readOnly: false };
      const target = deleteKeys.appliesTo({ kind: 'redis-key' }, actionEnv)!;
      const ac = new AbortController();
      const plan = await deleteKeys.plan(
        target,
        { pattern: `${e.redis!.prefix}${STALE}*` },
        actionEnv,
        ac.signal,
      );
      expect(plan.nothingToDo).toBeUndefined();
      const out = await deleteKeys.run(plan, actionEnv, ac.signal);
      expect(out.ok, out.detail).toBe(true);
      await waitFor(failures(e, 'redis'), none, { what: '/health/redis healthy', timeoutMs: 20_000 });
      const before = await evicted();
      // Sessions keep being written; with the stale keys gone nothing more is evicted.
      await waitFor(
        () => r.dbsize(),
        (n) => n > 10,
        { what: 'sessions written after the fix' },
      );
      expect(await evicted()).toBe(before);
    } finally {
      r.disconnect();
    }
  });
});

describe('demo environment', () => {
  it('the deployments carry the env the fixes change, and the chain config names both RPC endpoints', async () => {
    env = await startDemoEnv({ speed: 10, postgresUrl: null, redisUrl: null, privateRedis: false });
    const { primary, fallback } = env.chains;
    const { stdout } = await kubectl(env, 'set', 'env', 'deployment/backend', '--list');
    expect(stdout).toContain('FEATURE_PRICE_ORACLE_ENABLED=true');
    expect(stdout).toContain('DB_POOL_SIZE=20');
    expect(stdout).toContain(`ETH_RPC_URL=${primary.url}`);
    expect(stdout).toContain(`ETH_RPC_FALLBACK_URL=${fallback.url}`);
    expect(env.config.chain?.endpoints).toEqual([
      { name: 'primary', url: primary.url },
      { name: 'fallback', url: fallback.url },
    ]);
  });

  it('cleans up its database, key prefix, redis-server and temp dir', async () => {
    const e = await startDemoEnv({ speed: 10 });
    const { pg: p, redis, dir } = e;
    expect(p).toBeDefined();
    const admin = new pg.Client({ connectionString: p!.adminUrl });
    await admin.connect();
    try {
      const exists = async () =>
        (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [p!.database])).rowCount;
      expect(await exists()).toBe(1);
      await e.stop();
      expect(await exists()).toBe(0);
    } finally {
      await admin.end();
    }
    const r = await newRedis(redis!.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await expect(r.connect()).rejects.toThrow();
    r.disconnect();
    const { existsSync } = await import('node:fs');
    expect(existsSync(dir)).toBe(false);
  });

  it('without PostgreSQL or Redis it starts and explains how to enable them', async () => {
    env = await startDemoEnv({
      speed: 10,
      postgresUrl: 'postgres://postgres@127.0.0.1:1/postgres',
      redisUrl: 'redis://127.0.0.1:1',
      privateRedis: false,
    });
    expect(env.pg).toBeUndefined();
    expect(env.pgHint).toMatch(/start it on 127\.0\.0\.1:5432 or set DATABASE_URL/);
    expect(env.redis).toBeUndefined();
    expect(env.redisHint).toMatch(/REDIS_URL/);
    // The database is not part of the drill; its RDS instance (the simulator) still is.
    expect(env.config.postgres?.url).toBeUndefined();
    expect(env.config.postgres?.rds?.instance).toBe('prod-postgres');
    expect(env.config.redis).toBeUndefined();
  });
});
