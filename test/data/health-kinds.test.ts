// DNS and metrics health checks (issue 19), against real servers: a DNS server on UDP, an HTTP
// server with a Prometheus exposition, and the Kubernetes simulator's pods/proxy (as the API
// server proxies to a pod; kubectl proves the route).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type HealthEndpoint } from '../../src/config/schema.js';
import { checkHealth, checkTarget } from '../../src/data/health/check.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';

const check = (raw: Record<string, unknown>): HealthEndpoint =>
  configSchema.parse({ health: { endpoints: [{ timeoutMs: 2000, ...raw }] } }).health!.endpoints[0]!;

describe('dns checks', () => {
  let server: DnsServer;
  beforeAll(async () => {
    server = await startDnsServer({ 'api.linkdao.io': ['203.0.113.10', '203.0.113.11'] });
  });
  afterAll(() => server.close());

  it('the system resolver: localhost resolves; an expected address that is not there is DOWN', async () => {
    const up = await checkHealth(check({ kind: 'dns', name: 'local', host: 'localhost' }));
    expect(up).toMatchObject({ up: true });
    expect(up.detail).toMatch(/^localhost → .*127\.0\.0\.1/);
    expect(up.latencyMs).toBeTypeOf('number');
    const wrong = await checkHealth(
      check({ kind: 'dns', name: 'local', host: 'localhost', expect: { addresses: ['10.9.9.9'] } }),
    );
    expect(wrong).toMatchObject({ up: false });
    expect(wrong.reason).toMatch(/expected 10\.9\.9\.9/);
  });

  it('asking a DNS server directly: the answer, NXDOMAIN, and no server', async () => {
    const ok = await checkHealth(
      check({
        kind: 'dns',
        name: 'api',
        host: 'api.linkdao.io',
        servers: [server.address],
        expect: { addresses: ['203.0.113.10'] },
      }),
    );
    expect(ok).toMatchObject({ up: true, detail: 'api.linkdao.io → 203.0.113.10, 203.0.113.11' });
    const nx = await checkHealth(
      check({ kind: 'dns', name: 'nx', host: 'gone.linkdao.io', servers: [server.address] }),
    );
    expect(nx).toMatchObject({ up: false, reason: 'gone.linkdao.io: no such name (NXDOMAIN)' });
    const none = await checkHealth(
      check({ kind: 'dns', name: 'none', host: 'api.linkdao.io', servers: ['127.0.0.1:9'], timeoutMs: 300 }),
    );
    expect(none.up).toBe(false);
    expect(none.reason).toMatch(/^api\.linkdao\.io: /);
    expect(
      checkTarget(check({ kind: 'dns', name: 'api', host: 'api.linkdao.io', servers: ['10.0.0.2'] })),
    ).toBe('dns api.linkdao.io @10.0.0.2');
  });
});

describe('metrics checks from a URL', () => {
  let srv: http.Server;
  let base: string;
  let body = '';
  let status = 200;
  beforeAll(async () => {
    srv = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => srv.close(() => r())));

  const metric = (expect: Record<string, unknown>) =>
    check({ kind: 'metrics', name: 'backend errors', url: `${base}/metrics`, expect });

  it('a sample under its bound is up, with its value; over it is DOWN, saying value and bound', async () => {
    body = 'error_rate{service="backend"} 0.004\nerror_rate{service="frontend"} 0.5\n';
    const up = await checkHealth(metric({ metric: 'error_rate{service="backend"}', below: 0.01 }));
    expect(up).toMatchObject({ up: true, value: 0.004 });
    expect(up.detail).toBe('error_rate{service="backend"} = 0.004, expected below 0.01');
    body = 'error_rate{service="backend"} 0.2\n';
    const down = await checkHealth(metric({ metric: 'error_rate{service="backend"}', below: 0.01 }));
    expect(down).toMatchObject({ up: false, value: 0.2 });
    expect(down.reason).toBe('error_rate{service="backend"} = 0.2, expected below 0.01');
  });

  it('several matching series: the worst decides; a missing sample and an HTTP error are DOWN in words', async () => {
    body = 'error_rate{service="backend",pod="a"} 0.001\nerror_rate{service="backend",pod="b"} 0.3\n';
    const worst = await checkHealth(metric({ metric: 'error_rate{service="backend"}', below: 0.01 }));
    expect(worst).toMatchObject({ up: false, value: 0.3 });
    expect(worst.reason).toContain('(worst of 2 series)');
    const above = await checkHealth(metric({ metric: 'error_rate', above: 0.0005 }));
    expect(above).toMatchObject({ up: true, value: 0.001 });
    const missing = await checkHealth(metric({ metric: 'latency_p95', below: 0.2 }));
    expect(missing).toMatchObject({ up: false, reason: 'no sample latency_p95 in the exposition' });
    status = 500;
    body = 'oops';
    expect(await checkHealth(metric({ metric: 'error_rate', below: 1 }))).toMatchObject({
      up: false,
      reason: 'HTTP 500: oops',
    });
    status = 200;
  });

  it('the configuration says what is wrong with a metrics check', () => {
    expect(() => check({ kind: 'metrics', name: 'x', expect: { metric: 'up' } })).toThrow(/url or pod/);
    expect(() =>
      check({ kind: 'metrics', name: 'x', pod: { port: 3001 }, expect: { metric: 'up' } }),
    ).toThrow(/name or deployment/);
  });
});

describe('metrics checks from a pod, through the API server proxy', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv();
  });
  afterAll(() => env.close());
  const kubernetes = () => ({ kubeconfig: env.kubeconfig, namespaces: ['web3-marketplace'] });
  const ready = () =>
    env.sim.cluster
      .listPods('web3-marketplace')
      .find(
        (p) =>
          p.metadata.labels?.app === 'backend' &&
          p.status?.conditions?.some(
            (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
          ),
      );

  it('kubectl reads a pod metrics through pods/proxy (the route is the API server one)', async () => {
    const pod = ready();
    expect(pod, 'a ready backend pod').toBeDefined();
    const r = await env.kubectl([
      'get',
      '--raw',
      `/api/v1/namespaces/web3-marketplace/pods/${pod.metadata.name}:3001/proxy/metrics`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('error_rate{service="backend"} 0');
  });

  it('a deployment first ready pod is read; the container answer decides; a missing pod is said', async () => {
    const ep = check({
      kind: 'metrics',
      name: 'backend errors',
      pod: { deployment: 'backend', port: 3001 },
      expect: { metric: 'error_rate{service="backend"}', below: 0.01 },
    });
    expect(checkTarget(ep)).toBe('pod deploy/backend:3001/metrics');
    const up = await checkHealth(ep, { kubernetes: kubernetes() });
    expect(up).toMatchObject({ up: true, value: 0 });
    expect(up.detail).toMatch(/from web3-marketplace\/backend-/);
    env.sim.setPodHttp((req) =>
      req.path === '/metrics' ? { status: 200, body: `error_rate{service="${req.app}"} 0.42\n` } : undefined,
    );
    const down = await checkHealth(ep, { kubernetes: kubernetes() });
    expect(down).toMatchObject({ up: false, value: 0.42 });
    env.sim.setPodHttp(undefined);
    const gone = await checkHealth(
      check({ kind: 'metrics', name: 'x', pod: { name: 'nope-123', port: 3001 }, expect: { metric: 'up' } }),
      { kubernetes: kubernetes() },
    );
    expect(gone.up).toBe(false);
    expect(gone.reason).toMatch(/HTTP 404/);
  });
});
