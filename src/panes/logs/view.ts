// Pure builders for the logs pane (tested without ink): display rows for the stream, the
// grouped errors and the per-source rates, each cut to the pane's width, every untrusted string
// sanitised.
import type { ErrorGroup, Level, LogEntry, LogView, SourceStats } from '../../data/logs/types.js';
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
