// Owner references: who controls an object, the pods of a ReplicaSet, readiness.
import { KEYS } from './objects.js';
import type { ObjectStore } from './store.js';

export function isReady(pod: any): boolean {
  return !!pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function idOf(obj: any): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

export function controllerRef(obj: any): { name: string; uid: string } | undefined {
  return obj.metadata?.ownerReferences?.find((r: any) => r.controller);
}

export function podsOf(store: ObjectStore, rs: any): any[] {
  return store.ownedBy(KEYS.pods, rs.metadata.uid);
}

export function readyPods(store: ObjectStore, rs: any): any[] {
  return podsOf(store, rs).filter((p) => !p.metadata.deletionTimestamp && isReady(p));
}
