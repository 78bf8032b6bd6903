// The ReplicaSet controller: creates pods from the template up to the wanted replicas and
// deletes the surplus (unscheduled first, then not ready, then the newest), and keeps the
// ReplicaSet's status counts.
import type { ClusterCore } from './core.js';
import type { Kubelet } from './kubelet.js';
import { KEYS, podFromTemplate } from './objects.js';
import { isReady, podsOf } from './ownership.js';
import { clone, suffix } from './util.js';

export class ReplicaSetController {
  constructor(
    private readonly c: ClusterCore,
    private readonly kubelet: Kubelet,
  ) {}

  reconcile(rs: any): void {
    const live = podsOf(this.c.store, rs).filter((p) => !p.metadata.deletionTimestamp);
    const want = rs.spec.replicas ?? 0;
    for (let i = live.length; i < want; i++) {
      let name = `${rs.metadata.name}-${suffix(this.c.rng)}`;
      while (this.c.store.get(KEYS.pods, rs.metadata.namespace, name))
        name = `${rs.metadata.name}-${suffix(this.c.rng)}`;
      const pod = podFromTemplate(rs, name);
      this.c.store.put(KEYS.pods, pod);
      this.kubelet.track(pod);
      this.c.event(
        rs,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata.name}`,
        'replicaset-controller',
      );
    }
    if (live.length > want) {
      const rank = (p: any) => (!p.spec.nodeName ? 0 : isReady(p) ? 2 : 1);
      const victims = live
        .sort(
          (a, b) =>
            rank(a) - rank(b) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp),
        )
        .slice(0, live.length - want);
      for (const p of victims) {
        this.c.deletePod(p.metadata.namespace, p.metadata.name);
        this.c.event(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${p.metadata.name}`,
          'replicaset-controller',
        );
      }
    }
  }

  status(rs: any): void {
    const pods = podsOf(this.c.store, rs).filter((p) => !p.metadata.deletionTimestamp);
    const ready = pods.filter(isReady).length;
    const status: any = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (!ready) {
      delete status.readyReplicas;
      delete status.availableReplicas;
    }
    if (!pods.length) delete status.fullyLabeledReplicas;
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      const next = clone(rs);
      next.status = status;
      this.c.store.put(KEYS.replicasets, next);
    }
  }
}
