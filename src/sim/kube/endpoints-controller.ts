// The endpoints controllers and the load balancers: for every Service with a selector, the v1
// Endpoints (ready and not-ready addresses, what `kubectl describe ingress` reads) and one
// EndpointSlice (discovery.k8s.io/v1, per-endpoint ready / serving / terminating conditions)
// from the pods it selects, rewritten only when they change; a LoadBalancer Service gets an
// external address (a cloud's load balancer would); an Ingress gets the address of its
// ingress controller's LoadBalancer Service (labelled app.kubernetes.io/name=ingress-nginx),
// and none while no controller runs, as in a real cluster.
import type { ClusterCore } from './core.js';
import { KEYS } from './objects.js';
import { isReady } from './ownership.js';
import { MANAGED_BY_LABEL, NET_KEYS, SERVICE_NAME_LABEL } from './networking.js';
import { clone, stableStringify } from './util.js';

const CONTROLLER_LABEL = 'app.kubernetes.io/name';
const CONTROLLER_NAME = 'ingress-nginx';

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

/** A Service port's target on a pod: a number, or a container port looked up by name. */
function targetPort(pod: any, port: any): number | undefined {
  const t = port.targetPort ?? port.port;
  if (typeof t === 'number') return t;
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === t) return p.containerPort;
  return undefined;
}

export class EndpointsController {
  private dirty = new Set<string>();
  private lbDirty = false;
  private lbCount = 0;

  constructor(private readonly c: ClusterCore) {}

  markDirty(key: string, obj: any): void {
    const ns = obj.metadata?.namespace;
    if (key === KEYS.pods || key === NET_KEYS.services || key === NET_KEYS.ingresses) {
      if (ns) this.dirty.add(ns);
      if (key === NET_KEYS.services && obj.spec?.type === 'LoadBalancer') this.lbDirty = true;
    }
  }

  reconcile(): void {
    if (!this.dirty.size && !this.lbDirty) return;
    const nss = [...this.dirty];
    this.dirty.clear();
    if (this.lbDirty) {
      this.lbDirty = false;
      this.loadBalancers();
      for (const i of this.c.store.list(NET_KEYS.ingresses))
        if (!nss.includes(i.metadata.namespace)) nss.push(i.metadata.namespace);
    }
    for (const ns of nss) {
      const services = this.c.store.list(NET_KEYS.services, ns);
      if (services.length) {
        const pods = this.c.store.list(KEYS.pods, ns);
        for (const svc of services) this.endpointsOf(svc, pods);
      }
      this.cleanup(ns, new Set(services.map((s) => s.metadata.name)));
      this.ingressStatus(ns);
    }
  }

  private endpointsOf(svc: any, allPods: any[]): void {
    const sel = svc.spec?.selector;
    if (!sel || !Object.keys(sel).length) return; // selectorless: endpoints are the user's
    const ns = svc.metadata.namespace;
    const name = svc.metadata.name;
    const pods = allPods
      .filter((p) => p.status?.podIP && matches(sel, p.metadata.labels))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const ports: any[] = svc.spec.ports ?? [];
    const owner = {
      apiVersion: 'v1',
      kind: 'Service',
      name,
      uid: svc.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const ref = (p: any) => ({ kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid });
    const first = pods[0];
    const epPorts = ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: (first && targetPort(first, p)) ?? (typeof p.targetPort === 'number' ? p.targetPort : p.port),
      protocol: p.protocol ?? 'TCP',
    }));
    const ready = pods.filter((p) => isReady(p) && !p.metadata.deletionTimestamp);
    const notReady = pods.filter((p) => !ready.includes(p));
    const address = (p: any) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: ref(p) });
    const subsets = pods.length
      ? [
          {
            ...(ready.length ? { addresses: ready.map(address) } : {}),
            ...(notReady.length ? { notReadyAddresses: notReady.map(address) } : {}),
            ports: epPorts,
          },
        ]
      : undefined;
    this.write(NET_KEYS.endpoints, ns, name, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns, labels: { ...(svc.metadata.labels ?? {}) } },
      ...(subsets ? { subsets } : {}),
    });
    const sliceName = `${name}-${svc.metadata.uid?.slice(0, 5) ?? 'slice'}`;
    this.write(NET_KEYS.endpointslices, ns, sliceName, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: sliceName,
        generateName: `${name}-`,
        namespace: ns,
        labels: {
          ...(svc.metadata.labels ?? {}),
          [SERVICE_NAME_LABEL]: name,
          [MANAGED_BY_LABEL]: 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [owner],
      },
      addressType: 'IPv4',
      endpoints: pods.map((p) => {
        const terminating = !!p.metadata.deletionTimestamp;
        return {
          addresses: [p.status.podIP],
          conditions: { ready: ready.includes(p), serving: isReady(p), terminating },
          nodeName: p.spec.nodeName,
          targetRef: ref(p),
        };
      }),
      ports: epPorts,
    });
  }

  /** Puts an object unless an equal one (ignoring server-set metadata) is stored. */
  private write(key: string, ns: string, name: string, obj: any): void {
    const cur = this.c.store.get(key, ns, name);
    if (cur) {
      const strip = (o: any) => {
        const { metadata, ...rest } = o;
        return stableStringify({ ...rest, labels: metadata?.labels, owners: metadata?.ownerReferences });
      };
      if (strip(cur) === strip(obj)) return;
      obj.metadata = { ...cur.metadata, ...obj.metadata };
    }
    this.c.store.put(key, obj);
  }

  /** Endpoints and slices of Services that are gone. */
  private cleanup(ns: string, live: Set<string>): void {
    for (const e of this.c.store.list(NET_KEYS.endpoints, ns))
      if (!live.has(e.metadata.name)) this.c.store.remove(NET_KEYS.endpoints, ns, e.metadata.name);
    for (const s of this.c.store.list(NET_KEYS.endpointslices, ns)) {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (s.metadata.labels?.[MANAGED_BY_LABEL] && svc && !live.has(svc))
        this.c.store.remove(NET_KEYS.endpointslices, ns, s.metadata.name);
    }
  }

  private loadBalancers(): void {
    for (const svc of this.c.store.list(NET_KEYS.services)) {
      if (svc.spec?.type !== 'LoadBalancer' || svc.status?.loadBalancer?.ingress?.length) continue;
      const next = clone(svc);
      next.status = {
        loadBalancer: { ingress: [{ ip: `203.0.113.${10 + this.lbCount++}`, ipMode: 'VIP' }] },
      };
      this.c.store.put(NET_KEYS.services, next);
    }
  }

  /** The ingress controller's address, or none while it has no LoadBalancer Service. */
  private controllerAddress(): any[] {
    const lb = this.c.store
      .list(NET_KEYS.services)
      .find(
        (s) => s.spec?.type === 'LoadBalancer' && s.metadata.labels?.[CONTROLLER_LABEL] === CONTROLLER_NAME,
      );
    return (lb?.status?.loadBalancer?.ingress ?? []).map((i: any) => ({ ip: i.ip }));
  }

  private ingressStatus(ns: string): void {
    const ings = this.c.store.list(NET_KEYS.ingresses, ns);
    if (!ings.length) return;
    const addr = this.controllerAddress();
    for (const ing of ings) {
      const want = addr.length ? { loadBalancer: { ingress: addr } } : { loadBalancer: {} };
      if (stableStringify(ing.status ?? {}) === stableStringify(want)) continue;
      const next = clone(ing);
      next.status = want;
      this.c.store.put(NET_KEYS.ingresses, next);
    }
  }
}
