// Pod rows, as `kubectl get pods -A` prints them (plus the node), failing pods ranked first.
// Built outside the view and memoised per pod object (see memo.ts).
import { podStatus, type PodStatus } from '../../data/kubernetes/status.js';
import { ts, type Pod } from '../../data/kubernetes/types.js';
import type { Column, Row } from '../../ui/list.js';
import type { Tone } from '../../ui/tone.js';
import { age } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export const columns: Column[] = [
  { header: 'NAMESPACE', width: 16 },
  { header: 'NAME', width: 0, min: 12, middle: true },
  { header: 'READY', width: 5, align: 'right' },
  { header: 'STATUS', width: 18 },
  { header: 'RESTARTS', width: 12, align: 'right' },
  { header: 'AGE', width: 5, align: 'right' },
  { header: 'NODE', width: 14 },
];

export interface PodInfo {
  namespace: string;
  name: string;
  node: string;
  createdAt?: number;
  status: PodStatus;
}

const infos = new WeakMap<Pod, PodInfo>();

/** Status and display fields of a pod, computed once per pod object. */
export function podInfo(pod: Pod): PodInfo {
  let i = infos.get(pod);
  if (!i) {
    i = {
      namespace: sanitize(pod.metadata?.namespace ?? '', 253),
      name: sanitize(pod.metadata?.name ?? '', 253),
      node: sanitize(pod.spec?.nodeName ?? '', 253),
      createdAt: ts(pod.metadata?.creationTimestamp),
      status: podStatus(pod),
    };
    infos.set(pod, i);
  }
  return i;
}

const BAD =
  /CrashLoopBackOff|Error|OOMKilled|ImagePull|ErrImage|Invalid|Failed|Evicted|Unknown|ExitCode|Signal|CreateContainer|RunContainer|NodeLost|Lost/;

export function statusTone(s: PodStatus): Tone {
  if (!s.failing) return s.reason === 'Completed' || s.reason === 'Succeeded' ? 'muted' : 'none';
  return BAD.test(s.reason) ? 'bad' : 'warn';
}

export function restartsText(s: PodStatus, now: number): string {
  if (!s.restarts) return '0';
  return s.lastRestartAt !== undefined
    ? `${s.restarts} (${age(now - s.lastRestartAt)} ago)`
    : String(s.restarts);
}

export function toRow(pod: Pod, now: number): Row {
  const i = podInfo(pod);
  const s = i.status;
  return {
    id: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
    tone: statusTone(s),
    rank: s.failing ? 0 : 1,
    cells: [
      i.namespace,
      i.name,
      `${s.ready}/${s.total}`,
      s.reason,
      restartsText(s, now),
      i.createdAt !== undefined ? age(now - i.createdAt) : '?',
      i.node || '<none>',
    ],
    sort: [
      i.namespace,
      i.name,
      s.total ? s.ready / s.total : 1,
      s.reason,
      s.restarts,
      -(i.createdAt ?? 0),
      i.node,
    ],
  };
}

/** What changes with time in a pod's row (its ages). */
export function rowStamp(pod: Pod, now: number): string {
  const i = podInfo(pod);
  return `${i.createdAt !== undefined ? age(now - i.createdAt) : ''}|${
    i.status.lastRestartAt !== undefined ? age(now - i.status.lastRestartAt) : ''
  }`;
}

export function podTotals(pods: readonly Pod[]): { total: number; failing: number } {
  let failing = 0;
  for (const p of pods) if (podInfo(p).status.failing) failing++;
  return { total: pods.length, failing };
}
