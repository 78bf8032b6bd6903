// The effect of an action in the drills other than bad-deploy, each fixed from its operation
// through the runner against the drill's real backends (PostgreSQL with the drill's leaked
// sessions, a private redis-server with maxmemory, the Kubernetes simulator and the demo API's
// health endpoints), read back through the console's own sources: the fix is effective with
// before → after figures; an action that does not fix the fault shows no improvement at its
// (short) deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { operation as terminateIdle } from '../../src/data/postgres/ops/terminate-idle-in-transaction.js';
import { operation as deleteKeys } from '../../src/data/redis/ops/delete-keys.js';
import { operation as setEnv } from '../../src/data/kubernetes/ops/set-env.js';
import type { HealthData } from '../../src/data/health/source.js';
import { HEALTH_SOURCE } from '../../src/data/health/source.js';
import { idleInTransaction } from '../../src/data/postgres/queries.js';
import { POSTGRES_SOURCE } from '../../src/data/postgres/source.js';
import type { PgSnapshot } from '../../src/data/postgres/types.js';
import type { RedisSnapshot } from '../../src/data/redis/types.js';
import { NAMESPACE } from '../../src/demo/environment.js';
import { STALE } from '../../src/demo/scenarios/redis-memory.js';
import type { EffectResult } from '../../src/ops/effects/follower.js';
import { REDIS_SOURCE } from '../../src/data/redis/types.js';
import { startDrill, type Drill } from '../helpers/drill.js';
import { waitFor } from '../helpers/wait.js';

let drill: Drill | undefined;
afterEach(async () => {
  await drill?.stop();
  drill = undefined;
});

const signal = (r: EffectResult, id: string) => r.signals.find((s) => s.signal === id);
const down = (d: Drill, name: string) =>
  waitFor(
    () => d.data<HealthData>(HEALTH_SOURCE)?.endpoints ?? [],
    (eps) => eps.some((e) => e.name === name && !e.up),
    { what: `${name} down in the store`, timeoutMs: 30_000 },
  );

/**
 * Sessions idle in transaction in the drill's database (the server is shared with other tests),
 * in the store's snapshot: all of them, and those past the threshold.
 */
function idle(d: Drill): { all: number; old: number } {
  const pg = d.data<PgSnapshot>(POSTGRES_SOURCE);
  const db = decodeURIComponent(new URL(d.env.pg!.url).pathname.slice(1));
  const all = pg ? idleInTransaction(pg.sessions.filter((s) => s.database === db)) : [];
  const old = all.filter(
    (s) => (s.stateChange !== undefined ? pg!.at - s.stateChange : (s.xactMs ?? 0)) > pg!.idleInTransactionMs,
  );
  return { all: all.length, old: old.length };
}

async function dbExhausted(): Promise<Drill> {
  const d = (drill = await startDrill('db-exhaustion', {
    settle: 2,
    deadline: 8,
    demo: { redisUrl: null, privateRedis: false },
  }));
  expect(d.env.pg, 'the drill has its PostgreSQL database').toBeDefined();
  await waitFor(
    () => idle(d).old,
    (n) => n >= 5,
    { what: '5+ sessions idle in transaction past the threshold in the store', timeoutMs: 30_000 },
  );
  await down(d, 'api /health/database');
  return d;
}

