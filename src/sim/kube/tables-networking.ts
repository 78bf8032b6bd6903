// Table columns of Services, Endpoints, EndpointSlices, Ingresses and IngressClasses, as the
// API server's printers compute them (kubectl get svc / ep / endpointslices / ingress).
import type { Col, Printer } from './tables.js';
import { age } from './util.js';

const str = (name: string, description: string, priority?: number): Col => ({
  name,
  type: 'string',
  description,
  ...(priority ? { priority } : {}),
});

/** `a,b,c + 2 more...`, as the printers shorten lists. */
function firstN(items: string[], n: number, empty = '<none>'): string {
  if (!items.length) return empty;
  const head = items.slice(0, n).join(',');
  return items.length > n ? `${head} + ${items.length - n} more...` : head;
}

function servicePorts(svc: any): string {
  const ps: any[] = svc.spec?.ports ?? [];
  if (!ps.length) return '<none>';
  return ps.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function externalIp(svc: any): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const lb: string[] = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
  const ext: string[] = svc.spec?.externalIPs ?? [];
  if (type === 'ExternalName') return svc.spec?.externalName ?? '<none>';
  if (type === 'LoadBalancer') return [...lb, ...ext].join(',') || '<pending>';
  return ext.join(',') || '<none>';
}

function selector(sel: Record<string, string> | undefined): string {
  const parts = Object.entries(sel ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

function endpointsCell(ep: any): string {
  const out: string[] = [];
  for (const s of ep.subsets ?? []) {
    const ports: any[] = s.ports?.length ? s.ports : [{}];
    for (const a of s.addresses ?? [])
      for (const p of ports) out.push(p.port !== undefined ? `${a.ip}:${p.port}` : a.ip);
  }
  return firstN(out, 3);
}

function ingressHosts(ing: any): string {
  const hosts: string[] = (ing.spec?.rules ?? []).map((r: any) => r.host || '*');
  return firstN(hosts, 4, '*');
}

function ingressAddress(ing: any): string {
  return (ing.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',');
}

export function networkPrinters(NAME: Col, AGE: Col): Record<string, Printer> {
  return {
    Service: {
      columns: [
        NAME,
        str('Type', 'The type of the service.'),
        str('Cluster-IP', 'The cluster IP of the service.'),
        str('External-IP', 'The external IP of the service.'),
        str('Port(s)', 'The ports of the service.'),
        AGE,
        str('Selector', 'The selector of the service.', 1),
      ],
      row: (s, now) => [
        s.metadata.name,
        s.spec?.type ?? 'ClusterIP',
        s.spec?.clusterIP || '<none>',
        externalIp(s),
        servicePorts(s),
        age(s.metadata.creationTimestamp, now),
        selector(s.spec?.selector),
      ],
    },
    Endpoints: {
      columns: [NAME, str('Endpoints', 'Endpoints of the service.'), AGE],
      row: (e, now) => [e.metadata.name, endpointsCell(e), age(e.metadata.creationTimestamp, now)],
    },
    EndpointSlice: {
      columns: [
        NAME,
        str('AddressType', 'The address type of the endpoint slice.'),
        str('Ports', 'The ports of the endpoint slice.'),
        str('Endpoints', 'The endpoints of the endpoint slice.'),
        AGE,
      ],
      row: (e, now) => [
        e.metadata.name,
        e.addressType ?? 'IPv4',
        (e.ports ?? []).map((p: any) => String(p.port)).join(',') || '<unset>',
        firstN(
          (e.endpoints ?? []).flatMap((x: any) => x.addresses ?? []),
          3,
          '<unset>',
        ),
        age(e.metadata.creationTimestamp, now),
      ],
    },
    Ingress: {
      columns: [
        NAME,
        str('Class', 'The name of the IngressClass resource that should be used for this Ingress.'),
        str('Hosts', 'Hosts that incoming requests are matched against before the ingress rule.'),
        str('Address', 'Address is a list containing ingress points for the load-balancer.'),
        str('Ports', 'Ports of TLS configurations that open.'),
        AGE,
      ],
      row: (i, now) => [
        i.metadata.name,
        i.spec?.ingressClassName ?? '<none>',
        ingressHosts(i),
        ingressAddress(i),
        i.spec?.tls?.length ? '80, 443' : '80',
        age(i.metadata.creationTimestamp, now),
      ],
    },
    IngressClass: {
      columns: [
        NAME,
        str('Controller', 'Controller that is responsible for handling this class.'),
        str('Parameters', 'A reference to a resource with additional parameters.'),
        AGE,
      ],
      row: (c, now) => [
        c.metadata.name,
        c.spec?.controller ?? '',
        '<none>',
        age(c.metadata.creationTimestamp, now),
      ],
    },
  };
}
