// The shared journal's state in words, for the header and the scripts' stderr (pure).
import { hhmm } from '../model.js';
import type { SharedStatus } from './replicator.js';

export const eventsWaiting = (n: number) => `${n} event${n === 1 ? '' : 's'} waiting`;

/** 'shared: offline since 12:04 · 3 events waiting', 'shared: live', 'shared: connecting…'. */
export function sharedText(s: SharedStatus): string {
  const waiting = s.waiting ? ` · ${eventsWaiting(s.waiting)}` : '';
  if (s.state === 'offline') return `shared: offline since ${hhmm(s.since)} · ${eventsWaiting(s.waiting)}`;
  if (s.state === 'connecting') return `shared: connecting…${waiting}`;
  return `shared: live${waiting}`;
}
