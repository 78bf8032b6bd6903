// Pure builders for the logs pane (tested without ink): display rows for the stream (led by the
// newest errors while errors are flowing), the grouped errors and the per-source rates, each
// cut to the pane's width, every untrusted string sanitised.
import type { ErrorGroup, Level, LogEntry, LogView, SourceStats } from '../../data/logs/types.js';
import { messageOf } from '../../data/logs/pipeline/fingerprint.js';
import { age, fit, pad, sparkline, utcClock } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export interface Segment {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  inverse?: boolean;
}
export interface DisplayRow {
  key: string;
  segments: Segment[];
}

const PALETTE = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'white'];
export function sourceColor(source: string): string {
  let h = 0;
  for (let i = 0; i < source.length; i++) h = (h * 31 + source.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length]!;
}

/** `ns/pod/container` → `pod/container`; a log group → its last two path parts. */
export function shortSource(source: string, origin: LogEntry['origin']): string {
  if (origin === 'k8s') return source.split('/').slice(1).join('/') || source;
  const parts = source.split('/').filter(Boolean);
  return parts.slice(-2).join('/') || source;
}

export const levelMark: Record<Level, { sym: string; color?: string }> = {
  fatal: { sym: '✖', color: 'red' },
  error: { sym: '✖', color: 'red' },
  warn: { sym: '▲', color: 'yellow' },
  info: { sym: ' ' },
  debug: { sym: '·', color: 'gray' },
  unknown: { sym: ' ' },
};

const MAX_FRAMES = 8;

/** Display rows of one entry: its line, then (some of) its continuation lines. */
export function entryRows(e: LogEntry, width: number, selected: boolean, srcWidth: number): DisplayRow[] {
  const mark = levelMark[e.level];
  const src = pad(sanitize(shortSource(e.source, e.origin), 200), srcWidth);
  const prefixLen = 8 + 1 + 2 + srcWidth + 1;
  const textW = Math.max(0, width - prefixLen);
  const err = e.level === 'error' || e.level === 'fatal';
  const rows: DisplayRow[] = [
    {
      key: String(e.seq),
      segments: [
        // Two texts per row (prefix in the source's colour, then the message): a full screen of
        // rows is what every keystroke redraws, so fewer styled runs keep frames cheap.
        { text: `${utcClock(e.ts)} ${mark.sym} ${src} `, color: sourceColor(e.source), inverse: selected },
        // Cut without an ellipsis: an ASCII line stays ASCII (cheap to measure), the border ends it.
        { text: sanitize(e.text, Math.max(1, textW) + 1).slice(0, textW), color: err ? 'red' : undefined },
      ],
    },
  ];
  const extra = e.extra ?? [];
  const shown = extra.slice(0, MAX_FRAMES);
  const indent = ' '.repeat(Math.min(prefixLen, Math.max(0, width - 4)));
  shown.forEach((x, i) =>
    rows.push({
      key: `${e.seq}.${i}`,
      segments: [{ text: fit(`${indent}${sanitize(x.replace(/^\s+/, '  '), width)}`, width), dim: true }],
    }),
  );
  if (extra.length > MAX_FRAMES)
    rows.push({
      key: `${e.seq}.more`,
      segments: [{ text: fit(`${indent}… ${extra.length - MAX_FRAMES} more lines`, width), dim: true }],
    });
  return rows;
}

export interface StreamOptions {
  errorsOnly: boolean;
  /** Entries scrolled back from the newest (0 = following the bottom). */
  scroll: number;
  /** When paused: only entries up to this sequence number. */
  pinnedSeq?: number;
  filter?: RegExp;
  width: number;
  height: number;
}

/** The stream view: newest at the bottom; the bottom entry is the selected one. */
export function streamRows(
  view: LogView,
  o: StreamOptions,
): { rows: DisplayRow[]; selected?: LogEntry; more: boolean } {
  if (o.height <= 0) return { rows: [], more: false };
  const pinned = o.pinnedSeq;
  const re = o.filter;
  const match =
    pinned !== undefined || re
      ? (e: LogEntry) =>
          (pinned === undefined || e.seq <= pinned) && (!re || re.test(e.text) || re.test(e.source))
      : undefined;
  const { entries, more } = view.tail({ errorsOnly: o.errorsOnly, limit: o.height, skip: o.scroll, match });
  const srcWidth = Math.min(40, Math.max(8, Math.floor(o.width / 5)));
  const rows: DisplayRow[] = [];
  const selected = entries[entries.length - 1];
  for (let i = entries.length - 1; i >= 0 && rows.length < o.height; i--) {
    const er = entryRows(entries[i]!, o.width, entries[i] === selected && o.scroll > 0, srcWidth);
    // Keep the entry's first line even if its frames do not all fit.
    const room = o.height - rows.length;
    rows.unshift(...er.slice(0, room));
  }
  return { rows, selected, more: more || entries.length === o.height };
}

