// Where effects go: the incident feature installs a sink (src/incident/effects.ts writes an
// `effect` journal event under the action's); with no sink, or one that does not take effects
// now (no incident open), the runner follows nothing. Followers still running when the console
// closes are stopped and write nothing.
import { errorText } from '../../util/redact.js';
import { followEffect, type EffectFollow, type EffectResult, type FollowOptions } from './follower.js';
import { getSlice, setSlice, type AppStore } from '../../store/store.js';

export interface EffectSink {
  /** Whether effects are wanted now (an incident is open). */
  accepts(): boolean;
  write(r: EffectResult): void | Promise<void>;
  /** A follower or the write failed: said in words. */
  problem?(text: string): void;
}

interface EffectsSlice {
  sink?: EffectSink;
  running: Set<EffectFollow>;
}
declare module '../../store/store.js' {
  interface Slices {
    effects: EffectsSlice;
  }
}
const effectsOf = (store: AppStore): EffectsSlice => getSlice(store, 'effects') ?? { running: new Set() };

/** Installs a console's effect sink (the incident's); undefined: effects are not followed. */
export function setEffectSink(store: AppStore, sink: EffectSink | undefined): void {
  setSlice(store, 'effects', (prev) => ({ running: prev?.running ?? new Set(), sink }));
}

/** Starts following an action's effect when a sink takes it; the result goes to the sink. */
export function startEffect(o: FollowOptions): EffectFollow | undefined {
  const { sink: s, running } = effectsOf(o.store);
  if (!s || !s.accepts()) return undefined;
  const f = followEffect(o);
  running.add(f);
  f.done
    .then(async (r) => {
      if (!r.interrupted) await s.write(r);
    })
    .catch((err: unknown) => s.problem?.(`effect of ${o.operation}: ${errorText(err)}`))
    .finally(() => running.delete(f));
  return f;
}

/** Stops every follower of a console (its exit); nothing more is written. */
export function stopEffects(store: AppStore): void {
  const { running } = effectsOf(store);
  for (const f of running) f.stop();
  running.clear();
}
