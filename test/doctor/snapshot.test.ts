// `warroom snapshot --json` against the Kubernetes simulator and the real PostgreSQL and
// Redis, validated against the published schema; and as text.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../src/commands/snapshot-schema.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { REDIS_URL } from '../helpers/redis.js';
import { WARROOM } from '../helpers/tmux.js';

const run = promisify(execFile);
let sim: KubeSim;
let db: TestDb;
let dir: string;
let file: string;

beforeAll(async () => {
  sim = await startKubeSim();
  db = await createTestDb('warroom_snap');
  dir = mkdtempSync(join(tmpdir(), 'warroom-snap-'));
  const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'), { context: 'sim' });
  file = join(dir, 'warroom.yaml');
  const pgUrl = new URL(db.url);
  pgUrl.password = 'not-a-real-secret';
  writeFileSync(
    file,
    [
      `kubernetes: { kubeconfig: "${kubeconfig}", context: sim, namespaces: [web3-marketplace] }`,
      `postgres: { url: "${db.url}" }`,
      `redis: { url: "${REDIS_URL}" }`,
      `health: { endpoints: [{ name: api, url: "http://127.0.0.1:9/health?token=abc" }] }`,
    ].join('\n') + '\n',
  );
});
afterAll(async () => {
  await sim.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('warroom snapshot', () => {
  it('--json: valid against the schema, one read of every source, secrets redacted', async () => {
    const { stdout } = await run(process.execPath, [WARROOM, 'snapshot', '--json', '--config', file], {
      timeout: 30_000,
    }).catch((e: { stdout: string }) => e);
    const snap = snapshotSchema.parse(JSON.parse(stdout));
    expect(snap.context).toBe('sim');
    expect(snap.sources['k8s.pods']?.status).toBe('ok');
    expect(JSON.stringify(snap.sources['k8s.pods']?.data)).toContain('backend');
    expect(snap.sources.postgres?.status).toBe('ok');
    expect(snap.sources.redis?.status).toBe('ok');
    expect(snap.sources.chain?.status).toBe('unconfigured');
    expect(snap.sources.chain?.hint).toContain('chain.endpoints');
    expect(stdout).not.toContain('token=abc');
    // The published JSON Schema is the zod schema's.
    const published = JSON.parse(readFileSync('docs/snapshot.schema.json', 'utf8'));
    expect(Object.keys(published.properties)).toEqual(Object.keys(snapshotSchema.shape));
  });

  it('text: a status line per source', async () => {
    const { stdout } = await run(process.execPath, [WARROOM, 'snapshot', '--config', file], {
      timeout: 30_000,
    }).catch((e: { stdout: string }) => e);
    expect(stdout).toMatch(/^== k8s\.pods: OK/m);
    expect(stdout).toMatch(/^== postgres: OK/m);
    expect(stdout).toMatch(/^== chain: UNCONFIGURED · enable with chain\.endpoints/m);
  });
});
