// `kubectl set resources` from the palette (issue 19, runbook scenario 3) against the Kubernetes
// simulator: current → new per container, the template changed, the shown command one kubectl
// accepts, a limit below its request refused in words.
import { describe, expect, it } from 'vitest';
import { operation } from '../../src/data/kubernetes/ops/set-resources.js';
import { parseQuantities, quantityValue } from '../../src/data/kubernetes/ops/set-resources.js';
import { typingConfirm, runOp, useKubeActions } from './helpers.js';

const NS = 'web3-marketplace';
const K = useKubeActions();

const go = (params: Record<string, string>, confirm = typingConfirm()) => {
  const target = operation.appliesTo({ kind: 'deployment', id: `${NS}/worker` }, K.env)!;
  return runOp(operation, target, params, K.env, { confirm });
};
const resources = () => K.sim.cluster.getDeployment(NS, 'worker').spec.template.spec.containers[0].resources;

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
    const stdout = await K.kubectl(
      NS,
      'set',
      'resources',
      'deployment/worker',
      '--limits=memory=2Gi',
      '--dry-run=server',
    );
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
