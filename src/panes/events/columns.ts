// Warning events in scope, newest first, repeated events folded into one row with their
// count (same namespace, object, reason and message), like `kubectl get events
// --field-selector type=Warning --sort-by=.lastTimestamp` read by a responder.
import type { KubeEvent } from '../../data/kubernetes/types.js';
import type { Column, Row } from '../../ui/list.js';
import { age } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';
import { eventCount, eventTime } from '../pods/detail.js';

export const columns: Column[] = [
  { header: 'LAST SEEN', width: 9, align: 'right' },
  { header: 'NAMESPACE', width: 14 },
  { header: 'OBJECT', width: 0, min: 12, middle: true },
  { header: 'REASON', width: 18 },
  { header: 'COUNT', width: 5, align: 'right' },
  { header: 'MESSAGE', width: 0, min: 12 },
];

export interface FoldedEvent {
  key: string;
  namespace: string;
  object: string;
  reason: string;
  message: string;
  count: number;
  last: number;
  first: number;
  /** The events folded in (identity, for memoisation). */
  members: KubeEvent[];
}

export function foldWarnings(events: readonly KubeEvent[]): FoldedEvent[] {
  const by = new Map<string, FoldedEvent>();
  for (const e of events) {
    if (e.type !== 'Warning') continue;
    const ns = e.involvedObject?.namespace ?? e.metadata?.namespace ?? '';
    const object = `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`;
    const reason = e.reason ?? '';
    const message = e.message ?? '';
    const key = `${ns}\u0000${object}\u0000${reason}\u0000${message}`;
    const t = eventTime(e);
    const first = eventFirst(e) ?? t;
    const n = eventCount(e);
    const f = by.get(key);
    if (f) {
      f.count += n;
      f.last = Math.max(f.last, t);
      f.first = Math.min(f.first, first);
      f.members.push(e);
    } else {
      by.set(key, { key, namespace: ns, object, reason, message, count: n, last: t, first, members: [e] });
    }
  }
  return [...by.values()].sort((a, b) => b.last - a.last);
}

function eventFirst(e: KubeEvent): number | undefined {
  const v = e.firstTimestamp as unknown as string | undefined;
  const n = v ? Date.parse(String(v)) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function toRow(f: FoldedEvent, now: number): Row {
  return {
    id: f.key,
    tone: 'warn',
    cells: [
      age(now - f.last),
      sanitize(f.namespace, 253),
      sanitize(f.object, 300),
      sanitize(f.reason, 100),
      String(f.count),
      sanitize(f.message, 1000),
    ],
    sort: [-f.last, f.namespace, f.object, f.reason, f.count, f.message],
  };
}
