// Thin hooks over the store: narrow selectors only (one slice, or primitives).
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppState, AppStore, Slices, SourceState } from '../store/store.js';

export const StoreContext = createContext<AppStore | null>(null);

export function useStoreApi(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('StoreContext missing');
  return s;
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  const store = useStoreApi();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useSource<T>(id: string): SourceState<T> | undefined {
  return useAppStore((s) => s.sources[id]) as SourceState<T> | undefined;
}

export function useSlice<K extends keyof Slices>(key: K): Slices[K] | undefined {
  return useAppStore((s) => s.slices[key]);
}

// One shared 1-second ticker for clocks and data ages, started on first use.
let now = Date.now();
const listeners = new Set<() => void>();
let ticker: NodeJS.Timeout | undefined;
function subscribeNow(fn: () => void) {
  listeners.add(fn);
  if (!ticker) {
    ticker = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
    ticker.unref?.();
  }
  return () => {
    listeners.delete(fn);
    if (!listeners.size && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** Where "now" comes from: the wall clock, or a replay's recorded time (src/ui/replay/). */
export interface Clock {
  subscribe(fn: () => void): () => void;
  now(): number;
}
const wallClock: Clock = { subscribe: subscribeNow, now: () => now };
export const ClockContext = createContext<Clock>(wallClock);

/** The time clocks and data ages are drawn at (the wall clock, ticking each second). */
export function useNow(): number {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, clock.now);
}
