// `warroom doctor` against the Kubernetes simulator (with RBAC denials), the real PostgreSQL
// and Redis, an unreachable PostgreSQL, and the built binary's exit status and table.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { runDoctor } from '../../src/doctor/index.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { REDIS_URL } from '../helpers/redis.js';
import { WARROOM } from '../helpers/tmux.js';

const run = promisify(execFile);
let sim: KubeSim;
let db: TestDb;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  sim = await startKubeSim();
  db = await createTestDb('warroom_doctor');
  dir = mkdtempSync(join(tmpdir(), 'warroom-doctor-'));
  kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'), { context: 'sim' });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const cfg = (extra: object) =>
  configSchema.parse({
    kubernetes: { kubeconfig, context: 'sim', namespaces: ['web3-marketplace'], deployments: ['backend'] },
    postgres: { url: db.url },
    redis: { url: REDIS_URL },
    ...extra,
  });

describe('warroom doctor', () => {
  it('all green against the simulator and the real servers; the dry run changes nothing', async () => {
    // SelfSubjectAccessReviews are questions, not changes.
    const changes = () => sim.mutations().filter((m) => !/accessreview/i.test(m.resource ?? ''));
    const before = changes().length;
    const results = await runDoctor(cfg({}));
    const failed = results.filter((r) => r.level === 'fail');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(results.find((r) => r.check === 'reach + authenticate' && r.backend === 'kubernetes')?.level).toBe(
      'ok',
    );
    expect(results.find((r) => r.check.startsWith('dry run: rollout restart'))?.level).toBe('ok');
    expect(
      results.find((r) => r.backend === 'postgres' && r.check === 'visibility (pg_monitor)')?.level,
    ).toBe('ok');
    expect(results.find((r) => r.backend === 'redis' && r.check === 'INFO')?.level).toBe('ok');
    expect(changes().length).toBe(before);
  });

  it('names RBAC denials with how to fix them, and fails', async () => {
    sim.deny('delete', 'pods');
    sim.deny('list', 'events');
    try {
      const results = await runDoctor(cfg({}));
      const del = results.find((r) => r.check === 'RBAC delete pods in web3-marketplace');
      expect(del).toMatchObject({ level: 'fail', detail: 'denied', required: true });
      expect(del?.fix).toContain("grant 'delete' on 'pods'");
      expect(results.find((r) => r.check === 'RBAC list events in web3-marketplace')?.level).toBe('fail');
      // read-only: action permissions are not required
      const ro = await runDoctor(cfg({ actions: { readOnly: true } }));
      expect(ro.find((r) => r.check === 'RBAC delete pods in web3-marketplace')?.level).toBe('warn');
    } finally {
      sim.allowAll();
    }
  });

  it('an unreachable PostgreSQL fails in words, secrets redacted; exit status 1 from the binary', async () => {
    const bad = cfg({ postgres: { url: 'postgres://monitor:hunter2@127.0.0.1:1/app' } });
    const results = await runDoctor(bad);
    const pg = results.find((r) => r.backend === 'postgres')!;
    expect(pg.level).toBe('fail');
    expect(pg.detail).toMatch(/refused|connect/i);
    expect(JSON.stringify(results)).not.toContain('hunter2');

    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `postgres: { url: "postgres://monitor:hunter2@127.0.0.1:1/app" }\nredis: { url: "${REDIS_URL}" }\n`,
    );
    const err = await run(process.execPath, [WARROOM, 'doctor', '--config', file]).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    const out = (err as { stdout: string }).stdout;
    expect(out).toMatch(/postgres\s+reach \+ authenticate\s+✖ FAIL/);
    expect(out).toMatch(/redis\s+reach \+ authenticate\s+✔ ok/);
    expect(out).toContain('required check(s) failed');
    expect(out).not.toContain('hunter2');
  });
});
