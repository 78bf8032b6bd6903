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

describe('rolling updates over the wire', () => {
  for (const c of CASES) {
    it(`three rollouts in a row stay within maxSurge and maxUnavailable: ${c.name}`, async () => {
      env = await startKubeEnv({ tickMs: 40, empty: true });
      const e = env;
      e.sim.cluster.createDeployment(NS, 'api', {
        replicas: 3,
        image: 'api:1',
        ...(c.strategy ? { strategy: c.strategy } : {}),
      });
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(e.kubeconfig);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await waitFor(
        async () => (await core.listNamespacedPod({ namespace: NS })).items,
        (ps) => ps.length === 3 && ps.every(ready),
        { what: 'three ready pods before the rollouts', timeoutMs: 30_000 },
      );
      const list = await core.listNamespacedPod({ namespace: NS });
      const pods = new Map<string, any>(list.items.map((p) => [p.metadata!.name!, p]));
      let maxRunning = 0;
      let minAvailable = Infinity;
      let events = 0;
      const seen = new Set<string>();
      const watch = new k8s.Watch(kc);
      const req = await watch.watch(
        `/api/v1/namespaces/${NS}/pods`,
        { resourceVersion: list.metadata!.resourceVersion },
        (type, obj: any) => {
          events++;
          if (type === 'DELETED') pods.delete(obj.metadata.name);
          else if (type === 'ADDED' || type === 'MODIFIED') pods.set(obj.metadata.name, obj);
          seen.add(obj.metadata.name);
          const all = [...pods.values()];
          maxRunning = Math.max(maxRunning, all.filter((p) => !p.metadata.deletionTimestamp).length);
          minAvailable = Math.min(minAvailable, all.filter(ready).length);
        },
        () => undefined,
      );
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
        req.abort();
      }
      expect(events).toBeGreaterThan(10);
      expect(seen.size).toBeGreaterThan(6);
      expect(maxRunning).toBeLessThanOrEqual(3 + c.surge);
      expect(minAvailable).toBeGreaterThanOrEqual(3 - c.unavailable);
    });
  }

  it('Recreate: every old pod is gone before a new one is created', async () => {
    env = await startKubeEnv({ tickMs: 40, empty: true });
    const e = env;
    e.sim.cluster.createDeployment(NS, 'db-migrator', {
      replicas: 2,
      image: 'm:1',
      strategy: { type: 'Recreate' },
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(e.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await waitFor(
      async () => (await core.listNamespacedPod({ namespace: NS })).items,
      (ps) => ps.length === 2 && ps.every(ready),
      { what: 'two ready pods', timeoutMs: 30_000 },
    );
    const list = await core.listNamespacedPod({ namespace: NS });
    const pods = new Map<string, any>(list.items.map((p) => [p.metadata!.name!, p]));
    let mixed = false;
    const req = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${NS}/pods`,
      { resourceVersion: list.metadata!.resourceVersion },
      (type, obj: any) => {
        if (type === 'DELETED') pods.delete(obj.metadata.name);
        else pods.set(obj.metadata.name, obj);
        const envs = new Set([...pods.values()].map(envOf));
        if (envs.size > 1) mixed = true;
      },
      () => undefined,
    );
    try {
      expect((await e.kubectl(['set', 'env', '-n', NS, 'deployment/db-migrator', 'ROLL=1'])).code).toBe(0);
      await waitFor(
        () => [...pods.values()],
        (ps) => ps.length === 2 && ps.every((p) => ready(p) && envOf(p) === '1'),
        { what: 'two ready pods of the new template', timeoutMs: 60_000 },
      );
    } finally {
      req.abort();
    }
    expect(mixed).toBe(false);
  });
});
