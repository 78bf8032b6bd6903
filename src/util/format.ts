// Small pure formatters shared by panes (ages like kubectl prints them, bytes, percentages,
// cutting and padding to a width in terminal cells).
import cliTruncate from 'cli-truncate';
import { isPrintableAscii } from './ascii.js';
import stringWidth from './text-width.js';

export function age(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  // Coarse on purpose: an age on screen changes at most once a minute after its first minute,
  // so an idle console repaints (and sends over SSH) next to nothing (issue 15).
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 && h < 10 ? `${h}h${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 && d < 10 ? `${d}d${h % 24}h` : `${d}d`;
}

export function bytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)}${units[i]}`;
}

/** A rate per second: whole from 10 on, one decimal below. */
export function fmtRate(v: number): string {
  if (v >= 100) return String(Math.round(v));
  if (v >= 10) return v.toFixed(0);
  return v.toFixed(1);
}

export function pct(part: number, whole: number): string {
  if (!whole) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** Width in terminal cells, as the terminal measures it (wide CJK and emoji take two). */
export function cells(text: string): number {
  return isPrintableAscii(text) ? text.length : stringWidth(text);
}

/** Cuts to width (terminal cells) with an ellipsis; never splits a character or surrogate pair. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (isPrintableAscii(text)) {
    if (text.length <= width) return text;
    if (width === 1) return '…';
    return `${text.slice(0, width - 1)}…`;
  }
  return stringWidth(text) <= width ? text : cliTruncate(text, width, { truncationCharacter: '…' });
}

/** Cuts in the middle, keeping the tail that tells objects apart (pod name suffixes). */
export function fitMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (width < 5) return fit(text, width);
  if (isPrintableAscii(text)) {
    if (text.length <= width) return text;
    const tail = Math.ceil((width - 1) / 2);
    return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
  }
  return stringWidth(text) <= width
    ? text
    : cliTruncate(text, width, { position: 'middle', truncationCharacter: '…' });
}

/** Cut and padded to exactly width cells. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left', middle = false): string {
  const t = middle ? fitMiddle(text, width) : fit(text, width);
  const fill = ' '.repeat(Math.max(0, width - cells(t)));
  return align === 'right' ? fill + t : t + fill;
}

/** HH:MM:SS, or HH:MM without `seconds` (the header's clock unless ui.clockSeconds). */
export function utcClock(ms: number, seconds = true): string {
  return new Date(ms).toISOString().slice(11, seconds ? 19 : 16);
}

export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

const BLOCKS = '▁▂▃▄▅▆▇█';
export function sparkline(values: readonly number[], width: number): string {
  const vs = values.slice(-width);
  if (!vs.length) return '';
  const max = Math.max(...vs);
  const min = Math.min(0, ...vs);
  const span = max - min || 1;
  return vs.map((v) => BLOCKS[Math.min(7, Math.max(0, Math.round(((v - min) / span) * 7)))]).join('');
}

export function gauge(part: number, whole: number, width: number): string {
  if (width <= 0) return '';
  const ratio = whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
  const filled = Math.round(ratio * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
