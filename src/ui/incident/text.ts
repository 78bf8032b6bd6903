// Small pure helpers for the incident dialogs: one-line text editing from key events, and
// reading a start time typed by a responder (UTC).
import type { KeyEvent } from '../keys.js';

/** The new value after a key, or undefined when the key is not an edit. */
export function editText(value: string, ev: KeyEvent): string | undefined {
  if (ev.name === 'backspace') return value.slice(0, -1);
  if (ev.name === 'ctrl+u') return '';
  if (ev.name === 'ctrl+w') return value.replace(/\s*\S+\s*$/, '');
  if (ev.key.ctrl || ev.key.meta || ev.key.escape || ev.key.return || ev.key.tab) return undefined;
  if (!ev.input) return undefined;
  const clean = ev.input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
  if (!clean || ev.key.upArrow || ev.key.downArrow || ev.key.leftArrow || ev.key.rightArrow) return undefined;
  return value + clean;
}

/** 'YYYY-MM-DD HH:MM' in UTC. */
export function formatStart(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A start time in UTC: 'YYYY-MM-DD HH:MM[:SS]', an ISO timestamp, 'HH:MM' (today, or yesterday
 * when that would be in the future), or '-15m' / '-2h' (ago). Never in the future.
 */
export function parseStart(text: string, now: number): number | string {
  const t = text.trim();
  if (!t) return now;
  let ms: number | undefined;
  const rel = /^-(\d+)\s*([mh])$/i.exec(t);
  const hm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (rel) ms = now - Number(rel[1]) * (rel[2]!.toLowerCase() === 'h' ? 3_600_000 : 60_000);
  else if (hm) {
    const d = new Date(now);
    const h = Number(hm[1]);
    const m = Number(hm[2]);
    if (h > 23 || m > 59) return 'hours 0-23, minutes 0-59';
    ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m);
    if (ms > now) ms -= 86_400_000;
  } else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?$/.test(t)) {
    ms = Date.parse(`${t.replace(' ', 'T').replace(/Z$/, '')}Z`);
  }
  if (ms === undefined || !Number.isFinite(ms)) return 'start time: YYYY-MM-DD HH:MM (UTC), HH:MM, or -15m';
  if (ms > now + 60_000) return 'the start time is in the future';
  return ms;
}

/**
 * A terminal delivers fast typing or a paste as one chunk ("title\t2\r"): split it into text
 * runs and separate Tab / Enter events so that a form sees them in order.
 */
export function explode(ev: KeyEvent): KeyEvent[] {
  const input = ev.input;
  if (!input || input.length < 2 || !/[\t\r\n]/.test(input) || ev.key.ctrl || ev.key.meta) return [ev];
  const out: KeyEvent[] = [];
  const plain = { ...ev.key, tab: false, return: false, shift: false };
  for (const part of input.split(/([\t\r\n])/)) {
    if (!part) continue;
    if (part === '\t') out.push({ name: 'tab', input: '\t', key: { ...plain, tab: true } });
    else if (part === '\r' || part === '\n')
      out.push({ name: 'enter', input: '\r', key: { ...plain, return: true } });
    else out.push({ name: part, input: part, key: plain });
  }
  return out;
}
