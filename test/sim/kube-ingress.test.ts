// Fidelity of Services, Endpoints, EndpointSlices and Ingresses: the real kubectl (get, describe,
// get -w) and @kubernetes/client-node (list, watch) against the simulator; endpoints follow
// the pods' readiness; an Ingress gets its controller's load balancer address.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingressNginx, marketplaceIngress } from '../../src/sim/kube/ingress-nginx.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';

describe('ingresses, services and endpoints over the wire', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv({ tickMs: 100 });
    ingressNginx(env.sim.cluster);
    marketplaceIngress(env.sim.cluster, NS);
    env.sim.cluster.reconcile();
  });
  afterAll(async () => {
    await env.close();
  });

  it('kubectl get ingress, svc, endpoints and endpointslices print the usual columns', async () => {
    const ing = await waitFor(
      async () => (await env.kubectl(['get', 'ingress', '-n', NS])).stdout,
      (out) => /marketplace-api\s+nginx\s+api\.linkdao\.io\s+203\.0\.113\.\d+\s+80, 443/.test(out),
      { what: 'the api ingress with its address', timeoutMs: 20_000 },
    );
    expect(ing).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE/);
    expect(ing).toMatch(/marketplace-web\s+nginx\s+linkdao\.io,www\.linkdao\.io\s+203\.0\.113\.\d+/);

    const svc = (await env.kubectl(['get', 'svc', '-n', 'ingress-nginx'])).stdout;
    expect(svc).toMatch(
      /ingress-nginx-controller\s+LoadBalancer\s+10\.96\.\S+\s+203\.0\.113\.\d+\s+80\/TCP,443\/TCP/,
    );

    const ep = await waitFor(
      async () => (await env.kubectl(['get', 'endpoints', 'backend', '-n', NS])).stdout,
      (out) => /backend\s+(\d+\.\d+\.\d+\.\d+:8080,?){3}/.test(out),
      { what: 'three ready backend endpoints on the named target port', timeoutMs: 20_000 },
    );
    expect(ep).toMatch(/^NAME\s+ENDPOINTS\s+AGE/);
    const slices = JSON.parse(
      (
        await env.kubectl([
          'get',
          'endpointslices',
          '-n',
          NS,
          '-l',
          'kubernetes.io/service-name=backend',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(slices.items).toHaveLength(1);
    expect(slices.items[0].endpoints.map((e: any) => e.conditions.ready)).toEqual([true, true, true]);
    expect(slices.items[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('kubectl describe ingress shows rules, backends with their endpoints, and TLS', async () => {
    const out = await waitFor(
      async () => (await env.kubectl(['describe', 'ingress', 'marketplace-api', '-n', NS])).stdout,
      (o) => /backend:80 \(\d+\.\d+\.\d+\.\d+:8080/.test(o),
      { what: 'describe with the backend endpoints', timeoutMs: 20_000 },
    );
    expect(out).toMatch(/Ingress Class:\s+nginx/);
    expect(out).toMatch(/Address:\s+203\.0\.113\.\d+/);
    expect(out).toMatch(/api-linkdao-io-tls terminates api\.linkdao\.io/);
    expect(out).toMatch(/api\.linkdao\.io\s*\n\s+\/api\s+backend:80/);
    expect(out).toMatch(/\/health\s+backend:80/);
  });

  it('a backend whose pods stop being ready loses its endpoints (kubectl get -w, client-node watch)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(env.kubeconfig);
    const net = kc.makeApiClient(k8s.NetworkingV1Api);
    const list = await net.listNamespacedIngress({ namespace: NS });
    expect(list.items.map((i) => i.metadata?.name).sort()).toEqual(['marketplace-api', 'marketplace-web']);
    expect(list.items[0]!.spec?.rules?.[0]?.http?.paths[0]?.backend.service?.name).toBeDefined();
    const got = await net.readNamespacedIngress({ name: 'marketplace-api', namespace: NS });
    expect(got.spec?.tls?.[0]?.secretName).toBe('api-linkdao-io-tls');

    const seen: { type: string; ready: boolean[] }[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(
      `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`,
      { labelSelector: 'kubernetes.io/service-name=backend' },
      (type, obj: any) =>
        seen.push({ type, ready: (obj.endpoints ?? []).map((e: any) => !!e.conditions?.ready) }),
      () => undefined,
    );
    const w = env.kubectlStream(['get', 'endpoints', 'backend', '-n', NS, '-w']);
    try {
      await w.waitFor(/backend\s+\d+\.\d+/);
      env.sim.cluster.setFaultRule((_pod, dep) =>
        dep?.metadata.name === 'backend' ? 'CrashLoopBackOff' : null,
      );
      await w.waitFor(/backend\s+<none>/, 30_000);
      await waitFor(
        () => seen,
        (s) => s.some((e) => e.type === 'MODIFIED' && e.ready.length === 3 && e.ready.every((r) => !r)),
        { what: 'the EndpointSlice watch event with no ready endpoint', timeoutMs: 30_000 },
      );
      const d = (await env.kubectl(['describe', 'ingress', 'marketplace-api', '-n', NS])).stdout;
      // Only not-ready addresses: kubectl prints the backend with an empty list, as with a real cluster.
      expect(d).toMatch(/\/api\s+backend:80 \(\)/);
    } finally {
      w.kill();
      req.abort();
      env.sim.cluster.setFaultRule(null);
    }
  });
});
