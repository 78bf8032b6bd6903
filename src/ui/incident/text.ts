// Reading and writing a start time typed by a responder (UTC), for the declare dialog. Text
// editing from key events is src/ui/dialog/text.ts.

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
