// A pane's view state (its mode, filter, sort, selected row) kept in the store rather than in
// the component, so that it belongs to the pane and not to its size: zooming, switching the
// layout mode or the pane leaving the grid for the status board and coming back keep it
// (issue 12 item 3). Narrow: each value is selected on its own.
import { useCallback } from 'react';
import { setSlice } from '../store/store.js';
import { useAppStore, useStoreApi } from './hooks.js';

declare module '../store/store.js' {
  interface Slices {
    paneView: Views;
  }
}

export const PANE_VIEW = 'paneView';
type Views = Record<string, unknown>;

export function usePaneView<T>(key: string, initial: T): [T, (v: T | ((prev: T) => T)) => void] {
  const store = useStoreApi();
  const stored = useAppStore((s) => s.slices[PANE_VIEW]?.[key]) as T | undefined;
  const value = stored === undefined ? initial : stored;
  const set = useCallback(
    (v: T | ((prev: T) => T)) =>
      setSlice(store, PANE_VIEW, (prev) => {
        const cur = prev?.[key] === undefined ? initial : (prev[key] as T);
        const next = typeof v === 'function' ? (v as (p: T) => T)(cur) : v;
        return { ...prev, [key]: next };
      }),
    // `initial` is a constant per call site: not a dependency.
    [store, key],
  );
  return [value, set];
}