/** Body height from which the newest errors lead the stream while errors are flowing. */
export const LEAD_MIN_HEIGHT = 6;

export interface FollowOptions extends StreamOptions {
  /** Errors in the recent window (the snapshot's errorsLastMinute): above zero, errors lead. */
  errorsLastMinute: number;
}

/** One error as one row: its time, source and what it says (a JSON line's message fields). */
function errorRow(e: LogEntry, width: number, srcWidth: number): DisplayRow {
  const src = pad(sanitize(shortSource(e.source, e.origin), 200), srcWidth);
  const prefix = `${utcClock(e.ts)} ${levelMark[e.level].sym} ${src} `;
  const textW = Math.max(0, width - prefix.length);
  const what = messageOf(e.text) ?? e.text;
  return {
    key: `lead.${e.seq}`,
    segments: [
      { text: prefix, color: sourceColor(e.source) },
      { text: sanitize(what.trim(), textW + 1).slice(0, textW), color: 'red' },
    ],
  };
}

/** One error group as one row: how many, since when, what it says. */
function leadGroupRow(g: ErrorGroup, width: number, now: number): DisplayRow {
  const head = `${pad(`×${g.count}`, 7, 'right')} last ${pad(age(now - g.lastSeen), 4)} `;
  const textW = Math.max(0, width - head.length);
  const what = messageOf(g.sample) ?? g.sample;
  const srcs = g.sources.length > 1 ? ` (${g.sources.length} sources)` : '';
  return {
    key: `group.${g.fingerprint}`,
    segments: [
      { text: head, color: 'red', bold: true },
      { text: fit(`${sanitize(what.trim(), textW + 1)}${srcs}`, textW) },
    ],
  };
}

/**
 * The stream as the pane shows it while following: when errors are flowing (and the responder
 * is not scrolling, paused or filtering), the newest errors first (one row each, newest at the
 * top), then the error groups, then the live tail (as streamRows) in the rest of the height.
 * Quiet, or too small: the live tail alone.
 */
