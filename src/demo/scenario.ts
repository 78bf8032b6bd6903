// What a drill scenario is: a fault from the runbooks that unfolds over a minute or two in the
// demo environment and heals only when the real state changes that the right mitigation makes
// (a rollout undo, an env change, terminated sessions, deleted keys). `start` returns the stop.
import type { DemoEnv } from './environment.js';

export interface Scenario {
  name: string;
  title: string;
  /** One line: what the responder will see. */
  summary: string;
  /** One line: what fixes it (shown by --list and recorded in the drill incident). */
  mitigation: string;
  /** Facts the responder needs for the fix in this environment (e.g. the fallback RPC URL). */
  details?(env: DemoEnv): string | undefined;
  /** Backends the scenario cannot run without. */
  needs?: ('postgres' | 'redis')[];
  start(env: DemoEnv): Promise<() => void> | (() => void);
}

/** The first container's image of a pod or deployment. */
export function imageOf(obj: any): string | undefined {
  const spec = obj?.spec?.template?.spec ?? obj?.spec;
  return spec?.containers?.[0]?.image;
}

export function isReady(pod: any): boolean {
  return !!pod?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Memory quantity (Ki, Mi, Gi, plain bytes) in bytes; undefined when absent or unparsable. */
export function bytes(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q.trim());
  if (!m) return undefined;
  const mult: Record<string, number> = {
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

export const json = (o: Record<string, unknown>) => JSON.stringify(o);
