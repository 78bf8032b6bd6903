// The drill environment behind `warroom demo`: the Kubernetes simulator (a small marketplace
// cluster), the CloudWatch Logs simulator, two local dev chains (primary and fallback RPC), the
// CloudFront simulator, the demo's own HTTP API (/health answers from real state), and
// PostgreSQL / Redis when they are reachable on localhost (an own database and key prefix,
// removed on exit; a private redis-server with maxmemory when the binary exists). Everything
// listens on 127.0.0.1 on free ports. `stop()` tears it all down and never throws.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { startCloudWatchSim, type CloudWatchSim } from '../sim/cloudwatch/index.js';
import { LogGenerator } from '../sim/cloudwatch/generator.js';
import { startCloudFrontSim, type CloudFrontSim } from '../sim/cloudfront.js';
import { startDevChain } from '../sim/chain/index.js';
import { startKubeSim, type KubeSim } from '../sim/kube/index.js';
import type { FaultRule, UsageRule } from '../sim/kube/index.js';
import { marketplace } from '../sim/kube/generate.js';
import { errorText, redactUrl } from '../util/redact.js';
import { log } from '../util/log.js';
import { startDemoApi, type DemoApi } from './api.js';
import { newRedis } from './redis.js';
import { startRpcEndpoint, type RpcEndpoint } from './rpc.js';

export const NAMESPACE = 'web3-marketplace';
export const LOG_GROUP = '/aws/eks/prod/application';
export const GOOD_BACKEND = 'ghcr.io/web3-marketplace/backend:1.8.2';
export const DISTRIBUTION = 'E2DEMODIST001';
export const BLOCK_SECONDS = 2;

export type PodLogs = (pod: any, container: string, now: Date) => string[];

export interface DemoPostgres {
  /** The demo's own database (warroom_demo_<id>). */
  url: string;
  database: string;
  /** The server's maintenance database (to create and drop the demo database). */
  adminUrl: string;
}

export interface DemoRedis {
  url: string;
  /** warroom-demo:<id>: — every key the demo writes starts with it. */
  prefix: string;
  /** A private redis-server with maxmemory (true), or the shared one without (false). */
  private: boolean;
  maxmemoryBytes?: number;
}

export interface DemoOptions {
  /** Scenario timings are divided by this (tests: 10). Default $WARROOM_DEMO_SPEED or 1. */
  speed?: number;
  /** Random part of the database name and key prefix (default: random; tests set it). */
  id?: string;
  /** Where PostgreSQL is (default $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres). */
  postgresUrl?: string | null;
  /** Where Redis is (default $REDIS_URL, else redis://127.0.0.1:6379). */
  redisUrl?: string | null;
  /** Start a private redis-server with maxmemory when the binary exists (default true). */
  privateRedis?: boolean;
}

export interface DemoEnv {
  id: string;
  speed: number;
  dir: string;
  kubeconfig: string;
  context: string;
  kube: KubeSim;
  cw: CloudWatchSim;
  cdn: CloudFrontSim;
  /** The dev chain, and the two RPC providers in front of it (the backend uses primary). */
  chains: { primary: RpcEndpoint; fallback: RpcEndpoint };
  api: DemoApi;
  pg?: DemoPostgres;
  /** Why PostgreSQL is not part of the drill (shown in its pane). */
  pgHint?: string;
  redis?: DemoRedis;
  redisHint?: string;
  /** Notes for the responder (e.g. Redis without maxmemory). */
  notes: string[];
  config: Config;
  /** Runs fn after ms (divided by speed); cleared on stop. */
  after(ms: number, fn: () => void): () => void;
  /** Runs fn every ms (divided by speed); cleared on stop. */
  every(ms: number, fn: () => void): () => void;
  /** Adds log lines for pods (kubectl logs and the CloudWatch group); returns the remover. */
  addLogs(gen: PodLogs): () => void;
  /** Fault and usage rules are combined: the first that answers wins. */
  addFault(rule: FaultRule): () => void;
  addUsage(rule: UsageRule): () => void;
  deployment(name: string): any | undefined;
  /** The value of an env var in a deployment's (or pod's) first container. */
  envOf(obj: any, name: string): string | undefined;
  /** Live (not terminating) pods of a deployment. */
  podsOf(name: string): any[];
  stop(): Promise<void>;
}

export function demoSpeed(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WARROOM_DEMO_SPEED);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 100) : 1;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const rand = (r: () => number, xs: readonly string[]) => xs[Math.floor(r() * xs.length)]!;
const PATHS = ['/api/orders', '/api/listings', '/api/cart', '/api/checkout', '/api/users/me', '/v2/products'];

