// Services, Endpoints, EndpointSlices and Ingresses: their resource definitions (joined to the
// table in resources.ts), builders with the API server's defaults (a Service gets a cluster IP
// and ports with protocol and targetPort), and the store keys. The endpoints controller
// (endpoints-controller.ts) fills Endpoints and EndpointSlices from the pods; the ingress
// controller's part there writes an Ingress's load balancer address.
import type { ResourceDef } from './resources.js';

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const NET_KEYS = {
  services: '/services',
  endpoints: '/endpoints',
  endpointslices: 'discovery.k8s.io/endpointslices',
  ingresses: 'networking.k8s.io/ingresses',
  ingressclasses: 'networking.k8s.io/ingressclasses',
} as const;

/** The label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

export const NET_RESOURCES: ResourceDef[] = [
  {
    group: '',
    version: 'v1',
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    verbs: RW,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'Service', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: '',
    version: 'v1',
    resource: 'endpoints',
    singular: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    verbs: RW,
    shortNames: ['ep'],
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    singular: 'endpointslice',
    kind: 'EndpointSlice',
    namespaced: true,
    verbs: RW,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    verbs: RW,
    shortNames: ['ing'],
    subresources: [{ name: 'status', kind: 'Ingress', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    singular: 'ingressclass',
    kind: 'IngressClass',
    namespaced: false,
    verbs: RW,
  },
];

let nextIp = 10;

/** The API server's defaults for a Service: ClusterIP type, a cluster IP, port protocols. */
export function defaultService(svc: any): any {
  const s = (svc.spec ??= {});
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.type !== 'ExternalName' && !s.clusterIP) {
    const n = nextIp++;
    s.clusterIP = `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }
  if (s.clusterIP && s.clusterIP !== 'None') s.clusterIPs ??= [s.clusterIP];
  s.ipFamilies ??= ['IPv4'];
  s.ipFamilyPolicy ??= 'SingleStack';
  s.internalTrafficPolicy ??= 'Cluster';
  for (const p of s.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  svc.status ??= { loadBalancer: {} };
  return svc;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

export function service(
  ns: string,
  name: string,
  selector: Record<string, string>,
  ports: ServicePort[],
  type = 'ClusterIP',
): any {
  return defaultService({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { type, selector, ports: ports.map((p) => ({ ...p })) },
  });
}

export interface IngressPath {
  path: string;
  service: string;
  port: number | string;
  pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
}

export interface IngressRule {
  host: string;
  paths: IngressPath[];
}

export function ingress(
  ns: string,
  name: string,
  rules: IngressRule[],
  opts: { className?: string; tls?: { hosts: string[]; secretName: string }[] } = {},
): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns, generation: 1, annotations: {} },
    spec: {
      ingressClassName: opts.className ?? 'nginx',
      ...(opts.tls ? { tls: opts.tls } : {}),
      rules: rules.map((r) => ({
        host: r.host,
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.pathType ?? 'Prefix',
            backend: {
              service: {
                name: p.service,
                port: typeof p.port === 'number' ? { number: p.port } : { name: p.port },
              },
            },
          })),
        },
      })),
    },
    status: { loadBalancer: {} },
  };
}

export function ingressClass(name: string, controller: string): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
    spec: { controller },
  };
}