describe('db-exhaustion: terminate the sessions idle in transaction', () => {
  it('without raising the pool: no improvement at the deadline (the leak opens them again)', async () => {
    const d = await dbExhausted();
    const res = await d.act(terminateIdle, { kind: 'pg-session' }, { n: '1' });
    expect(res.outcome, res.detail).toBe('succeeded');
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('no improvement');
    expect(r.settled).toBe(false);
    expect(signal(r, 'health')?.ok).toBe(false);
    expect(r.text).toMatch(/health still \d+\/\d+ up \(down: [^)]*api \/health\/database/);
    expect(r.text).toMatch(/connections \d+\/\d+/);
  });

  it('after DB_POOL_SIZE=50: effective, idle in transaction N → 0, connections before → after', async () => {
    const d = await dbExhausted();
    const raised = await d.act(
      setEnv,
      { kind: 'deployment', id: `${NAMESPACE}/backend` },
      {
        env: 'DB_POOL_SIZE=50',
        container: '',
      },
    );
    expect(raised.outcome, raised.detail).toBe('succeeded');
    // The leak has stopped: every leaked session is past the threshold (the operation takes those).
    await waitFor(
      () => idle(d),
      (n) => n.all >= 5 && n.old === n.all,
      { what: 'every session idle in transaction past the threshold', timeoutMs: 30_000 },
    );
    const before = idle(d).old;
    const res = await d.act(terminateIdle, { kind: 'pg-session' }, { n: '1' });
    expect(res.outcome, res.detail).toBe('succeeded');
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('effective');
    expect(r.settled).toBe(true);
    const it = signal(r, 'pgIdleInTransaction')!;
    expect(Number(it.before)).toBeGreaterThanOrEqual(Math.min(before, 5));
    expect(it.after).toBe('0');
    // Connections are the server's (other databases' sessions count too): before, at least the
    // leaked ones.
    const conn = signal(r, 'pgConnections')!;
    const used = (t?: string) => Number(/^(\d+)\//.exec(t ?? '')?.[1]);
    expect(used(conn.before)).toBeGreaterThanOrEqual(before);
    expect(conn.after).toMatch(/^\d+\/\d+$/);
    expect(signal(r, 'health')?.wasOk).toBe(false);
    expect(signal(r, 'health')?.ok).toBe(true);
    expect(r.text).toMatch(/idle in transaction \d+ → 0 within \d+ s/);
    expect(r.text).toMatch(/connections \d+\/\d+ → \d+\/\d+/);
  });
});

describe('redis-memory: delete keys by pattern', () => {
  async function full(): Promise<Drill> {
    const d = (drill = await startDrill('redis-memory', {
      settle: 2,
      deadline: 8,
      demo: { postgresUrl: null },
    }));
    expect(d.env.redis?.private, 'a private redis-server with maxmemory').toBe(true);
    await waitFor(
      () => d.data<RedisSnapshot>(REDIS_SOURCE),
      (r) => !!r?.info.maxmemory && (r.info.usedMemory ?? 0) / r.info.maxmemory >= 0.9,
      { what: 'Redis memory at 90 % of maxmemory in the store', timeoutMs: 30_000 },
    );
    await down(d, 'api /health/redis');
    return d;
  }

  it('the stale cache keys: effective, memory and evictions before → after', async () => {
    const d = await full();
    const res = await d.act(
      deleteKeys,
      { kind: 'redis-key' },
      { pattern: `${d.env.redis!.prefix}${STALE}*` },
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('effective');
    expect(r.settled).toBe(true);
    const mem = signal(r, 'redisMemory')!;
    const mib = (t?: string) => Number(/^(\d+) MiB/.exec(t ?? '')?.[1]);
    expect(mem.wasOk).toBe(false);
    expect(mib(mem.after)).toBeLessThan(mib(mem.before));
    expect(signal(r, 'redisEvictions')?.after).toBe('0/s');
    expect(signal(r, 'health')?.ok).toBe(true);
    expect(r.text).toMatch(/memory \d+ MiB of \d+ MiB → \d+ MiB of \d+ MiB within \d+ s/);
  });

  it('a tenth of them (price:9*): no improvement at the deadline, memory fills up again', async () => {
    const d = await full();
    const res = await d.act(
      deleteKeys,
      { kind: 'redis-key' },
      { pattern: `${d.env.redis!.prefix}${STALE}price:9*` },
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('no improvement');
    expect(r.settled).toBe(false);
    expect(signal(r, 'redisMemory')?.ok).toBe(false);
    expect(r.text).toMatch(/memory (still )?\d+ MiB of \d+ MiB/);
  });
});

describe('chain-stall: point the backend at the fallback RPC', () => {
  it('set env ETH_RPC_URL=<fallback>: effective, the API health check up again', async () => {
    // Slower than the other drills: the primary recovers by itself 90 s / speed after stalling.
    const d = (drill = await startDrill('chain-stall', {
      settle: 2,
      deadline: 60,
      demo: { speed: 3, postgresUrl: null, redisUrl: null, privateRedis: false },
    }));
    await down(d, 'api /health');
    const res = await d.act(
      setEnv,
      { kind: 'deployment', id: `${NAMESPACE}/backend` },
      {
        env: `ETH_RPC_URL=${d.env.chains.fallback.url}`,
        container: '',
      },
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('effective');
    expect(signal(r, 'health')?.wasOk).toBe(false);
    expect(signal(r, 'rollout')?.ok).toBe(true);
    expect(r.text).toMatch(/^set-env backend: /);
    expect(r.text).toMatch(/health \d+\/\d+ up \(down: api \/health\) → (\d+)\/\1 up within \d+ s/);
  });
});
