// The ingress routes (src/data/kubernetes/ingress-status.ts), the Deployments pane's ingress
// section (src/panes/deployments/ingress.ts) and its weight in the pane's summary: a backend
// Service with no ready endpoint is a route down, red with ✖, first, and a problem for the layout.
import { describe, expect, it } from 'vitest';
import { INGRESS_SOURCE, type IngressData } from '../../src/data/kubernetes/ingress.js';
import { ingressSummary } from '../../src/data/kubernetes/ingress-status.js';
import { DEPLOYMENTS_SOURCE } from '../../src/data/kubernetes/types.js';
import { ingressLines } from '../../src/panes/deployments/ingress.js';
import { summaries } from '../../src/panes/summary.js';
import { createAppStore, type SourceState } from '../../src/store/store.js';

const NS = 'shop';

function ing(name: string, rules: [string, string, string][], tls?: string[], address = '203.0.113.10'): any {
  const byHost = new Map<string, { path: string; backend: any }[]>();
  for (const [host, path, svc] of rules) {
    const l = byHost.get(host) ?? [];
    l.push({ path, backend: { service: { name: svc, port: { number: 80 } } } });
    byHost.set(host, l);
  }
  return {
    metadata: { name, namespace: NS },
    spec: {
      ingressClassName: 'nginx',
      ...(tls ? { tls: [{ hosts: tls, secretName: `${name}-tls` }] } : {}),
      rules: [...byHost].map(([host, paths]) => ({ host, http: { paths } })),
    },
    status: { loadBalancer: address ? { ingress: [{ ip: address }] } : {} },
  };
}
const svc = (name: string, type = 'ClusterIP') => ({ metadata: { name, namespace: NS }, spec: { type } });
function slice(service: string, ready: (boolean | undefined)[], terminating = 0): any {
  return {
    metadata: { name: `${service}-x`, namespace: NS, labels: { 'kubernetes.io/service-name': service } },
    endpoints: [
      ...ready.map((r) => ({ addresses: ['10.0.0.1'], conditions: r === undefined ? {} : { ready: r } })),
      ...Array.from({ length: terminating }, () => ({
        addresses: ['10.0.0.9'],
        conditions: { ready: false, terminating: true },
      })),
    ],
  };
}

function data(over: Partial<IngressData> = {}): IngressData {
  return {
    ingresses: [
      ing(
        'api',
        [
          ['api.example.com', '/api', 'backend'],
          ['api.example.com', '/health', 'backend'],
        ],
        ['api.example.com'],
      ),
      ing(
        'web',
        [
          ['example.com', '/', 'frontend'],
          ['example.com', '/admin', 'admin'],
        ],
        ['*.example.com'],
      ),
    ],
    services: [svc('backend'), svc('frontend')],
    endpointSlices: [slice('backend', [false, false], 1), slice('frontend', [true, undefined, false])],
    pending: false,
    ...over,
  };
}

describe('ingress routes', () => {
  it('counts ready endpoints per backend, finds missing services, TLS per host and the address', () => {
    const s = ingressSummary(data());
    const by = (host: string, path: string) => s.routes.find((r) => r.host === host && r.path === path)!;
    expect(by('api.example.com', '/api')).toMatchObject({
      service: 'backend',
      port: '80',
      ready: 0,
      total: 2,
      state: 'down',
      reason: 'no ready endpoint (2 not ready)',
      tls: 'api-tls',
      addresses: ['203.0.113.10'],
    });
    // An unset ready condition counts as ready (the API's rule).
    expect(by('example.com', '/')).toMatchObject({ ready: 2, total: 3, state: 'degraded' });
    expect(by('example.com', '/admin')).toMatchObject({ state: 'down', reason: 'service admin not found' });
    // *.example.com does not cover example.com itself.
    expect(by('example.com', '/').tls).toBeUndefined();
    expect(s).toMatchObject({ ingresses: 2, down: 3, degraded: 1, noAddress: 0 });
  });

  it('while Services or EndpointSlices cannot be read, readiness is unknown, never down', () => {
    const s = ingressSummary(data({ servicesError: 'services is forbidden' }));
    expect(s.down).toBe(0);
    expect(s.routes.every((r) => r.state === 'unknown')).toBe(true);
    expect(s.routes[0]!.reason).toContain('services is forbidden');
    expect(ingressSummary(data({ pending: true })).routes[0]!.reason).toBe('reading endpoints');
  });
});