/** Everyday lines of the marketplace's services: JSON from backend, plain from worker, access logs from frontend. */
export function baseLines(pod: any, container: string, now: Date, r: () => number = Math.random): string[] {
  if (r() < 0.35) return [];
  const ts = now.toISOString();
  const ms = Math.floor(r() * 140) + 3;
  const path = rand(r, PATHS);
  if (container === 'frontend') {
    const status = r() < 0.97 ? 200 : 404;
    return [
      `10.244.${Math.floor(r() * 3)}.${Math.floor(r() * 250)} - - [${ts}] "GET ${path} HTTP/1.1" ${status} ${Math.floor(r() * 9000)} "-" "Mozilla/5.0" ${(ms / 1000).toFixed(3)}`,
    ];
  }
  if (container === 'worker') {
    const x = r();
    if (x < 0.9) return [`${ts} INFO  [worker] settled order ${Math.floor(r() * 1e6)} in ${ms}ms`];
    return [`${ts} WARN  [worker] retrying payment webhook for order ${Math.floor(r() * 1e6)} (attempt 2)`];
  }
  const x = r();
  if (x < 0.92)
    return [
      JSON.stringify({
        level: 'info',
        ts,
        msg: 'request completed',
        method: r() < 0.8 ? 'GET' : 'POST',
        path,
        status: 200,
        duration_ms: ms,
        pod: pod?.metadata?.name,
      }),
    ];
  return [JSON.stringify({ level: 'warn', ts, msg: 'slow query', table: 'orders', duration_ms: ms * 12 })];
}

/** The cluster the drill starts with: backend (API), frontend and worker in web3-marketplace. */
function populate(
  kube: KubeSim,
  primaryRpc: string,
  redisUrl: string | undefined,
  pgUrl: string | undefined,
) {
  const c = kube.cluster;
  // Created as if they had been running for a while: pods straight to Running, no start-up noise.
  c.instant = true;
  try {
    createDeployments(c, primaryRpc, redisUrl, pgUrl);
    c.reconcile();
    c.reconcile();
  } finally {
    c.instant = false;
  }
}

function createDeployments(
  c: KubeSim['cluster'],
  primaryRpc: string,
  redisUrl: string | undefined,
  pgUrl: string | undefined,
): void {
  marketplace(c, NAMESPACE, {
    image: GOOD_BACKEND,
    env: {
      NODE_ENV: 'production',
      DB_POOL_SIZE: '20',
      ETH_RPC_URL: primaryRpc,
      FEATURE_PRICE_ORACLE_ENABLED: 'true',
      ...(pgUrl ? { DATABASE_HOST: '127.0.0.1' } : {}),
      ...(redisUrl ? { REDIS_HOST: '127.0.0.1' } : {}),
    },
  });
}

