// The logs stream's view function (followRows): while errors are flowing the pane leads with the
// newest errors (newest at the top, one row each, a JSON line's message) and the error groups,
// above the live tail, within its height; quiet, scrolled, paused, filtered or too small: the
// live tail alone, as streamRows draws it.
import { describe, expect, it } from 'vitest';
import { LogPipeline } from '../../src/data/logs/pipeline/pipeline.js';
import { followRows, LEAD_MIN_HEIGHT, streamRows, type DisplayRow } from '../../src/panes/logs/view.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const text = (r: DisplayRow) => r.segments.map((s) => s.text).join('');

function pipeline() {
  const p = new LogPipeline({ bufferLines: 1000 });
  const line = (pod: string, t: string, ts: number) =>
    p.ingest({ source: `shop/${pod}/app`, origin: 'k8s', text: t, ts });
  for (let i = 0; i < 20; i++) line('frontend-1', `INFO request ${i} ok`, T0 + i);
  return { p, line };
}

const opts = { errorsOnly: false, scroll: 0, width: 120, height: 20, now: T0 + 5000 };

describe('followRows', () => {
  it('quiet (no error in the recent window): the live tail as streamRows draws it', () => {
    const { p, line } = pipeline();
    line('backend-1', 'ERROR old failure', T0 - 3_600_000);
    const quiet = followRows(p, { ...opts, errorsLastMinute: 0 });
    expect(quiet.lead).toBe(false);
    expect(quiet.rows).toEqual(streamRows(p, opts).rows);
    expect(quiet.rows.map(text).join('\n')).toContain('INFO request 19 ok');
  });

  it('errors flowing: header, newest errors newest first, groups, then the live tail, within the height', () => {
    const { p, line } = pipeline();
    line('backend-1', 'ERROR timeout after 3000ms calling payments', T0 + 100);
    line('backend-2', 'ERROR timeout after 12ms calling payments', T0 + 200);
    line(
      'backend-3',
      '{"level":"error","msg":"uncaught exception, exiting","error":"TypeError: Cannot read properties of undefined (reading \'priceFeeds\')"}',
      T0 + 300,
    );
    line('backend-3', '    at loadConfig (/app/dist/config/index.js:42:31)', T0 + 300);
    line('frontend-1', 'INFO request 99 ok', T0 + 400);
    const r = followRows(p, { ...opts, errorsLastMinute: 3 });
    expect(r.lead).toBe(true);
    const t = r.rows.map(text);
    expect(r.rows.length).toBeLessThanOrEqual(opts.height);
    expect(r.rows.length).toBe(opts.height); // the tail fills the rest
    for (const x of t) expect([...x].length).toBeLessThanOrEqual(opts.width);
    expect(t[0]).toMatch(/^▼ newest errors first · 3 in the last minute · 2 groups/);
    // Newest first, the JSON line by what it says (its message fields), one row each.
    expect(t[1]).toMatch(
      /^12:00:00 ✖ backend-3\/app\s+uncaught exception, exiting · TypeError: Cannot read properties/,
    );
    expect(t[2]).toMatch(/backend-2\/app\s+ERROR timeout after 12ms calling payments$/);
    expect(t[3]).toMatch(/backend-1\/app\s+ERROR timeout after 3000ms/);
    // The groups: the timeout twice (two sources), the crash once.
    const groups = t.filter((x) => /^\s+×\d+ last/.test(x));
    expect(groups[0]).toMatch(/^\s+×2 last 4s\s+ERROR timeout after 12ms calling payments \(2 sources\)/);
    const sep = t.findIndex((x) => x.startsWith('── live tail'));
    expect(sep).toBeGreaterThan(3);
    // Below: the live tail as today (every line in ALL mode), newest at the bottom, frames kept.
    expect(t.at(-1)).toContain('INFO request 99 ok');
    expect(t.slice(sep).some((x) => x.includes('at loadConfig'))).toBe(true);
    expect(r.selected?.text).toBe('INFO request 99 ok');
  });

  it('fits the small heights of a grid pane and leaves room for the tail', () => {
    const { p, line } = pipeline();
    for (let i = 0; i < 12; i++) line(`backend-${i % 3}`, `ERROR failure kind ${i % 4} #${i}`, T0 + 100 + i);
    for (const height of [LEAD_MIN_HEIGHT, 9, 12, 44]) {
      for (const width of [40, 80, 196]) {
        const r = followRows(p, { ...opts, width, height, errorsLastMinute: 12 });
        expect(r.lead).toBe(true);
        expect(r.rows.length).toBeLessThanOrEqual(height);
        for (const x of r.rows.map(text)) expect([...x].length).toBeLessThanOrEqual(width);
        const sep = r.rows.map(text).findIndex((x) => x.startsWith('── live tail'));
        expect(sep).toBeLessThan(height - 1); // at least one row of tail
      }
    }
    // Too small for both: the tail alone.
    expect(followRows(p, { ...opts, height: LEAD_MIN_HEIGHT - 1, errorsLastMinute: 12 }).lead).toBe(false);
  });

  it('one row per source and message: a crash repeated by one source is not a screen of one line', () => {
    const { p, line } = pipeline();
    line('backend-1', 'ERROR disk full', T0 + 50);
    for (let i = 0; i < 6; i++) line('backend-2', 'ERROR crash', T0 + 100 + i);
    line('backend-3', 'ERROR crash', T0 + 200);
    const t = followRows(p, { ...opts, errorsLastMinute: 8 }).rows.map(text);
    const lead = t.slice(
      1,
      t.findIndex((x) => /^\s+×/.test(x)),
    );
    expect(lead).toHaveLength(3);
    expect(lead[0]).toMatch(/backend-3\/app\s+ERROR crash/);
    expect(lead[1]).toMatch(/backend-2\/app\s+ERROR crash/);
    expect(lead[2]).toMatch(/backend-1\/app\s+ERROR disk full/);
  });

  it('scrolled back, paused or filtered: the responder is reading the stream, no lead', () => {
    const { p, line } = pipeline();
    line('backend-1', 'ERROR boom', T0 + 100);
    const flowing = { ...opts, errorsLastMinute: 1 };
    expect(followRows(p, { ...flowing, scroll: 2 }).lead).toBe(false);
    expect(followRows(p, { ...flowing, pinnedSeq: 5 }).lead).toBe(false);
    expect(followRows(p, { ...flowing, filter: /boom/ }).lead).toBe(false);
    expect(followRows(p, flowing).lead).toBe(true);
  });

  it('untrusted text in the lead is neutralised and cut', () => {
    const { p, line } = pipeline();
    line('backend-1', `ERROR \x1b[2J\x1b]52;c;aGk=\x07 wipe ${'x'.repeat(10_000)}`, T0 + 100);
    const r = followRows(p, { ...opts, errorsLastMinute: 1 });
    const all = r.rows.map(text).join('\n');
    expect(all).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    for (const x of r.rows.map(text)) expect([...x].length).toBeLessThanOrEqual(opts.width);
  });
});
