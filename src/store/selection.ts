// What is selected in each list pane, by row id (e.g. 'namespace/name' for a pod). Actions read
// the object from the source's data by this id — never from rendered cells.
import type { AppStore } from './store.js';
import { getSlice, setSlice } from './store.js';

export const SELECTION = 'selection';
export type Selections = Record<string, string | undefined>;

export function setSelection(store: AppStore, pane: string, id: string | undefined): void {
  if (getSlice(store, SELECTION)?.[pane] === id) return;
  setSlice(store, SELECTION, (prev) => ({ ...prev, [pane]: id }));
}

export function getSelection(store: AppStore, pane: string): string | undefined {
  return getSlice(store, SELECTION)?.[pane];
}
