// The pod detail (`kubectl describe pod`) is a view of the pods pane, opened by Enter on a
// pod, or from another pane (e.g. logs) with openPodDetail(store, namespace, name).
import type { AppStore } from '../../store/store.js';
import { setSlice } from '../../store/store.js';

declare module '../../store/store.js' {
  interface Slices {
    podDetail: PodDetailRef | undefined;
  }
}

export const POD_DETAIL = 'podDetail';
export interface PodDetailRef {
  namespace: string;
  name: string;
}

/** Opens the detail of a pod and focuses the pods pane. */
export function openPodDetail(store: AppStore, namespace: string, name: string): void {
  setSlice(store, POD_DETAIL, () => ({ namespace, name }));
  store.setState((s) => ({ ui: { ...s.ui, focus: 'pods' } }));
}

export function closePodDetail(store: AppStore): void {
  setSlice(store, POD_DETAIL, () => undefined);
}
