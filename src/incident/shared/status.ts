// The shared journal's state in words, for the header and the scripts' stderr (pure).
import { hhmm } from '../model.js';
import type { SharedStatus } from './replicator.js';

export const eventsWaiting = (n: number) => `${n} event${n === 1 ? '' : 's'} waiting`;

/**
 * The others who have the incident open: 'with bob@laptop since 12:02, carol@b3 since 12:05, +2'
 * ('with bob@laptop, carol@b3, +2' without `since`).
 */
export function presenceText(s: SharedStatus, self: string, max = 3, since = true): string {
  const others = s.present.filter((p) => p.actor !== self);
  if (!others.length) return '';
  const shown = others.slice(0, max).map((p) => (since ? `${p.actor} since ${hhmm(p.since)}` : p.actor));
  return `with ${shown.join(', ')}${others.length > max ? `, +${others.length - max}` : ''}`;
}

/**
 * 'shared: offline since 12:04 · 3 events waiting', 'shared: live · with bob@laptop since 12:02',
 * 'shared: connecting…'; `since` false leaves out since when the others are there.
 */
export function sharedText(s: SharedStatus, self = '', since = true): string {
  const waiting = s.waiting ? ` · ${eventsWaiting(s.waiting)}` : '';
  if (s.state === 'offline') return `shared: offline since ${hhmm(s.since)} · ${eventsWaiting(s.waiting)}`;
  if (s.state === 'connecting') return `shared: connecting…${waiting}`;
  const who = presenceText(s, self, 3, since);
  return `shared: live${waiting}${who ? ` · ${who}` : ''}`;
}
