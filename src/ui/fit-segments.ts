// A one-line status made of segments that gives up its least useful parts first when the room
// is short (the header's incident: phase and key times go before the title is cut, the id before
// who else is on the incident), instead of cutting whatever happens to come last. Pure.
import { cells, fit } from '../util/format.js';

export interface Segment {
  id: string;
  /** The segment's text with its leading separator (' · '). */
  text: string;
  /** A shorter way to say it, taken by `{ short: id }`. */
  short?: string;
}

/**
 * One thing to give up: a segment dropped, said its shorter way, or cut to at most `to` cells
 * with an ellipsis.
 */
export type GiveUp = { drop: string } | { short: string } | { cut: string; to: number };

const idOf = (g: GiveUp) => ('drop' in g ? g.drop : 'short' in g ? g.short : g.cut);

/**
 * The segments that fit in `room` cells, in their order: the give-ups are taken in turn until the
 * rest fits (those that name an absent segment are skipped). What still does not fit after the
 * last is left to the caller's truncation.
 */
export function fitSegments(
  segments: readonly Segment[],
  room: number,
  giveUps: readonly GiveUp[],
): { id: string; text: string }[] {
  const kept = segments.map(({ id, text, short }) => ({ id, text, short, width: cells(text) }));
  let total = kept.reduce((n, s) => n + s.width, 0);
  for (const g of giveUps) {
    if (total <= room) break;
    const i = kept.findIndex((s) => s.id === idOf(g));
    if (i < 0) continue;
    const s = kept[i]!;
    if ('drop' in g) {
      kept.splice(i, 1);
      total -= s.width;
      continue;
    }
    if ('short' in g) {
      if (s.short === undefined) continue;
      s.text = s.short;
      s.short = undefined;
    } else s.text = fit(s.text, Math.max(g.to, s.width - (total - room)));
    const width = cells(s.text);
    total += width - s.width;
    s.width = width;
  }
  return kept.map(({ id, text }) => ({ id, text }));
}
