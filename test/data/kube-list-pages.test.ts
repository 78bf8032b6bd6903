// The paged initial list against the API simulator (a real HTTP server) with the real client:
// the next page is asked for while the current one is parsed (read from the head of its text),
// so every page is fetched exactly once; the list ends equal to the cluster and the watch
// resumes from the list's resourceVersion. Also what the caches' slimming drops from pods.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, peekContinue, slim, WatchCache } from '../../src/data/kubernetes/cache.js';
import { KubeHttp, loadKube } from '../../src/data/kubernetes/client.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { KEYS } from '../../src/sim/kube/objects.js';
import { waitFor } from '../helpers/wait.js';

let sim: KubeSim | undefined;
let dir: string | undefined;
let ac = new AbortController();
afterEach(async () => {
  ac.abort();
  ac = new AbortController();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  sim = undefined;
  dir = undefined;
});

describe('paged list', () => {
  it('peeks the continue token the page carries, and nothing on the last page', async () => {
    sim = await startKubeSim({ pods: 60, namespaces: 3 });
    const first = await (await fetch(`${sim.url}/api/v1/pods?limit=25`)).text();
    const page = JSON.parse(first) as { metadata: { continue?: string } };
    expect(page.metadata.continue).toBeTruthy();
    expect(peekContinue(first)).toBe(page.metadata.continue);
    const last = await (await fetch(`${sim.url}/api/v1/pods?limit=1000`)).text();
    expect(peekContinue(last)).toBeUndefined();
  });

  it('fetches each page once (the next one while parsing), equals the cluster, then follows the watch', async () => {
    sim = await startKubeSim({ pods: 120, namespaces: 4 });
    dir = mkdtempSync(join(tmpdir(), 'warroom-kpages-'));
    const http = new KubeHttp(loadKube({ kubeconfig: sim.writeKubeconfig(join(dir, 'kc')) }));
    const cache = new WatchCache(
      http,
      { resource: 'pods', group: '', version: 'v1' },
      { ...DEFAULT_TUNING, pageSize: 25 },
      { onChange: () => undefined, onStatus: () => undefined },
    );
    cache.start(ac.signal);
    await waitFor(
      () => cache.synced,
      (x) => x,
      { what: 'list synced' },
    );
    const want = sim.cluster
      .listPods()
      .map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)
      .sort();
    expect([...cache.items.keys()].sort()).toEqual(want);
    expect(cache.stats.lists).toBe(Math.ceil(want.length / 25));
    // The watch resumes from the list: a change made now arrives.
    const pod = structuredClone(sim.cluster.store.list(KEYS.pods)[0]!) as any;
    pod.metadata.annotations = { ...pod.metadata.annotations, 'test/seq': '1' };
    sim.cluster.store.put(KEYS.pods, pod);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    await waitFor(
      () => (cache.items.get(key) as any)?.metadata?.annotations?.['test/seq'],
      (x) => x === '1',
      { what: 'the change through the watch' },
    );
    expect(cache.stats.relists).toBe(0);
  });
});

describe('slim (pods)', () => {
  it("drops a pod's scheduling and runtime settings, IP lists and container ids; keeps what panes read", () => {
    const p = slim({
      metadata: { name: 'a', namespace: 'n', generateName: 'a-', labels: { app: 'a' } },
      spec: {
        nodeName: 'node-1',
        tolerations: [{ key: 'k' }],
        securityContext: {},
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        serviceAccount: 'default',
        serviceAccountName: 'default',
        containers: [
          {
            name: 'c',
            image: 'i',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePath: '/dev/termination-log',
            resources: { limits: { memory: '1Gi' } },
          },
        ],
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.1',
        podIPs: [{ ip: '10.0.0.1' }],
        hostIPs: [{ ip: '10.1.0.1' }],
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
        containerStatuses: [{ name: 'c', ready: true, restartCount: 2, imageID: 'x', containerID: 'y' }],
      },
    });
    expect(p).toEqual({
      metadata: { name: 'a', namespace: 'n', labels: { app: 'a' } },
      spec: {
        nodeName: 'node-1',
        serviceAccountName: 'default',
        containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '1Gi' } } }],
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.1',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'c', ready: true, restartCount: 2 }],
      },
    });
  });
});
