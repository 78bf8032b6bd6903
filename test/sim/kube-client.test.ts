// @kubernetes/client-node (what the console uses) against the simulator: typed lists, a raw
// watch that sees changes and notices a dropped stream, an informer that relists after 410,
// metrics, logs, and bearer-token auth over TLS.
import * as k8s from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSimWithConfig } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
let env: Awaited<ReturnType<typeof startKubeSimWithConfig>> | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

function config(path: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

describe('@kubernetes/client-node against the simulator', () => {
  it('lists pods, deployments and nodes with typed clients', async () => {
    env = await startKubeSimWithConfig({ tickMs: 3_600_000 });
    const kc = config(env.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const pods = await core.listNamespacedPod({ namespace: NS });
    expect(pods.items).toHaveLength(7);
    expect(pods.items[0]!.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBeInstanceOf(Date);
    const all = await core.listPodForAllNamespaces({ labelSelector: 'app in (backend,frontend)' });
    expect(all.items).toHaveLength(5);
    const deps = await apps.listNamespacedDeployment({ namespace: NS });
    expect(deps.items.map((d) => d.metadata?.name).sort()).toEqual(['backend', 'frontend', 'worker']);
    const rs = await apps.listNamespacedReplicaSet({ namespace: NS });
    expect(
      rs.items.every((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1'),
    ).toBe(true);
    expect((await core.listNode()).items).toHaveLength(3);
    const err = await core.readNamespacedPod({ namespace: NS, name: 'missing' }).catch((e) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body).reason).toBe('NotFound');
  });

  it('watches from the list resourceVersion, sees changes, and notices a dropped watch', async () => {
    env = await startKubeSimWithConfig({ tickMs: 100 });
    const kc = config(env.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: NS });
    const events: { type: string; name: string }[] = [];
    let doneErr: unknown = 'not done';
    await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${NS}/pods`,
      { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true },
      (type, obj) => events.push({ type, name: obj.metadata?.name }),
      (err) => (doneErr = err ?? null),
    );
    const victim = list.items.find((p) => p.metadata?.labels?.app === 'worker')!.metadata!.name!;
    await core.deleteNamespacedPod({ namespace: NS, name: victim });
    await waitFor(
      () => events,
      (e) =>
        e.some((x) => x.type === 'DELETED' && x.name === victim) &&
        e.some((x) => x.type === 'ADDED' && x.name !== victim),
      { what: 'the deletion and its replacement' },
    );
    expect(doneErr).toBe('not done');
    env.sim.dropWatches();
    await waitFor(
      () => doneErr,
      (e) => e !== 'not done',
      { what: 'the watch to end' },
    );
    expect(doneErr).toBeTruthy();
    expect(env.sim.openStreams()).toBe(0);
  });

  it('an informer keeps its cache, and relists after 410 Gone', async () => {
    env = await startKubeSimWithConfig({ tickMs: 100 });
    const kc = config(env.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${NS}/pods`, () =>
      core.listNamespacedPod({ namespace: NS }),
    );
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      await waitFor(
        () => informer.list().length,
        (n) => n === 7,
        { what: '7 pods in the cache' },
      );
      const lists = () => env!.sim.requests.filter((r) => r.verb === 'list' && r.resource === 'pods').length;
      const before = lists();
      // While disconnected, things change and history is compacted: resuming gets 410.
      env.sim.cluster.deletePod(NS, informer.list()[0]!.metadata!.name!);
      env.sim.compactHistory();
      env.sim.endWatches();
      await waitFor(
        () => lists(),
        (n) => n > before,
        { what: 'a relist after 410', timeoutMs: 15_000 },
      );
      expect(env.sim.requests.some((r) => r.verb === 'watch' && r.status === 200)).toBe(true);
      await waitFor(
        () => informer.list().filter((p) => !p.metadata?.deletionTimestamp).length,
        (n) => n === 7,
        { what: 'the cache to settle at 7 live pods' },
      );
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('reads metrics and follows logs', async () => {
    env = await startKubeSimWithConfig({ tickMs: 100 });
    const kc = config(env.kubeconfig);
    const metrics = new k8s.Metrics(kc);
    const pm = await metrics.getPodMetrics(NS);
    expect(pm.items.length).toBe(7);
    expect(pm.items[0]!.containers[0]!.usage.cpu).toMatch(/^\d+n$/);
    const nm = await metrics.getNodeMetrics();
    expect(nm.items.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    env.sim.setMetricsAvailable(false);
    const err = await metrics.getPodMetrics(NS).catch((e) => e);
    expect(String(err?.message ?? err)).toMatch(/404|not find/i);

    env.sim.cluster.setLogGenerator(null);
    const pod = env.sim.cluster.listPods(NS)[0]!;
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    await new k8s.Log(kc).log(NS, pod.metadata.name, pod.spec.containers[0].name, out, {
      follow: true,
      timestamps: true,
    });
    env.sim.cluster.appendLog(NS, pod.metadata.name, pod.spec.containers[0].name, 'hello from the sim');
    await waitFor(
      () => text,
      (t) => / hello from the sim\n$/.test(t),
      { what: 'the followed line' },
    );
    // End the follow from the server side (aborting on the client side leaves an unhandled AbortError in client-node).
    env.sim.endWatches();
    await waitFor(
      () => env!.sim.openStreams(),
      (n) => n === 0,
      { what: 'the follow to end' },
    );
  });

  it('bearer tokens over TLS: the right token works, a wrong one gets 401', async () => {
    env = await startKubeSimWithConfig({ tickMs: 3_600_000, token: 'tok-123' });
    const core = config(env.kubeconfig).makeApiClient(k8s.CoreV1Api);
    expect((await core.listNamespacedPod({ namespace: NS })).items.length).toBe(7);
    const badPath = env.sim.writeKubeconfig(`${env.dir}/bad`, { token: 'nope' });
    const bad = config(badPath).makeApiClient(k8s.CoreV1Api);
    const err = await bad.listNamespacedPod({ namespace: NS }).catch((e) => e);
    expect(err.code).toBe(401);
  });
});