export function followRows(
  view: LogView,
  o: FollowOptions & { now: number },
): { rows: DisplayRow[]; selected?: LogEntry; more: boolean; lead: boolean } {
  const following = o.scroll === 0 && o.pinnedSeq === undefined && !o.filter;
  if (!following || o.errorsLastMinute <= 0 || o.height < LEAD_MIN_HEIGHT || view.errorSize() === 0)
    return { ...streamRows(view, o), lead: false };
  const h = o.height;
  const groups = view.groups(Math.max(1, Math.min(3, Math.floor((h - 2) / 4))));
  // The newest errors, one per source and message (a crash logged by three replicas and
  // CloudWatch at once is one row per source, not a screen of the same line).
  const want = Math.max(1, Math.min(5, Math.floor((h - 2) / 3)));
  const newest: LogEntry[] = [];
  const seen = new Set<string>();
  const recent = view.tail({ errorsOnly: true, limit: want * 8, skip: 0 }).entries;
  for (let i = recent.length - 1; i >= 0 && newest.length < want; i--) {
    const e = recent[i]!;
    const id = `${e.source}\n${messageOf(e.text) ?? e.text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    newest.push(e);
  }
  const srcWidth = Math.min(40, Math.max(8, Math.floor(o.width / 5)));
  const rows: DisplayRow[] = [
    {
      key: 'lead',
      segments: [
        {
          text: fit(
            `▼ newest errors first · ${o.errorsLastMinute} in the last minute · ${view.groupCount()} group${view.groupCount() === 1 ? '' : 's'}`,
            o.width,
          ),
          color: 'red',
          bold: true,
        },
      ],
    },
    ...newest.map((e) => errorRow(e, o.width, srcWidth)),
    ...groups.map((g) => leadGroupRow(g, o.width, o.now)),
    { key: 'tail', segments: [{ text: '── live tail '.padEnd(o.width, '─').slice(0, o.width), dim: true }] },
  ];
  const tail = streamRows(view, { ...o, height: h - rows.length });
  return { rows: [...rows, ...tail.rows], selected: tail.selected, more: tail.more, lead: true };
}

/** The grouped view: the runbooks' `grep ERROR | sort | uniq -c | sort -nr`, live. */
export function groupRows(
  groups: readonly ErrorGroup[],
  o: { width: number; height: number; scroll: number; now: number; filter?: RegExp },
): { rows: DisplayRow[]; selected?: ErrorGroup; total: number } {
  const shown = o.filter
    ? groups.filter((g) => o.filter!.test(g.sample) || o.filter!.test(g.fingerprint))
    : groups;
  const header: DisplayRow = {
    key: 'h',
    segments: [
      {
        text: fit(
          `${pad('COUNT', 7, 'right')} ${pad('FIRST', 6)} ${pad('LAST', 6)} ${pad('SOURCES', 18)} ERROR`,
          o.width,
        ),
        bold: true,
      },
    ],
  };
  const body = Math.max(0, o.height - 1);
  const start = Math.max(0, Math.min(o.scroll, Math.max(0, shown.length - 1)));
  const rows: DisplayRow[] = [header];
  const restW = Math.max(0, o.width - (7 + 1 + 6 + 1 + 6 + 1 + 18 + 1));
  shown.slice(start, start + body).forEach((g, i) => {
    const srcs = g.sources.map((s) => s.split('/').slice(-2, -1)[0] ?? s);
    const srcText =
      srcs.length > 1
        ? `${fit(sanitize(srcs[srcs.length - 1]!, 40), 14)} +${srcs.length - 1}`
        : sanitize(srcs[0] ?? '', 40);
    rows.push({
      key: g.fingerprint,
      segments: [
        { text: `${pad(String(g.count), 7, 'right')} `, color: 'red', bold: true, inverse: i === 0 },
        { text: `${pad(age(o.now - g.firstSeen), 6)} ${pad(age(o.now - g.lastSeen), 6)} `, dim: true },
        { text: `${pad(srcText, 18)} `, color: sourceColor(g.sources[0] ?? '') },
        { text: fit(sanitize(g.sample.trim(), restW + 1), restW) },
      ],
    });
  });
  return { rows, selected: shown[start], total: shown.length };
}

/** Per-source error rates: errors/min sparkline and share of lines. */
export function sourceRows(
  stats: readonly SourceStats[],
  o: { width: number; height: number; scroll: number },
): DisplayRow[] {
  const sparkW = Math.min(30, Math.max(5, o.width - 60));
  const srcW = Math.max(10, o.width - (8 + 1 + 7 + 1 + 6 + 1 + sparkW + 1));
  const rows: DisplayRow[] = [
    {
      key: 'h',
      segments: [
        {
          text: fit(
            `${pad('SOURCE', srcW)} ${pad('LINES', 8, 'right')} ${pad('ERRORS', 7, 'right')} ${pad('ERR%', 6, 'right')} ERR/MIN`,
            o.width,
          ),
          bold: true,
        },
      ],
    },
  ];
  const start = Math.max(0, Math.min(o.scroll, Math.max(0, stats.length - 1)));
  // When sources are hidden, the last line says so (`7 of 9 ↓`, issue 12 item 14).
  const room = Math.max(0, o.height - 1);
  const hidden = stats.length - start > room || start > 0;
  const take = hidden && room >= 2 ? room - 1 : room;
  const shown = stats.slice(start, start + take);
  for (const s of shown) {
    rows.push({
      key: s.source,
      segments: [
        { text: `${pad(sanitize(s.source, 200), srcW)} `, color: sourceColor(s.source) },
        { text: `${pad(String(s.lines), 8, 'right')} ` },
        { text: `${pad(String(s.errors), 7, 'right')} `, color: s.errors ? 'red' : undefined },
        {
          text: `${pad(`${(s.errorRate * 100).toFixed(1)}%`, 6, 'right')} `,
          color: s.errorRate > 0.05 ? 'red' : undefined,
        },
        { text: fit(sparkline(s.errorsPerMinute, sparkW), sparkW), color: 'red' },
      ],
    });
  }
  if (hidden && room >= 2) {
    const below = stats.length - start - shown.length;
    rows.push({
      key: 'more',
      segments: [
        {
          text: `${start > 0 ? `${start} ↑ · ` : ''}${start + shown.length} of ${stats.length}${below > 0 ? ' ↓' : ''}`,
          dim: true,
        },
      ],
    });
  }
  return rows;
}

/** A `/` filter as a case-insensitive regex; an invalid one is matched literally. */
export function filterRegex(text: string): RegExp | undefined {
  if (!text) return undefined;
  try {
    return new RegExp(text, 'i');
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}

/** Which pod a source string names (`ns/pod/container`), for the jump and previous logs. */
export function podOf(e: Pick<LogEntry, 'pod' | 'source' | 'origin'> | undefined) {
  if (!e) return undefined;
  if (e.pod) return e.pod;
  if (e.origin !== 'k8s') return undefined;
  const [namespace, name, container] = e.source.split('/');
  return namespace && name && container ? { namespace, name, container } : undefined;
}
