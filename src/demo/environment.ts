// The drill environment behind `warroom demo`: the Kubernetes simulator (a small marketplace
// cluster, cluster.ts), the CloudWatch Logs simulator (logs.ts), one dev chain behind two RPC
// providers (primary and fallback, rpc.ts), the CloudFront simulator with its S3 origin, the
// RDS simulator (the database's instance, rds.ts), the demo's own HTTP API
// (/health answers from real state, checks.ts), and PostgreSQL / Redis when they are reachable
// on localhost (an own database and key prefix, removed on exit; a private redis-server with
// maxmemory when the binary exists). Everything listens on 127.0.0.1 on free ports; the
// console's configuration for it is config.ts. `stop()` tears it all down and never throws.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { startCloudWatchSim, type CloudWatchSim } from '../sim/cloudwatch/index.js';
import { startCloudFrontSim, type CloudFrontSim } from '../sim/cloudfront.js';
import { startRdsSim, type RdsSim } from '../sim/rds/index.js';
import { startS3OriginSim, type S3OriginSim } from '../sim/s3-origin.js';
import { startDevChain } from '../sim/chain/index.js';
import { startKubeSim, type KubeSim } from '../sim/kube/index.js';
import { errorText, redactUrl } from '../util/redact.js';
import { log } from '../util/log.js';
import { startDemoApi, type DemoApi } from './api.js';
import { installBaseChecks } from './checks.js';
import { NAMESPACE, populate, scenarioRules, type ScenarioRules } from './cluster.js';
import { BLOCK_SECONDS, BUCKET, CONTEXT, DISTRIBUTION, LOG_GROUP, demoConfig } from './config.js';
import { populateRds } from './rds.js';
import { startLogFeeds } from './logs.js';
import { dropPostgres, setupPostgres, type DemoPostgres } from './postgres.js';
import { deletePrefix, redisPing, type DemoRedis } from './redis.js';
import { MAXMEMORY, startPrivateRedis, stopPrivateRedis } from './redis-server.js';
import { startRpcEndpoint, type RpcEndpoint } from './rpc.js';
import { timers, type Timers } from './timers.js';

export { NAMESPACE, GOOD_BACKEND } from './cluster.js';
export { LOG_GROUP, DISTRIBUTION, BLOCK_SECONDS, RDS_INSTANCE, BUCKET } from './config.js';
export type { PodLogs } from './logs.js';
export type { DemoPostgres } from './postgres.js';
export type { DemoRedis } from './redis.js';

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

export interface DemoEnv extends Pick<Timers, 'after' | 'every'>, Omit<ScenarioRules, 'lines'> {
  id: string;
  speed: number;
  dir: string;
  kubeconfig: string;
  context: string;
  kube: KubeSim;
  cw: CloudWatchSim;
  cdn: CloudFrontSim;
  /** The RDS instance behind the drill's database, and the S3 bucket behind the distribution. */
  rds: RdsSim;
  s3: S3OriginSim;
  /** The two RPC providers in front of the dev chain (the backend uses primary). */
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

function drillId(o: DemoOptions): string {
  return (
    (o.id ?? process.env.WARROOM_DEMO_ID ?? randomBytes(3).toString('hex'))
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 16) || 'demo'
  );
}

export function envOf(obj: any, name: string): string | undefined {
  const spec = obj?.spec?.template?.spec ?? obj?.spec;
  const e = (spec?.containers?.[0]?.env ?? []).find((x: any) => x.name === name);
  return e?.value;
}

