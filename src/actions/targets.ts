// What the palette's target picker lists when an action of another pane is chosen (issue 12
// item 11): the objects of the kind the action acts on, read from the store (the same snapshots
// the panes draw), each with the selection id the pane showing them would give it.
import type { ObjectKind } from '../ops/operation.js';
import type { AppStore } from '../store/store.js';
import {
  DEPLOYMENTS_SOURCE,
  PODS_SOURCE,
  type DeploymentsData,
  type PodsData,
} from '../data/kubernetes/types.js';
import { POSTGRES_SOURCE } from '../data/postgres/source.js';
import type { PgSnapshot } from '../data/postgres/types.js';

export interface PickItem {
  /** The selection id (`ns/name`, a pid), as the pane's rows have it. */
  id: string;
  /** What the picker shows. */
  label: string;
}

function data<T>(store: AppStore, source: string): T | undefined {
  return store.getState().sources[source]?.data as T | undefined;
}

const byId = (a: PickItem, b: PickItem) => a.id.localeCompare(b.id);

/** The objects of a kind an action picks from, or [] when none is listed anywhere. */
export function objectsOf(store: AppStore, kind: ObjectKind): PickItem[] {
  switch (kind) {
    case 'deployment':
      return (data<DeploymentsData>(store, DEPLOYMENTS_SOURCE)?.deployments ?? [])
        .map((d) => {
          const id = `${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`;
          return { id, label: `deployment ${id}` };
        })
        .sort(byId);
    case 'pod':
      return (data<PodsData>(store, PODS_SOURCE)?.pods ?? [])
        .filter((p) => !p.metadata?.deletionTimestamp)
        .map((p) => {
          const id = `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
          return { id, label: `pod ${id} (${p.status?.phase ?? '?'})` };
        })
        .sort(byId);
    case 'pg-session':
      return (data<PgSnapshot>(store, POSTGRES_SOURCE)?.sessions ?? []).map((s) => ({
        id: String(s.pid),
        label: `pid ${s.pid} ${s.user}${s.application ? ` ${s.application}` : ''} ${s.state}`,
      }));
    default:
      return [];
  }
}
