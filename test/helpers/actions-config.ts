// The console configuration the action tests run against: the Kubernetes simulator (with a
// maintenance manifest and a ConfigMap), a test database, a private Redis and the CloudFront
// simulator. Shared by the actions end-to-end test and the keystroke fuzz test: the backends
// for a whole test file, and the console on them in tmux.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './pg.js';
import { startPrivateRedis, type PrivateRedis } from './redis.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { startCloudFrontSim, type CloudFrontSim } from '../../src/sim/cloudfront.js';
import type pg from 'pg';
import { Tmux, warroomCmd } from './tmux.js';

export const ACTIONS_NS = 'web3-marketplace';
export const ACTIONS_DIST = 'E2SIMDIST0001';

export function writeActionsConfig(
  dir: string,
  o: { kubeconfig: string; pgUrl: string; redisUrl: string; cdnEndpoint: string },
): string {
  const manifest = join(dir, 'maintenance.yaml');
  writeFileSync(
    manifest,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: maintenance-page\n  namespace: ${ACTIONS_NS}\ndata:\n  enabled: "true"\n`,
  );
  const cfg = join(dir, 'warroom.yaml');
  writeFileSync(
    cfg,
    [
      'kubernetes:',
      `  kubeconfig: ${o.kubeconfig}`,
      `  namespaces: [${ACTIONS_NS}]`,
      `  maintenanceManifest: ${manifest}`,
      `  configMap: ${ACTIONS_NS}/app-config`,
      'postgres:',
      `  url: ${o.pgUrl}`,
      '  longQuerySeconds: 1',
      '  idleInTransactionSeconds: 1',
      'redis:',
      `  url: ${o.redisUrl}/0`,
      '  keyPrefix: "cache:"',
      'actions:',
      '  scale: { min: 0, max: 10 }',
      '  cdn:',
      `    distributionId: ${ACTIONS_DIST}`,
      `    endpoint: ${o.cdnEndpoint}`,
      '    region: us-east-1',
      '',
    ].join('\n'),
  );
  return cfg;
}

export interface ActionsBackends {
  sim: KubeSim;
  cf: CloudFrontSim;
  db: TestDb;
  redis: PrivateRedis;
  /** Postgres clients the test opened (app sessions); ended by close(). */
  pgClients: pg.Client[];
  close(): Promise<void>;
}

/** Every backend the action tests act on, started together; close() stops them all. */
export async function startActionsBackends(o: { tickMs: number; dbName: string }): Promise<ActionsBackends> {
  const [sim, cf, db, redis] = await Promise.all([
    startKubeSim({ tickMs: o.tickMs }),
    startCloudFrontSim({ distributions: [ACTIONS_DIST] }),
    createTestDb(o.dbName),
    startPrivateRedis(),
  ]);
  const pgClients: pg.Client[] = [];
  return {
    sim,
    cf,
    db,
    redis,
    pgClients,
    async close() {
      for (const c of pgClients) await c.end().catch(() => undefined);
      await Promise.all([sim.close(), cf.close(), db.drop(), redis.stop()]);
    },
  };
}

/** The simulator's mutations, without the access reviews every console makes at start. */
export const kubeMutations = (sim: KubeSim) =>
  sim.mutations().filter((r) => !/accessreviews$/.test(r.resource ?? ''));

/**
 * The backends for the tests of one file: started before them, closed after them (`cleanup`
 * first, e.g. killing the file's console). The object is filled in by the file's beforeAll.
 */
export function useActionsBackends(
  o: { tickMs: number; dbName: string },
  cleanup: () => void,
): ActionsBackends {
  const backends = {} as ActionsBackends;
  beforeAll(async () => {
    Object.assign(backends, await startActionsBackends(o));
  });
  afterAll(async () => {
    cleanup();
    await backends.close?.();
  });
  return backends;
}

/** The console on the backends (writeActionsConfig) in tmux, once it shows the deployments. */
export async function startActionsConsole(
  b: ActionsBackends,
  o: { cols: number; rows: number; extra?: string },
): Promise<Tmux> {
  const t = await Tmux.start({
    cols: o.cols,
    rows: o.rows,
    env: { AWS_ACCESS_KEY_ID: 'AKIASIM', AWS_SECRET_ACCESS_KEY: 'sim', AWS_REGION: 'us-east-1' },
  });
  const kc = b.sim.writeKubeconfig(join(t.home, 'kubeconfig'), { context: 'sim-prod' });
  const cfg = writeActionsConfig(t.home, {
    kubeconfig: kc,
    pgUrl: b.db.url,
    redisUrl: b.redis.url,
    cdnEndpoint: b.cf.endpoint,
  });
  t.run(`${warroomCmd(`--config ${cfg} ${o.extra ?? ''}`)}; echo "exit=$?"`);
  await t.waitFor((s) => s.includes('Deployments') && /backend\s+\d+\/\d+/.test(s), {
    what: 'console with deployments',
    timeoutMs: 20_000,
  });
  return t;
}