/** The shared Redis (no maxmemory) when there is no private one, or why there is none. */
async function sharedRedis(
  o: DemoOptions,
  prefix: string,
): Promise<{ redis?: DemoRedis; hint?: string; note?: string }> {
  const shared =
    o.redisUrl === null ? undefined : (o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const why = shared ? await redisPing(shared) : 'not configured';
  if (shared && why === undefined)
    return {
      redis: { url: shared, prefix, private: false },
      note: 'redis-server not found: the drill uses the shared Redis without maxmemory, so the Redis scenario cannot evict',
    };
  return {
    hint: `a Redis the drill can reach: start redis-server on 127.0.0.1:6379 or set REDIS_URL, then run \`warroom demo\` again${shared ? ` (${redactUrl(shared)}: ${why})` : ''}`,
  };
}

export async function startDemoEnv(o: DemoOptions = {}): Promise<DemoEnv> {
  const speed = o.speed ?? demoSpeed();
  const id = drillId(o);
  const dir = mkdtempSync(join(tmpdir(), 'warroom-demo-'));
  const clock = timers(speed);
  const closers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    clock.clear();
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
    // Everything starts at once (the database takes the longest); each part registers its
    // teardown before it is awaited, so a failure anywhere cleans up all.
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
    closers.push(async () => stopPrivateRedis(await privP));
    // One chain (the network) behind two RPC providers that can stall independently.
    const networkP = startDevChain({ blockTimeSeconds: BLOCK_SECONDS, chainId: 1337 });
    closers.push(async () => (await networkP).close());
    const kube = await startKubeSim({ empty: true, tickMs: Math.max(50, Math.round(1000 / speed)), seed: 7 });
    closers.push(() => kube.close());
    const cw = await startCloudWatchSim({ region: 'us-east-1' });
    closers.push(() => cw.close());
    const cdn = await startCloudFrontSim({ distributions: [DISTRIBUTION] });
    closers.push(() => cdn.close());
    const rds = await startRdsSim({ region: 'us-east-1' });
    closers.push(() => rds.close());
    populateRds(rds);
    const s3 = await startS3OriginSim({
      bucket: BUCKET,
      objects: { 'index.html': '<!doctype html><title>LinkDAO</title><div id="root"></div>' },
    });
    closers.push(() => s3.close());
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
    const prefix = `warroom-demo:${id}:`;
    const priv = await privP;
    const redisPart = priv
      ? { redis: { url: priv.url, prefix, private: true, maxmemoryBytes: MAXMEMORY } }
      : await sharedRedis(o, prefix);
    if (redisPart.note) notes.push(redisPart.note);
    const redis = redisPart.redis;
    if (redis) closers.push(() => deletePrefix(redis.url, redis.prefix));

    // The cluster, its logs, faults and usage.
    populate(kube, {
      primaryRpc: primary.url,
      fallbackRpc: fallback.url,
      redis,
      pgUrl: pgPart.pg?.url,
    });
    const rules = scenarioRules(kube);
    closers.push(
      startLogFeeds(kube, cw, {
        namespace: NAMESPACE,
        group: LOG_GROUP,
        ingressGroup: `${LOG_GROUP}-ingress`,
        scenarioLines: rules.lines,
        every: clock.every,
      }),
    );
    const kubeconfig = kube.writeKubeconfig(join(dir, 'kubeconfig'), {
      context: CONTEXT,
      namespace: NAMESPACE,
    });
    const api = await startDemoApi();
    closers.push(() => api.close());

    const env: DemoEnv = {
      id,
      speed,
      dir,
      kubeconfig,
      context: CONTEXT,
      kube,
      cw,
      cdn,
      rds,
      s3,
      chains: { primary, fallback },
      api,
      pg: pgPart.pg,
      pgHint: pgPart.hint,
      redis,
      redisHint: redisPart.hint,
      notes,
      config: demoConfig({
        speed,
        kubeconfig,
        namespace: NAMESPACE,
        deployments: ['backend', 'frontend', 'worker'],
        cloudwatch: cw.endpoint,
        cloudfront: cdn.endpoint,
        rds: rds.endpoint,
        s3Index: s3.objectUrl('index.html'),
        chains: { primary: primary.url, fallback: fallback.url },
        api: api.url,
        pgUrl: pgPart.pg?.url,
        redis,
      }),
      after: clock.after,
      every: clock.every,
      addLogs: rules.addLogs,
      addFault: rules.addFault,
      addUsage: rules.addUsage,
      addExitLogs: rules.addExitLogs,
      deployment: (name) => kube.cluster.getDeployment(NAMESPACE, name),
      envOf,
      podsOf: (name) =>
        kube.cluster
          .listPods(NAMESPACE)
          .filter((p) => p.metadata.labels?.app === name && !p.metadata.deletionTimestamp),
      stop,
    };
    installBaseChecks(env);
    return env;
  } catch (err) {
    await stop();
    throw err;
  }
}