async function setupPostgres(adminUrl: string, id: string): Promise<{ pg?: DemoPostgres; hint?: string }> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    const database = `warroom_demo_${id}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return { pg: { url: u.toString(), database, adminUrl } };
  } catch (err) {
    return {
      hint: `a PostgreSQL the drill can reach: start it on 127.0.0.1:5432 or set DATABASE_URL, then run \`warroom demo\` again (${redactUrl(adminUrl)}: ${errorText(err)})`,
    };
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function dropPostgres(p: DemoPostgres): Promise<void> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: p.adminUrl, connectionTimeoutMillis: 1500 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${p.database}" WITH (FORCE)`);
  } catch (err) {
    log('warn', `demo: could not drop ${p.database}: ${errorText(err)}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function redisPing(url: string): Promise<string | undefined> {
  const r = await newRedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
    enableOfflineQueue: false,
  });
  try {
    await r.connect();
    await r.ping();
    return undefined;
  } catch (err) {
    return errorText(err);
  } finally {
    r.disconnect();
  }
}

function executable(p: string): boolean {
  try {
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasBinary(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/local/bin', '/usr/sbin']);
  return dirs.some((d) => d && executable(join(d, name)));
}

const MAXMEMORY = 64 * 1024 * 1024;

async function startPrivateRedis(dir: string): Promise<{ url: string; proc: ChildProcess } | undefined> {
  if (!hasBinary('redis-server')) return undefined;
  const port = await freePort();
  // volatile-lru: only keys with a TTL (sessions) are evicted; the stale cache keys written
  // without a TTL stay and keep memory full until someone deletes them.
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--maxmemory',
      '64mb',
      '--maxmemory-policy',
      'volatile-lru',
    ],
    { stdio: 'ignore' },
  );
  proc.on('error', () => undefined);
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  try {
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return undefined;
      if ((await redisPing(url)) === undefined) return { url, proc };
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    log('warn', `demo: private redis-server: ${errorText(err)}`);
  }
  proc.kill('SIGKILL');
  return undefined;
}

async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = await newRedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } catch (err) {
    log('warn', `demo: could not delete ${prefix}*: ${errorText(err)}`);
  } finally {
    r.disconnect();
  }
}

export async function startDemoEnv(o: DemoOptions = {}): Promise<DemoEnv> {
  const speed = o.speed ?? demoSpeed();
  const id =
    (o.id ?? process.env.WARROOM_DEMO_ID ?? randomBytes(3).toString('hex'))
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 16) || 'demo';
  const dir = mkdtempSync(join(tmpdir(), 'warroom-demo-'));
  const timers = new Set<NodeJS.Timeout>();
  const closers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    // First, while there is time: the console exits about two seconds after asking.
    rmSync(dir, { recursive: true, force: true });
    // All at once: the console gives teardown about two seconds before it exits.
    const all = closers.splice(0).reverse();
    await Promise.all(
      all.map(async (c) => {
        try {
          await c();
        } catch (err) {
          log('warn', `demo: teardown: ${errorText(err)}`);
        }
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Everything starts at once (the database takes the longest); each
    // part registers its teardown before it is awaited, so a failure anywhere cleans up all.
    const pgAdmin =
      o.postgresUrl === null
        ? undefined
        : (o.postgresUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const pgP: Promise<{ pg?: DemoPostgres; hint?: string }> = pgAdmin
      ? setupPostgres(pgAdmin, id)
      : Promise.resolve({
          hint: 'a PostgreSQL the drill can reach: start it on 127.0.0.1:5432 or set DATABASE_URL',
        });
    closers.push(async () => {
      const p = (await pgP).pg;
      if (p) await dropPostgres(p);
    });
    const privP = o.privateRedis === false ? Promise.resolve(undefined) : startPrivateRedis(dir);
    closers.push(async () => {
      const priv = await privP;
      if (!priv || priv.proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        priv.proc.once('exit', () => resolve());
        priv.proc.kill('SIGTERM');
        setTimeout(() => {
          priv.proc.kill('SIGKILL');
          resolve();
        }, 2000).unref();
      });
    });
    // One chain (the network) behind two RPC providers that can stall independently.
    const networkP = startDevChain({ blockTimeSeconds: BLOCK_SECONDS, chainId: 1337 });
    closers.push(async () => (await networkP).close());
    const kube = await startKubeSim({ empty: true, tickMs: Math.max(50, Math.round(1000 / speed)), seed: 7 });
    closers.push(() => kube.close());
    const cw = await startCloudWatchSim({ region: 'us-east-1' });
    closers.push(() => cw.close());
    const cdn = await startCloudFrontSim({ distributions: [DISTRIBUTION] });
    closers.push(() => cdn.close());
    // The providers listen at once and forward once the chain is up.
    const networkUrl = networkP.then((n) => n.url);
    const [primary, fallback] = await Promise.all([
      startRpcEndpoint(networkUrl),
      startRpcEndpoint(networkUrl),
    ]);
    closers.push(() => primary.close());
    closers.push(() => fallback.close());
    cw.createGroup(LOG_GROUP);
    cw.createGroup(`${LOG_GROUP}-ingress`);

    // PostgreSQL and Redis on localhost, when reachable.
    const pgPart = await pgP;

    const notes: string[] = [];
    let redis: DemoRedis | undefined;
    let redisHint: string | undefined;
    const prefix = `warroom-demo:${id}:`;
    const priv = await privP;
    if (priv) {
      redis = { url: priv.url, prefix, private: true, maxmemoryBytes: MAXMEMORY };
    } else {
      const shared =
        o.redisUrl === null ? undefined : (o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const why = shared ? await redisPing(shared) : 'not configured';
      if (shared && why === undefined) {
        redis = { url: shared, prefix, private: false };
        notes.push(
          'redis-server not found: the drill uses the shared Redis without maxmemory, so the Redis scenario cannot evict',
        );
      } else {
        redisHint = `a Redis the drill can reach: start redis-server on 127.0.0.1:6379 or set REDIS_URL, then run \`warroom demo\` again${shared ? ` (${redactUrl(shared)}: ${why})` : ''}`;
      }
    }
    if (redis) {
      const r = redis;
      closers.push(() => deletePrefix(r.url, r.prefix));
    }

    // The cluster, its logs, faults and usage.
    populate(kube, primary.url, redis?.url, pgPart.pg?.url);
    const gens = new Set<PodLogs>();
    const faults: FaultRule[] = [];
    const usages: UsageRule[] = [];
    const faultLines: PodLogs = (pod, container, now) => {
      const out: string[] = [];
      for (const g of gens) {
        try {
          out.push(...g(pod, container, now));
        } catch {
          // a scenario's generator must not break the simulator
        }
      }
      return out;
    };
    // Everyday lines come from the simulator's lazy generator (one batch per real second);
    // a scenario's lines are pumped in at scenario speed, so that even a container that lives
    // for a fraction of a second at WARROOM_DEMO_SPEED=10 says why it dies.
    kube.cluster.setLogGenerator((pod, container, now) =>
      pod?.metadata?.namespace === NAMESPACE ? baseLines(pod, container, now) : [],
    );
    kube.cluster.setFaultRule((pod, dep) => {
      for (const f of faults) {
        const v = f(pod, dep);
        if (v) return v;
      }
      return null;
    });
    kube.cluster.setUsage((pod) => {
      for (const u of usages) {
        const v = u(pod);
        if (v) return v;
      }
      return null;
    });

    const context = 'warroom-demo';
    const kubeconfig = kube.writeKubeconfig(join(dir, 'kubeconfig'), { context, namespace: NAMESPACE });

    const after = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms / speed);
      t.unref?.();
      timers.add(t);
      return () => {
        clearTimeout(t);
        timers.delete(t);
      };
    };
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(
        () => {
          try {
            fn();
          } catch (err) {
            log('warn', `demo: ${errorText(err)}`);
          }
        },
        Math.max(20, ms / speed),
      );
      t.unref?.();
      timers.add(t);
      return () => {
        clearInterval(t);
        timers.delete(t);
      };
    };

    // CloudWatch: the same services' lines, one stream per pod, plus some ingress noise.
    const cwGen = new LogGenerator({ errorShare: 0.02, seed: 11 });
    const cwTimer = setInterval(() => {
      const now = new Date();
      try {
        for (const pod of kube.cluster.listPods(NAMESPACE)) {
          if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') continue;
          const container = pod.spec.containers?.[0]?.name ?? 'app';
          const lines = baseLines(pod, container, now);
          if (lines.length) cw.putEvents(LOG_GROUP, pod.metadata.name, lines);
        }
        cw.putEvents(`${LOG_GROUP}-ingress`, 'nginx-ingress', cwGen.next(now.getTime()));
      } catch (err) {
        log('warn', `demo: cloudwatch feed: ${errorText(err)}`);
      }
    }, 1000);
    cwTimer.unref();
    every(1000, () => {
      const now = new Date();
      for (const pod of kube.cluster.listPods(NAMESPACE)) {
        if (pod.metadata.deletionTimestamp || !pod.status?.containerStatuses?.[0]?.state?.running) continue;
        const container = pod.spec.containers?.[0]?.name ?? 'app';
        const lines = faultLines(pod, container, now);
        if (!lines.length) continue;
        for (const line of lines) kube.cluster.appendLog(NAMESPACE, pod.metadata.name, container, line, now);
        cw.putEvents(LOG_GROUP, pod.metadata.name, lines);
      }
    });
    closers.push(() => clearInterval(cwTimer));

    const deployment = (name: string) => kube.cluster.getDeployment(NAMESPACE, name);
    const envOf = (obj: any, name: string): string | undefined => {
      const spec = obj?.spec?.template?.spec ?? obj?.spec;
      const e = (spec?.containers?.[0]?.env ?? []).find((x: any) => x.name === name);
      return e?.value;
    };
    const podsOf = (name: string) =>
      kube.cluster
        .listPods(NAMESPACE)
        .filter((p) => p.metadata.labels?.app === name && !p.metadata.deletionTimestamp);

    const api = await startDemoApi();
    closers.push(() => api.close());

    const config: Config = {
      kubernetes: {
        kubeconfig,
        context,
        namespaces: [NAMESPACE],
        deployments: ['backend', 'frontend', 'worker'],
        production: false,
        readOnly: false,
        logs: { maxStreams: 50, tailLines: 50 },
      },
      cloudwatch: {
        region: 'us-east-1',
        endpoint: cw.endpoint,
        logGroups: [LOG_GROUP],
        requestsPerSecond: 4,
      },
      chain: {
        endpoints: [
          { name: 'primary', url: primary.url },
          { name: 'fallback', url: fallback.url },
        ],
        chainId: 1337,
        blockTimeSeconds: BLOCK_SECONDS,
        stallMultiple: 3,
        intervalMs: 2000,
        timeoutMs: 3000,
      },
      health: {
        endpoints: [
          {
            name: 'api /health',
            url: `${api.url}/health`,
            expect: { status: 200 },
            timeoutMs: 3000,
            intervalMs: 2000,
          },
          {
            name: 'api /health/database',
            url: `${api.url}/health/database`,
            expect: { status: 200 },
            timeoutMs: 3000,
            intervalMs: 2000,
          },
          {
            name: 'api /health/redis',
            url: `${api.url}/health/redis`,
            expect: { status: 200 },
            timeoutMs: 3000,
            intervalMs: 2000,
          },
          {
            name: 'api /health/blockchain',
            url: `${api.url}/health/blockchain`,
            expect: { status: 200 },
            timeoutMs: 3000,
            intervalMs: 2000,
          },
        ],
      },
      // Detections on the drill's timeline at scenario speed (defaults at speed 1).
      incident: {
        naming: 'SEV',
        thresholds: { raiseAfterSeconds: 10 / speed, clearAfterSeconds: 30 / speed },
      },
      actions: {
        readOnly: false,
        cdn: { distributionId: DISTRIBUTION, endpoint: cdn.endpoint, region: 'us-east-1' },
      },
      ...(pgPart.pg
        ? {
            postgres: {
              url: pgPart.pg.url,
              intervalMs: 2000,
              statementTimeoutMs: 1500,
              longQuerySeconds: 30,
              idleInTransactionSeconds: Math.max(1, Math.round(10 / speed)),
            },
          }
        : {}),
      ...(redis
        ? { redis: { url: redis.url, cluster: false, intervalMs: 2000, keyPrefix: redis.prefix } }
        : {}),
    };

    const env: DemoEnv = {
      id,
      speed,
      dir,
      kubeconfig,
      context,
      kube,
      cw,
      cdn,
      chains: { primary, fallback },
      api,
      pg: pgPart.pg,
      pgHint: pgPart.hint,
      redis,
      redisHint,
      notes,
      config,
      after,
      every,
      addLogs(gen) {
        gens.add(gen);
        return () => gens.delete(gen);
      },
      addFault(rule) {
        faults.push(rule);
        return () => {
          const i = faults.indexOf(rule);
          if (i >= 0) faults.splice(i, 1);
        };
      },
      addUsage(rule) {
        usages.push(rule);
        return () => {
          const i = usages.indexOf(rule);
          if (i >= 0) usages.splice(i, 1);
        };
      },
      deployment,
      envOf,
      podsOf,
      stop,
    };
    installBaseChecks(env);
    return env;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The API's own health: ready backend pods, the database, Redis and the chain it uses. */
