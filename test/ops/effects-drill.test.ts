// The effect of an action, measured on the drill environment (the Kubernetes simulator, the
// demo API's health endpoints, the pods' logs) through the console's own sources and store:
// in bad-deploy, rolling back the backend is effective (rollout complete, pods ready, restarts
// stopped, errors gone, health up); scaling the worker, which is not the fault, shows no
// improvement at its (short) deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACE } from '../../src/demo/environment.js';
import { operation as undo } from '../../src/data/kubernetes/ops/undo.js';
import { operation as scale } from '../../src/data/kubernetes/ops/scale.js';
import type { Operation } from '../../src/ops/operation.js';
import type { HealthData } from '../../src/data/health/source.js';
import type { PodsData } from '../../src/data/kubernetes/types.js';
import { podStatus } from '../../src/data/kubernetes/status.js';
import { waitFor } from '../helpers/wait.js';
import { clusterChanges, newSinceRollout } from '../../src/incident/changes.js';
import type { DeploymentsData } from '../../src/data/kubernetes/types.js';
import { LOGS_K8S, type LogsSnapshot } from '../../src/data/logs/types.js';
import { startDrill, type Drill } from '../helpers/drill.js';

let d: Drill | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});

async function drill(effect: { settle: number; deadline: number }): Promise<Drill> {
  d = await startDrill('bad-deploy', {
    ...effect,
    demo: { postgresUrl: null, redisUrl: null, privateRedis: false },
  });
  const store = d.store;
  // The fault, as the panes see it: backend pods crash-looping and an API health check down.
  await waitFor(
    () => (store.getState().sources['k8s.pods']?.data as PodsData | undefined)?.pods ?? [],
    (pods) =>
      pods.some(
        (p) => p.metadata?.name?.startsWith('backend-') && podStatus(p).reason === 'CrashLoopBackOff',
      ),
    { what: 'a backend pod in CrashLoopBackOff in the store', timeoutMs: 30_000 },
  );
  await waitFor(
    () => (store.getState().sources['health']?.data as HealthData | undefined)?.endpoints ?? [],
    (eps) => eps.some((e) => !e.up),
    { what: 'an API health check down in the store', timeoutMs: 30_000 },
  );
  return d;
}

async function act(op: Operation, dr: Drill, deployment: string, params: Record<string, string>) {
  const res = await dr.act(op, { kind: 'deployment', id: `${NAMESPACE}/${deployment}` }, params);
  expect(res.outcome, res.detail).toBe('succeeded');
  expect(res.effect, 'an effect is followed').toBeDefined();
  return res;
}

describe('the effect of an action in the bad-deploy drill', () => {
  it('rollout undo of the backend is effective, with before → after figures', async () => {
    const dr = await drill({ settle: 2, deadline: 60 });
    const store = dr.store;
    // What changed, read from the cluster: the backend's revision 2 with its image and cause, and
    // the crash's error group new since that rollout.
    const changes = clusterChanges(store.getState().sources['k8s.deployments']!.data as DeploymentsData);
    const rev2 = changes.find((c) => c.deployment === 'backend' && c.revision === 2);
    expect(rev2?.what).toBe(
      'image ghcr.io/web3-marketplace/backend:1.8.2 → ghcr.io/web3-marketplace/backend:1.9.0',
    );
    expect(rev2?.changeCause).toBe('deploy backend 1.9.0 (price feed config refactor)');
    const group = await waitFor(
      () =>
        ((store.getState().sources[LOGS_K8S]?.data as LogsSnapshot | undefined)?.view.groups(20) ?? []).find(
          (g) => /priceFeeds/.test(g.sample),
        ),
      (g) => !!g,
      { what: 'the crash as an error group', timeoutMs: 20_000 },
    );
    expect(newSinceRollout(group!, changes)?.text).toMatch(
      /^new since the latest rollout: first seen \d+ s after backend revision 2$/,
    );
    const res = await act(undo, dr, 'backend', { revision: '0' });
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('effective');
    expect(r.settled).toBe(true);
    expect(r.record).toBe(res.record);
    const by = Object.fromEntries(r.signals.map((s) => [s.signal, s]));
    expect(by.rollout?.ok).toBe(true);
    expect(by.ready?.after).toMatch(/^(\d+)\/\1$/);
    expect(by.restarts?.wasOk).toBe(false);
    expect(by.restarts?.after).toBe('none new');
    expect(by.health?.wasOk).toBe(false);
    expect(by.health?.ok).toBe(true);
    expect(r.text).toMatch(/^rollout-undo backend: /);
    expect(r.text).toMatch(/health \d+\/\d+ up \(down: [^)]+\) → (\d+)\/\1 up within \d+ s/);
    await waitFor(
      () => dr.written.length,
      (n) => n === 1,
      { what: 'the effect written to the sink' },
    );
  });

  it('scaling the worker (not the fault) shows no improvement at the deadline', async () => {
    const dr = await drill({ settle: 2, deadline: 6 });
    const res = await act(scale, dr, 'worker', { replicas: '3' });
    const r = await res.effect!;
    expect(r.verdict, r.text).toBe('no improvement');
    expect(r.settled).toBe(false);
    expect(r.text).toMatch(/health still \d+\/\d+ up \(down: /);
  });
});
