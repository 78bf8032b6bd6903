// What `kubectl get ingress` and `kubectl describe ingress` tell a responder, as routes: one per
// host and path of each Ingress (and its default backend), with the backend Service and port,
// whether the Service exists and how many of its endpoints are ready (EndpointSlices with
// the kubernetes.io/service-name label; a condition left unset counts as ready, as the API
// says), whether TLS covers the host, and the load balancer's address. A backend with no
// ready endpoint (or no Service) is a problem: the ingress answers 503 for that path.
import type { EndpointSlice, IngressData, Service } from './ingress.js';

export type RouteState = 'ok' | 'degraded' | 'down' | 'unknown';

export interface IngressRoute {
  /** 'namespace/ingress' */
  ingress: string;
  namespace: string;
  host: string;
  path: string;
  service: string;
  /** Port number or name, as the Ingress names it. */
  port: string;
  /** Endpoints ready / all (terminating ones not counted); undefined when unknown. */
  ready?: number;
  total?: number;
  state: RouteState;
  /** Why it is not ok, in words. */
  reason?: string;
  /** The TLS secret covering the host, if any. */
  tls?: string;
  /** Load balancer addresses (IP or hostname). */
  addresses: string[];
  className?: string;
}

export interface IngressSummary {
  routes: IngressRoute[];
  ingresses: number;
  down: number;
  degraded: number;
  /** Ingresses without a load balancer address. */
  noAddress: number;
}

interface Backend {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: { kind?: string; name?: string };
}

function tlsFor(
  tls: { hosts?: string[]; secretName?: string }[] | undefined,
  host: string,
): string | undefined {
  for (const t of tls ?? []) {
    for (const h of t.hosts ?? []) {
      if (
        h === host ||
        (h.startsWith('*.') && host.endsWith(h.slice(1)) && host.split('.').length === h.split('.').length)
      )
        return t.secretName ?? '(default certificate)';
    }
  }
  return undefined;
}

function endpointCounts(slices: readonly EndpointSlice[]): { ready: number; total: number } {
  let ready = 0;
  let total = 0;
  for (const s of slices)
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.terminating) continue;
      total++;
      if (e.conditions?.ready !== false) ready++;
    }
  return { ready, total };
}

const cache = new WeakMap<IngressData, IngressSummary>();

export function ingressSummary(d: IngressData): IngressSummary {
  const hit = cache.get(d);
  if (hit) return hit;
  const services = new Map<string, Service>();
  for (const s of d.services) services.set(`${s.metadata?.namespace}/${s.metadata?.name}`, s);
  const slices = new Map<string, EndpointSlice[]>();
  for (const s of d.endpointSlices) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const k = `${s.metadata?.namespace}/${svc}`;
    const list = slices.get(k);
    if (list) list.push(s);
    else slices.set(k, [s]);
  }
  const unknown = d.pending || !!d.servicesError || !!d.endpointsError;
  const routes: IngressRoute[] = [];
  let noAddress = 0;
  for (const ing of d.ingresses) {
    const ns = ing.metadata?.namespace ?? '';
    const id = `${ns}/${ing.metadata?.name ?? ''}`;
    const addresses = (ing.status?.loadBalancer?.ingress ?? [])
      .map((a) => a.ip ?? a.hostname ?? '')
      .filter(Boolean);
    if (!addresses.length) noAddress++;
    const add = (host: string, path: string, b: Backend | undefined) => {
      const name = b?.service?.name ?? '';
      const port =
        b?.service?.port?.number !== undefined
          ? String(b.service.port.number)
          : (b?.service?.port?.name ?? '');
      const base = {
        ingress: id,
        namespace: ns,
        host,
        path,
        service: name || (b?.resource ? `${b.resource.kind}/${b.resource.name}` : '?'),
        port,
        tls: host === '*' ? undefined : tlsFor(ing.spec?.tls, host),
        addresses,
        className: ing.spec?.ingressClassName,
      };
      if (!name) {
        routes.push({ ...base, state: 'unknown', reason: 'backend is not a Service' });
        return;
      }
      if (unknown) {
        const why = d.servicesError ?? d.endpointsError;
        routes.push({
          ...base,
          state: 'unknown',
          reason: why ? `endpoints unknown: ${why}` : 'reading endpoints',
        });
        return;
      }
      const svc = services.get(`${ns}/${name}`);
      if (!svc) {
        routes.push({ ...base, state: 'down', reason: `service ${name} not found` });
        return;
      }
      if (svc.spec?.type === 'ExternalName') {
        routes.push({ ...base, state: 'ok', reason: `external ${svc.spec.externalName ?? ''}` });
        return;
      }
      const c = endpointCounts(slices.get(`${ns}/${name}`) ?? []);
      const state: RouteState = c.ready === 0 ? 'down' : c.ready < c.total ? 'degraded' : 'ok';
      routes.push({
        ...base,
        ready: c.ready,
        total: c.total,
        state,
        ...(state === 'down'
          ? { reason: c.total ? `no ready endpoint (${c.total} not ready)` : 'no endpoints' }
          : state === 'degraded'
            ? { reason: `${c.total - c.ready} of ${c.total} endpoints not ready` }
            : {}),
      });
    };
    if (ing.spec?.defaultBackend) add('*', '(default)', ing.spec.defaultBackend as Backend);
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host || '*';
      for (const p of rule.http?.paths ?? []) add(host, p.path || '/', p.backend as Backend);
    }
  }
  const out: IngressSummary = {
    routes,
    ingresses: d.ingresses.length,
    down: routes.filter((r) => r.state === 'down').length,
    degraded: routes.filter((r) => r.state === 'degraded').length,
    noAddress,
  };
  cache.set(d, out);
  return out;
}
