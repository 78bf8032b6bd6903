// Rolling updates honour maxSurge and maxUnavailable: a deployment rolled three times in a row
// (three `kubectl set env`, one after the other) is watched pod by pod over the wire with
// @kubernetes/client-node's Watch; at no event do more than replicas + maxSurge pods run (not
// counting terminating ones, as the controller does) nor fewer than replicas − maxUnavailable
// stay available. The rollout ends on the third template with no old pod left.
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'rollouts';

const ready = (p: any) =>
  !p.metadata.deletionTimestamp &&
  !!p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
const envOf = (p: any) => p.spec?.containers?.[0]?.env?.find((e: any) => e.name === 'ROLL')?.value;

let env: KubeTestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const CASES = [
  {
    name: 'the defaults (25%: maxSurge 1, maxUnavailable 0 of 3)',
    strategy: undefined,
    surge: 1,
    unavailable: 0,
  },
  {
    name: 'maxSurge 0, maxUnavailable 1',
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    surge: 0,
    unavailable: 1,
  },
  {
    name: 'maxSurge 2, maxUnavailable 50% (1 of 3)',
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '50%' } },
    surge: 2,
    unavailable: 1,
  },
];

/**
 * A simulator with one deployment whose pods are all ready; then a watch of its pods from the
 * list's resourceVersion, `onChange` called with every pod after each event.
 */
async function rolledOut(
  name: string,
  opts: { replicas: number; strategy?: unknown },
  onChange: (pods: any[]) => void,
): Promise<{ e: KubeTestEnv; pods: Map<string, any>; stop: () => void }> {
  env = await startKubeEnv({ tickMs: 40, empty: true });
  const e = env;
  e.sim.cluster.createDeployment(NS, name, {
    replicas: opts.replicas,
    image: `${name}:1`,
    ...(opts.strategy ? { strategy: opts.strategy } : {}),
  });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(e.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await waitFor(
    async () => (await core.listNamespacedPod({ namespace: NS })).items,
    (ps) => ps.length === opts.replicas && ps.every(ready),
    { what: `${opts.replicas} ready pods before the rollouts`, timeoutMs: 30_000 },
  );
  const list = await core.listNamespacedPod({ namespace: NS });
  const pods = new Map<string, any>(list.items.map((p) => [p.metadata!.name!, p]));
  const req = await new k8s.Watch(kc).watch(
    `/api/v1/namespaces/${NS}/pods`,
    { resourceVersion: list.metadata!.resourceVersion },
    (type, obj: any) => {
      if (type === 'DELETED') pods.delete(obj.metadata.name);
      else if (type === 'ADDED' || type === 'MODIFIED') pods.set(obj.metadata.name, obj);
      else return;
      onChange([...pods.values()]);
    },
    () => undefined,
  );
  return { e, pods, stop: () => req.abort() };
}

describe('rolling updates over the wire', () => {
  for (const c of CASES) {
    it(`three rollouts in a row stay within maxSurge and maxUnavailable: ${c.name}`, async () => {
      let maxRunning = 0;
      let minAvailable = Infinity;
      let events = 0;
      const seen = new Set<string>();
      const { e, pods, stop } = await rolledOut('api', { replicas: 3, strategy: c.strategy }, (all) => {
        events++;
        for (const p of all) seen.add(p.metadata.name);
        maxRunning = Math.max(maxRunning, all.filter((p) => !p.metadata.deletionTimestamp).length);
        minAvailable = Math.min(minAvailable, all.filter(ready).length);
      });
      try {
        for (const n of ['1', '2', '3']) {
          const r = await e.kubectl(['set', 'env', '-n', NS, 'deployment/api', `ROLL=${n}`]);
          expect(r.code, r.stderr).toBe(0);
        }
        await waitFor(
          () => [...pods.values()],
          (ps) => ps.length === 3 && ps.every((p) => ready(p) && envOf(p) === '3'),
          { what: 'three ready pods of the third template, nothing else', timeoutMs: 60_000 },
        );
        const status = (await e.kubectl(['rollout', 'status', '-n', NS, 'deployment/api', '--timeout=30s']))
          .stdout;
        expect(status).toContain('successfully rolled out');
      } finally {
        stop();
      }
      expect(events).toBeGreaterThan(10);
      expect(seen.size).toBeGreaterThan(6);
      expect(maxRunning).toBeLessThanOrEqual(3 + c.surge);
      expect(minAvailable).toBeGreaterThanOrEqual(3 - c.unavailable);
    });
  }

  it('Recreate: every old pod is gone before a new one is created', async () => {
    let mixed = false;
    const { e, pods, stop } = await rolledOut(
      'db-migrator',
      { replicas: 2, strategy: { type: 'Recreate' } },
      (all) => {
        if (new Set(all.map(envOf)).size > 1) mixed = true;
      },
    );
    try {
      expect((await e.kubectl(['set', 'env', '-n', NS, 'deployment/db-migrator', 'ROLL=1'])).code).toBe(0);
      await waitFor(
        () => [...pods.values()],
        (ps) => ps.length === 2 && ps.every((p) => ready(p) && envOf(p) === '1'),
        { what: 'two ready pods of the new template', timeoutMs: 60_000 },
      );
    } finally {
      stop();
    }
    expect(mixed).toBe(false);
  });
});