function installBaseChecks(env: DemoEnv): void {
  env.api.addCheck('api', () => {
    const ready = env
      .podsOf('backend')
      .filter((p) =>
        p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'),
      ).length;
    return ready > 0 ? undefined : 'no ready backend pods';
  });
  if (env.pg) {
    const url = env.pg.url;
    env.api.addCheck('database', async () => {
      const { default: pg } = await import('pg');
      const c = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: 1000,
        statement_timeout: 1000,
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
        return undefined;
      } catch (err) {
        return `database: ${errorText(err)}`;
      } finally {
        await c.end().catch(() => undefined);
      }
    });
  } else env.api.addCheck('database', () => undefined);
  if (env.redis) {
    const url = env.redis.url;
    env.api.addCheck('redis', async () => {
      const why = await redisPing(url);
      return why ? `redis: ${why}` : undefined;
    });
  }
  env.api.addCheck('blockchain', async () => {
    const dep = env.deployment('backend');
    const rpc = env.envOf(dep, 'ETH_RPC_URL') ?? env.chains.primary.url;
    const age = await headAge(rpc);
    if (age === undefined) return `blockchain: ${redactUrl(rpc)} does not answer`;
    return age > BLOCK_SECONDS * 5
      ? `blockchain: no new block for ${Math.round(age)}s on ${redactUrl(rpc)}`
      : undefined;
  });
}

/** Seconds since the latest block on an RPC endpoint (undefined when it does not answer). */
export async function headAge(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getBlockByNumber',
        params: ['latest', false],
      }),
      signal: AbortSignal.timeout(1500),
    });
    const body = (await res.json()) as { result?: { timestamp?: string } };
    const ts = Number(body.result?.timestamp);
    if (!Number.isFinite(ts)) return undefined;
    return Math.max(0, Date.now() / 1000 - ts);
  } catch {
    return undefined;
  }
}
