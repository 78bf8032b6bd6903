// Thin hooks over the store: narrow selectors only (one slice, or primitives).
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
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

/**
 * The time clocks and data ages are drawn at, re-rendering the component only when the time,
 * cut to `resolutionMs` (on the clock's grid), changes: a clock in minutes redraws once a
 * minute, not every second. The value returned is the clock's latest time, not the cut one.
 */
export function useNow(resolutionMs = 1000): number {
  const clock = useContext(ClockContext);
  useSyncExternalStore(clock.subscribe, () => Math.floor(clock.now() / resolutionMs));
  return clock.now();
}

/**
 * What a component draws from the time (an age, a status with an age), re-rendering it only
 * when that text changes: `derive` must return a primitive (compared with Object.is). Ages that
 * tick in minutes then cost one render a minute, not sixty (issue 15).
 */
export function useNowDerived<T extends string | number | boolean | undefined>(
  derive: (now: number) => T,
): T {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, () => derive(clock.now()));
}

/** The clock's latest time, read without subscribing (beside useNowDerived, which re-renders). */
export function useClockNow(): number {
  return useContext(ClockContext).now();
}

/**
 * A primitive derived from the store and the time together (which panes are stale): re-renders
 * only when the derived value changes, on a store update or a clock tick.
 */
export function useStoreAndNow<T extends string | number | boolean | undefined>(
  derive: (s: AppState, now: number) => T,
): T {
  const store = useStoreApi();
  const clock = useContext(ClockContext);
  const subscribe = useMemo(
    () => (fn: () => void) => {
      const a = store.subscribe(fn);
      const b = clock.subscribe(fn);
      return () => {
        a();
        b();
      };
    },
    [store, clock],
  );
  return useSyncExternalStore(subscribe, () => derive(store.getState(), clock.now()));
}
