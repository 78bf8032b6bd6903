// The ingress side of a cluster: the ingress-nginx controller (namespace, Deployment,
// LoadBalancer Service, IngressClass `nginx`) and the marketplace's Services and Ingresses
// (api.linkdao.io → backend, linkdao.io and www → frontend, with TLS), as the demo and the
// tests create them. Endpoints follow by themselves (endpoints-controller.ts).
import type { Cluster } from './cluster.js';
import { ingress, ingressClass, NET_KEYS, service } from './networking.js';

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_CONTROLLER = 'ingress-nginx-controller';
const CONTROLLER_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

export function ingressNginx(c: Cluster): void {
  c.createDeployment(INGRESS_NAMESPACE, INGRESS_CONTROLLER, {
    replicas: 1,
    image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1',
    labels: CONTROLLER_LABELS,
    resources: { requests: { cpu: '100m', memory: '90Mi' }, limits: { memory: '512Mi' } },
    changeCause: 'helm upgrade ingress-nginx 4.12.1',
  });
  const svc = service(
    INGRESS_NAMESPACE,
    INGRESS_CONTROLLER,
    { app: INGRESS_CONTROLLER },
    [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'https', port: 443, targetPort: 'http' },
    ],
    'LoadBalancer',
  );
  svc.metadata.labels = { ...svc.metadata.labels, ...CONTROLLER_LABELS };
  c.store.put(NET_KEYS.services, svc);
  if (!c.store.get(NET_KEYS.ingressclasses, undefined, 'nginx'))
    c.store.put(NET_KEYS.ingressclasses, ingressClass('nginx', 'k8s.io/ingress-nginx'));
}

/** The marketplace's Services (backend, frontend) and its two Ingresses. */
export function marketplaceIngress(c: Cluster, ns: string): void {
  c.store.put(
    NET_KEYS.services,
    service(ns, 'backend', { app: 'backend' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
  );
  c.store.put(
    NET_KEYS.services,
    service(ns, 'frontend', { app: 'frontend' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
  );
  const tls = (hosts: string[], secretName: string) => ({ tls: [{ hosts, secretName }] });
  c.store.put(
    NET_KEYS.ingresses,
    ingress(
      ns,
      'marketplace-api',
      [
        {
          host: 'api.linkdao.io',
          paths: [
            { path: '/api', service: 'backend', port: 80 },
            { path: '/health', service: 'backend', port: 80 },
          ],
        },
      ],
      tls(['api.linkdao.io'], 'api-linkdao-io-tls'),
    ),
  );
  c.store.put(
    NET_KEYS.ingresses,
    ingress(
      ns,
      'marketplace-web',
      [
        { host: 'linkdao.io', paths: [{ path: '/', service: 'frontend', port: 80 }] },
        { host: 'www.linkdao.io', paths: [{ path: '/', service: 'frontend', port: 80 }] },
      ],
      tls(['linkdao.io', 'www.linkdao.io'], 'linkdao-io-tls'),
    ),
  );
}
