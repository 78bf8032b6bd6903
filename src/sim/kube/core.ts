// What the simulated cluster's parts share: the fault, usage and exit-log rules a scenario
// sets, and the core (store, logs, clock, events, pod deletion) that the controllers and the
// kubelet work on.
import type { LogStore } from './logs.js';
import type { ObjectStore } from './store.js';
import type { Rng } from './util.js';

export type Fault = 'CrashLoopBackOff' | 'OOMKilled' | 'Pending' | 'ImagePullBackOff' | 'Error';
export type FaultRule = (pod: any, deployment: any | undefined) => Fault | null;
export type UsageRule = (pod: any) => { cpuMillis: number; memoryBytes: number } | null;
/** A dying container's last lines (by default: a crash or an allocation failure). */
export type ExitLogRule = (pod: any, container: string, reason: 'OOMKilled' | 'Error', now: Date) => string[];

export const defaultExitLog: ExitLogRule = (_pod, container, reason, now) =>
  reason === 'OOMKilled'
    ? [`${now.toISOString()} ERROR [${container}] heap usage above limit, allocation failed`]
    : [
        `${now.toISOString()} ERROR [${container}] fatal: could not connect to database: connection refused`,
        'panic: runtime error: invalid memory address or nil pointer dereference',
      ];

export interface ClusterCore {
  readonly store: ObjectStore;
  readonly logs: LogStore;
  readonly rng: Rng;
  /** Simulated time, in controller ticks. */
  readonly ticks: number;
  /** Creating pods straight into Running without events (initial generation). */
  readonly instant: boolean;
  readonly faultRule: FaultRule | null;
  exitLog(pod: any, container: string, reason: 'OOMKilled' | 'Error', now: Date): string[];
  now(): number;
  /** Records an event about obj (not while generating). */
  event(obj: any, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void;
  deletePod(ns: string, name: string): void;
}
