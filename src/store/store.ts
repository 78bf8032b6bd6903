// The one store (zustand vanilla). Sources write snapshots into `sources[id]`; panes select
// narrowly (one source slice, or primitives). Source updates are batched: a burst of
// thousands of publishes becomes at most one store update per frame (see createBatcher).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Config } from '../config/schema.js';
import type { Meta } from './meta.js';
import type { Selections } from './selection.js';

export type SourceStatus = 'unconfigured' | 'connecting' | 'ok' | 'error';

export interface SourceState<T = unknown> {
  status: SourceStatus;
  data?: T;
  /** When the data was last good (epoch ms). */
  fetchedAt?: number;
  /** The last error in words (redacted), kept until the next success. */
  error?: string;
  /** When the status last changed. */
  since: number;
  /** Consecutive failures. */
  failures: number;
  /** Data older than this (ms) is shown as stale. */
  staleAfterMs: number;
  /** Why it is unconfigured: the config key that would enable it. */
  hint?: string;
}

export interface UiState {
  focus: string;
  zoomed: boolean;
  /** The layout mode the user chose with `m` (or ui.layout.mode); unset: by terminal size. */
  mode?: 'grid' | 'board';
  /** The user chose the focused pane (until then it follows the first configured pane). */
  focusChosen?: boolean;
  help: boolean;
  /** The open dialog, by its id in src/ui/overlays.ts (palette, confirm, note, …). */
  modal?: string;
  /** Rows the open dialog reported it needs (src/ui/dialog/rows.ts); 'full': the whole body. */
  overlayRows?: { modal: string; rows: number | 'full' };
  /** A one-line message for the footer (errors from actions, hints). */
  flash?: { text: string; tone: 'info' | 'warn' | 'error'; at: number };
}

/**
 * The features' slices, by key, each with its type. The store's own (config, the header's meta,
 * the selections) are declared here; a feature declares its slice in the module that owns it:
 * `declare module '…/store/store.js' { interface Slices { incident: IncidentSlice } }`. A key
 * nobody declared, or a value of the wrong type, fails the typecheck; nothing is cast.
 */
export interface Slices {
  config: Config;
  /** Partial: backends may report what they learn before the console has set the rest. */
  meta: Partial<Meta>;
  selection: Selections;
  /** The ids of the backends this console started (src/data/backends.ts); a replay has none. */
  backends: readonly string[];
}

export interface AppState {
  sources: Record<string, SourceState>;
  ui: UiState;
  slices: Partial<Slices>;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(initialFocus = 'pods'): AppStore {
  return createStore<AppState>()(() => ({
    sources: {},
    ui: { focus: initialFocus, zoomed: false, help: false },
    slices: {},
  }));
}

export type Effective = 'unconfigured' | 'connecting' | 'ok' | 'stale' | 'error';

/** What a pane title shows: live, stale (data too old), error or connecting. */
export function effectiveStatus(s: SourceState | undefined, now: number): Effective {
  if (!s) return 'connecting';
  if (s.status === 'ok' && s.fetchedAt !== undefined && now - s.fetchedAt > s.staleAfterMs) return 'stale';
  return s.status;
}

type Updater = (prev: SourceState | undefined) => SourceState;

/**
 * Collects source updates and applies them in one setState per frame. Updates to the same
 * source compose in order. `flushNow` exists for tests and for shutdown.
 */
export function createBatcher(store: AppStore, frameMs = 50) {
  let pending = new Map<string, Updater[]>();
  let timer: NodeJS.Timeout | undefined;
  const flushNow = () => {
    timer = undefined;
    if (!pending.size) return;
    const batch = pending;
    pending = new Map();
    // Updates that changed nothing (the same state objects back) notify nobody.
    const st = store.getState();
    const sources = { ...st.sources };
    let changed = false;
    for (const [id, fns] of batch) {
      let cur = sources[id];
      for (const fn of fns) cur = fn(cur);
      if (cur !== sources[id]) changed = true;
      sources[id] = cur!;
    }
    if (changed) store.setState({ sources });
  };
  return {
    update(id: string, fn: Updater) {
      const list = pending.get(id);
      if (list) list.push(fn);
      else pending.set(id, [fn]);
      if (!timer) {
        timer = setTimeout(flushNow, frameMs);
        timer.unref?.();
      }
    },
    flushNow,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
export type Batcher = ReturnType<typeof createBatcher>;

/** A feature slice, typed by its key (see Slices). */
export function getSlice<K extends keyof Slices>(store: AppStore, key: K): Slices[K] | undefined {
  return store.getState().slices[key];
}
export function setSlice<K extends keyof Slices>(
  store: AppStore,
  key: K,
  fn: (prev: Slices[K] | undefined) => Slices[K],
): void {
  store.setState((st) => ({ slices: { ...st.slices, [key]: fn(st.slices[key]) } }));
}