const src = (d: IngressData): SourceState<IngressData> =>
  ({ status: 'ok', data: d, since: 0, failures: 0, staleAfterMs: 30_000 }) as SourceState<IngressData>;

describe('the ingress section of the Deployments pane', () => {
  it('puts the routes down first, red with ✖, under a headline that counts them', () => {
    const lines = ingressLines(src(data()), 100, 20);
    expect(lines[0]).toMatchObject({ tone: 'bad' });
    expect(lines[0]!.text).toBe('✖ ingress: 3 of 4 routes down · 203.0.113.10 · 2 ingresses');
    expect(lines[1]!.text).toMatch(/HOST\/PATH\s+BACKEND\s+READY\s+TLS\s+ADDRESS/);
    const routes = lines.slice(2);
    expect(routes.slice(0, 3).every((l) => l.tone === 'bad' && l.text.startsWith('✖ '))).toBe(true);
    expect(routes[0]!.text).toMatch(/api\.example\.com\/api\s+backend:80\s+0\/2 tls 203\.0\.113\.10/);
    expect(routes[3]).toMatchObject({ tone: 'warn' });
    expect(routes[3]!.text).toMatch(/^▲ example\.com\/\s+frontend:80\s+2\/3 —/);
  });

  it('when rows are short, the routes down come before the column header, then `… N more`', () => {
    const three = ingressLines(src(data()), 60, 3);
    expect(three.map((l) => l.text.slice(0, 2))).toEqual(['✖ ', '✖ ', '✖ ']);
    const four = ingressLines(src(data()), 60, 4);
    expect(four[3]!.text).toContain('… 2 more routes');
    expect(ingressLines(src(data()), 60, 1)).toHaveLength(1);
  });

  it('all ready: green; no ingress: one muted line; the source failing: said in red', () => {
    const ok = data({
      ingresses: [ing('web', [['example.com', '/', 'frontend']])],
      endpointSlices: [slice('frontend', [true])],
    });
    expect(ingressLines(src(ok), 80, 10)[0]).toEqual({
      text: '● ingress: 1 route ready · 203.0.113.10 · 1 ingress',
      tone: 'ok',
    });
    expect(ingressLines(src(data({ ingresses: [] })), 80, 10)).toEqual([
      { text: 'ingress: no ingresses in scope', tone: 'muted' },
    ]);
    const failed = { status: 'error', error: 'ingresses.networking.k8s.io is forbidden', since: 0 } as never;
    expect(ingressLines(failed, 80, 10)[0]).toMatchObject({
      tone: 'bad',
      text: '✖ ingress: ingresses.networking.k8s.io is forbidden',
    });
    expect(ingressLines(undefined, 80, 10)).toEqual([]);
  });
});

describe('the Deployments pane summary with ingresses', () => {
  const deployment = {
    metadata: { name: 'backend', namespace: NS },
    spec: { replicas: 1 },
    status: {
      replicas: 1,
      readyReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    },
  };
  function state(ingress?: IngressData) {
    const store = createAppStore('deployments');
    store.setState((s) => ({
      sources: {
        ...s.sources,
        [DEPLOYMENTS_SOURCE]: { status: 'ok', data: { deployments: [deployment], replicaSets: [] } } as never,
        ...((ingress ? { [INGRESS_SOURCE]: { status: 'ok', data: ingress } } : {}) as Record<string, never>),
      },
    }));
    return store.getState();
  }

  it('a route down makes the pane a problem (for the layout and the status board)', () => {
    expect(summaries.deployments!(state())).toMatchObject({ level: 'ok', text: '1 ok' });
    expect(summaries.deployments!(state(data()))).toMatchObject({ level: 'problem', text: '3 routes down' });
    const degraded = data({
      ingresses: [ing('web', [['example.com', '/', 'frontend']])],
    });
    expect(summaries.deployments!(state(degraded))).toMatchObject({
      level: 'warn',
      text: '1 route degraded',
    });
  });
});
