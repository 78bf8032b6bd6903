// What the cluster's own pods log, read with the real kubectl: CoreDNS answers DNS queries,
// metrics-server writes klog lines, and neither logs HTTP requests (no orders, no request
// lines: those belong to the workloads); the ingress-nginx controller writes nginx access lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingressNginx } from '../../src/sim/kube/ingress-nginx.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const HTTP = /orders|listings|\/api\/|request completed|handled \/|GET |POST |HTTP\/\d/;

describe('system pods log like themselves', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv({ tickMs: 50, ageSeconds: 600 });
    ingressNginx(env.sim.cluster);
  });
  afterAll(async () => {
    await env.close();
  });

  const podsOf = async (ns: string, selector: string): Promise<string[]> =>
    (await env.kubectl(['get', 'pods', '-n', ns, '-l', selector, '-o', 'name'])).stdout
      .split('\n')
      .filter(Boolean);

  const logsOf = (ns: string, pod: string, min: number) =>
    waitFor(
      async () =>
        (await env.kubectl(['logs', '-n', ns, pod, '--tail=500'])).stdout.split('\n').filter(Boolean),
      (lines) => lines.length >= min,
      { what: `${min} log lines of ${ns}/${pod}`, timeoutMs: 30_000 },
    );

  it('kube-system pods (CoreDNS, metrics-server) log no HTTP requests for orders', async () => {
    const dns = await podsOf('kube-system', 'k8s-app=kube-dns');
    const ms = await podsOf('kube-system', 'k8s-app=metrics-server');
    expect(dns.length).toBe(2);
    expect(ms.length).toBe(1);
    for (const pod of dns) {
      const lines = await logsOf('kube-system', pod, 20);
      expect(lines.filter((l) => HTTP.test(l))).toEqual([]);
      expect(lines.every((l) => /^\[INFO\] [\d.]+:\d+ - \d+ "(A|AAAA) IN \S+ udp/.test(l))).toBe(true);
    }
    const lines = await logsOf('kube-system', ms[0]!, 3);
    expect(lines.filter((l) => HTTP.test(l))).toEqual([]);
    expect(lines.every((l) => /^[IWE]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+1 \S+\.go:\d+\] /.test(l))).toBe(true);
  });

  it('the ingress controller writes nginx access lines', async () => {
    const pods = await podsOf('ingress-nginx', 'app.kubernetes.io/name=ingress-nginx');
    expect(pods.length).toBe(1);
    const lines = await logsOf('ingress-nginx', pods[0]!, 5);
    expect(
      lines.every((l) =>
        /^[\d.]+ - - \[\d\d\/\w{3}\/\d{4}:[\d:]+ \+0000\] "GET \S+ HTTP\/2\.0" \d{3} /.test(l),
      ),
    ).toBe(true);
  });
});
