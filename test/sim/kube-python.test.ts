// The official Kubernetes Python client (Debian's python3-kubernetes, installed by
// scripts/ensure-python-kubernetes.sh) against the simulator: each query parameter must be
// parsed the way the API server parses it (the Python client sends `watch=True`, which Go's
// ParseBool takes). The client's script is test/sim/python/fidelity.py.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';

const run = promisify(execFile);
const NS = 'web3-marketplace';
let sim: KubeSim;
let dir: string;

beforeAll(async () => {
  // Three days old: the pods have three days of logs behind them.
  sim = await startKubeSim({ ageSeconds: 3 * 86_400 });
  dir = mkdtempSync(join(tmpdir(), 'warroom-pyk-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Python client', () => {
  it('lists, pages, selects, watches, patches, reads logs, creates and deletes as against an API server', async () => {
    const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
    const { stdout } = await run(
      '/usr/bin/python3',
      [join(import.meta.dirname, 'python', 'fidelity.py'), kubeconfig, NS],
      { timeout: 60_000, env: { ...process.env, HOME: dir } },
    );
    const out = JSON.parse(stdout);
    expect(out.all.length).toBe(7);
    expect(out.paged).toEqual(out.all);
    expect(out.pages).toBe(4);
    expect(out.label_eq).toEqual(out.all.filter((n: string) => n.startsWith('backend-')));
    expect(out.label_set).toEqual(out.label_eq);
    expect(out.field_running).toBe(7);
    expect(out.field_name).toEqual([out.all[0]]);
    expect(out.watch).toContainEqual(['ADDED', 'py-probe']);
    expect(out.conflict).toEqual([409, 'AlreadyExists']);
    expect(out.missing).toEqual([404, 'NotFound']);
    expect(out.patched_label).toBe('yes');
    expect(out.patched_annotation).toBe('yes');
    expect(out.merged).toEqual({ a: '1', b: '2' });
    expect(out.log_lines).toBe(3);
    expect(out.log_all).toBeGreaterThan(out.log_last_hour);
    expect(out.log_last_hour).toBeGreaterThan(0);
    expect(out.deleted).toBe(true);
  });

  it('booleans are parsed as Go parses them: True watches, a bad spelling is a 400 in words', async () => {
    const res = await fetch(`${sim.url}/api/v1/namespaces/${NS}/pods?watch=maybe`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/invalid value for watch: strconv.ParseBool/);
  });
});
