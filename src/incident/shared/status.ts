// The shared journal's state in words, for the header and the scripts' stderr (pure).
import { hhmm } from '../model.js';
import type { SharedStatus } from './replicator.js';

export const eventsWaiting = (n: number) => `${n} event${n === 1 ? '' : 's'} waiting`;

/** The others who have the incident open: 'bob@laptop since 12:02, carol@b3 since 12:05, +2'. */
export function presenceText(s: SharedStatus, self: string, max = 3): string {
  const others = s.present.filter((p) => p.actor !== self);
  if (!others.length) return '';
  const shown = others.slice(0, max).map((p) => `${p.actor} since ${hhmm(p.since)}`);
  return `with ${shown.join(', ')}${others.length > max ? `, +${others.length - max}` : ''}`;
}

/**
 * 'shared: offline since 12:04 · 3 events waiting', 'shared: live · with bob@laptop since 12:02',
 * 'shared: connecting…'.
 */
export function sharedText(s: SharedStatus, self = ''): string {
  const waiting = s.waiting ? ` · ${eventsWaiting(s.waiting)}` : '';
  if (s.state === 'offline') return `shared: offline since ${hhmm(s.since)} · ${eventsWaiting(s.waiting)}`;
  if (s.state === 'connecting') return `shared: connecting…${waiting}`;
  const who = presenceText(s, self);
  return `shared: live${waiting}${who ? ` · ${who}` : ''}`;
}
