// `kubectl set resources` from the palette (issue 19, runbook scenario 3) against the Kubernetes
// simulator: current → new per container, the template changed, the shown command one kubectl
// accepts, a limit below its request refused in words.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation } from '../../src/data/kubernetes/ops/set-resources.js';
import { parseQuantities, quantityValue } from '../../src/data/kubernetes/ops/set-resources.js';
import type { ActionEnv } from '../../src/ops/operation.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { envFor, typingConfirm, runOp } from './helpers.js';

const run = promisify(execFile);
const NS = 'web3-marketplace';
let sim: KubeSim;
let dir: string;
let kubeconfig: string;
let env: ActionEnv;

beforeAll(async () => {
  sim = await startKubeSim({ tickMs: 50 });
  dir = mkdtempSync(join(tmpdir(), 'warroom-resources-'));
  kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
  env = envFor({ kubernetes: { context: 'warroom-sim' } }, { kubeconfigPath: kubeconfig });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const go = (params: Record<string, string>, confirm = typingConfirm()) => {
  const target = operation.appliesTo({ kind: 'deployment', id: `${NS}/worker` }, env)!;
  return runOp(operation, target, params, env, { confirm });
};
const resources = () => sim.cluster.getDeployment(NS, 'worker').spec.template.spec.containers[0].resources;

describe('set resources', () => {
  it('quantities: parsed and compared as the API server does', () => {
    expect(parseQuantities('memory=1Gi,cpu=500m').values).toEqual({ memory: '1Gi', cpu: '500m' });
    expect(parseQuantities('memory=lots').error).toMatch(/not a quantity/);
    expect(parseQuantities('disk=1Gi').error).toMatch(/expected cpu=/);
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue('512Mi')! < quantityValue('1G')!).toBe(true);
  });

  it('raises the memory limit: preview current → new, the template changes, the pods roll', async () => {
    const before = structuredClone(resources() ?? {});
    const c = typingConfirm();
    const res = await go({ limits: 'memory=1Gi', requests: '', container: '' }, c);
    expect(res.outcome, res.detail).toBe('succeeded');
    const plan = c.asked[0]!.plan;
    expect(plan.impact[0]).toMatch(/^worker: limits .* → .*memory=1Gi/);
    expect(plan.command).toBe(
      `kubectl --context warroom-sim -n ${NS} set resources deployment/worker --limits=memory=1Gi`,
    );
    expect(resources().limits.memory).toBe('1Gi');
    if (before.limits?.cpu) expect(resources().limits.cpu).toBe(before.limits.cpu); // others kept
  });

  it('the shown command is one kubectl accepts (server dry run)', async () => {
    const { stdout } = await run('kubectl', [
      '--kubeconfig',
      kubeconfig,
      '--context',
      'warroom-sim',
      '-n',
      NS,
      'set',
      'resources',
      'deployment/worker',
      '--limits=memory=2Gi',
      '--dry-run=server',
    ]);
    expect(stdout).toMatch(/resource requirements updated \(server dry run\)/);
    expect(resources().limits.memory).toBe('1Gi');
  });

  it('a limit below its request, and a container that is not there, are refused in words', async () => {
    const low = await go({ limits: 'memory=1Mi', requests: 'memory=64Mi', container: '' });
    expect(low.outcome).not.toBe('succeeded');
    expect(low.detail).toMatch(/memory limit 1Mi would be below its request 64Mi/);
    const none = await go({ limits: 'memory=1Gi', requests: '', container: 'sidecar' });
    expect(none.outcome).not.toBe('succeeded');
    expect(none.detail).toMatch(/container sidecar is not in worker/);
    expect(resources().limits.memory).toBe('1Gi');
  });
});
