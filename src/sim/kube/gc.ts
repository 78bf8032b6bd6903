// Garbage collection by owner references: ReplicaSets whose Deployment is gone are removed,
// pods whose ReplicaSet is gone are deleted (with their grace period).
import type { ClusterCore } from './core.js';
import type { DeploymentController } from './deployment-controller.js';
import { KEYS } from './objects.js';
import { idOf } from './ownership.js';

export function collectGarbage(c: ClusterCore, deployments: DeploymentController): void {
  const depUids = new Set(c.store.list(KEYS.deployments).map((d) => d.metadata.uid));
  deployments.forget(depUids, new Set(c.store.list(KEYS.deployments).map(idOf)));
  for (const rs of c.store.list(KEYS.replicasets)) {
    const owner = rs.metadata.ownerReferences?.find((r: any) => r.controller && r.kind === 'Deployment');
    if (owner && !depUids.has(owner.uid))
      c.store.remove(KEYS.replicasets, rs.metadata.namespace, rs.metadata.name);
  }
  const rsUids = new Set(c.store.list(KEYS.replicasets).map((r) => r.metadata.uid));
  for (const pod of c.store.list(KEYS.pods)) {
    const owner = pod.metadata.ownerReferences?.find((r: any) => r.controller && r.kind === 'ReplicaSet');
    if (owner && !rsUids.has(owner.uid) && !pod.metadata.deletionTimestamp)
      c.deletePod(pod.metadata.namespace, pod.metadata.name);
  }
}
