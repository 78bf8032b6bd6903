// Where "action started" goes: the incident feature installs a sink (src/incident/inflight.ts
// writes an `acting` journal event, which the shared journal carries to every console on the
// incident); the action's own `action` event, written when it has finished, closes it. With no
// sink nothing is published. UI-free.
import type { Target } from '../operation.js';
import { getSlice, setSlice, type AppStore } from '../../store/store.js';

export interface ActingStart {
  /** The action record's id: the `action` event written at the end carries it too. */
  record: string;
  operation: string;
  /** 'rollout undo backend'. */
  what: string;
  target: Pick<Target, 'backend' | 'context' | 'namespace' | 'kind' | 'name'>;
  /** Others found acting on the same target when it started (the responder confirmed anyway). */
  others?: string[];
  /** Why others could not be checked (the shared database unreachable). */
  unchecked?: string;
}

export interface ActingSink {
  started(s: ActingStart): void;
}

declare module '../../store/store.js' {
  interface Slices {
    actingSink: ActingSink | undefined;
  }
}

/** Installs a console's acting sink (the incident's); undefined: nothing is published. */
export function setActingSink(store: AppStore, s: ActingSink | undefined): void {
  setSlice(store, 'actingSink', () => s);
}

export function actingSink(store: AppStore | undefined): ActingSink | undefined {
  return store && getSlice(store, 'actingSink');
}

/** 'rollout undo backend' from kubernetes.rollout-undo on deployment backend. */
export function actingWhat(operation: string, target: Pick<Target, 'name'>): string {
  return `${operation.replace(/^[a-z]+\./, '').replace(/-/g, ' ')} ${target.name}`;
}
