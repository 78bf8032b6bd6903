// Which panes the console shows and in which order: `ui.layout.panes` in the config, else
// every pane in registry order. Digit keys keep the registry's numbers (1 Pods … 0 Logs)
// whatever the order, so that a pane's number never changes.
import type { Config } from '../config/schema.js';
import { paneById, panes } from '../panes/registry.js';
import type { PaneDef } from '../panes/types.js';
import type { AppState } from '../store/store.js';
import { paneState, type PaneState } from './pane-state.js';

export function layoutConfig(s: AppState): NonNullable<Config['ui']>['layout'] {
  return (s.slices.config as Config | undefined)?.ui?.layout;
}

/** The panes in layout order (`ui.layout.panes`, or all of them). */
export function orderedPanes(s: AppState): PaneDef[] {
  const ids = layoutConfig(s)?.panes;
  if (!ids) return panes;
  const out = [...new Set(ids)].map((id) => paneById.get(id)).filter((p): p is PaneDef => !!p);
  return out.length ? out : panes;
}

/** The registry index of a pane (its digit key: index 0 → 1, …, 9 → 0). */
export function paneNumber(id: string): number {
  return panes.findIndex((p) => p.id === id);
}

export function paneStates(s: AppState, now: number): PaneState[] {
  return orderedPanes(s).map((d) => paneState(d, s, now));
}

/** Panes that focus moves through with Tab: the configured ones, in layout order. */
export function focusable(s: AppState, now: number): string[] {
  const st = paneStates(s, now);
  const ids = st.filter((p) => p.configured).map((p) => p.id);
  return ids.length ? ids : st.map((p) => p.id);
}
