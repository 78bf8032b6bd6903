// The Kubernetes follower's byte path: whole lines go on as raw bytes, the resume position is
// read from the tail of each chunk, a resumed stream drops what was already shown, and the
// pipeline takes each line's time from its kubelet timestamp.
import { describe, expect, it } from 'vitest';
import { ResumeCursor, type StreamPosition } from '../../src/data/logs/k8s-resume.js';
import { k8sTimeAt } from '../../src/data/logs/pipeline/k8s-time.js';
import { MAX_LINE_BYTES } from '../../src/data/logs/pipeline/lines.js';
import { LogPipeline } from '../../src/data/logs/pipeline/pipeline.js';

const fresh = (): StreamPosition => ({ seenAtLast: new Set(), everStarted: true });
/** A stream resumed after it showed line `a` at 10:00:05. */
const resumedAt5 = (): StreamPosition => ({
  lastKey: T(5),
  lastMs: Date.parse(T(5)),
  seenAtLast: new Set(['a']),
  everStarted: true,
});
const T = (s: number, ns = '000000000') => `2026-11-23T10:00:${String(s).padStart(2, '0')}.${ns}Z`;

describe('ResumeCursor', () => {
  it('hands on whole lines only and keeps the last timestamp with the lines printed at it', () => {
    const pos = fresh();
    const c = new ResumeCursor(pos);
    const text = `${T(1)} INFO one\n${T(2)} INFO two\n${T(2)} INFO two again\n${T(3)} INFO thr`;
    const a = c.push(Buffer.from(text.slice(0, 40)));
    const b = c.push(Buffer.from(text.slice(40)));
    expect(Buffer.concat([a ?? Buffer.alloc(0), b!]).toString()).toBe(
      text.slice(0, text.lastIndexOf('\n') + 1),
    );
    expect(pos.lastKey).toBe(T(2));
    expect(pos.lastMs).toBe(Date.parse(T(2)));
    expect([...pos.seenAtLast]).toEqual(['INFO two again', 'INFO two']);
    expect(c.push(Buffer.from('ee\n'))!.toString()).toBe(`${T(3)} INFO three\n`);
    expect(pos.lastKey).toBe(T(3));
    expect([...pos.seenAtLast]).toEqual(['INFO three']);
    expect(c.gotLine).toBe(true);
  });

  it('adds to the lines seen when a chunk ends at the same timestamp as the one before', () => {
    const pos = fresh();
    const c = new ResumeCursor(pos);
    c.push(Buffer.from(`${T(5)} a\n`));
    c.push(Buffer.from(`${T(5)} b\r\n`));
    expect(pos.lastKey).toBe(T(5));
    expect([...pos.seenAtLast].sort()).toEqual(['a', 'b']);
  });

  it('a resumed stream drops the lines before its resume point and those already seen at it', () => {
    const c = new ResumeCursor(resumedAt5());
    const out = c.push(
      Buffer.from(`${T(4)} old\n${T(5)} a\n${T(5)} b\nno timestamp\n${T(6)} c\n${T(4)} x\n`),
    );
    // Past the resume point, the rest goes on as it came.
    expect(out!.toString()).toBe(`${T(5)} b\nno timestamp\n${T(6)} c\n${T(4)} x\n`);
    expect(c.push(Buffer.from(`${T(5)} a\n`))!.toString()).toBe(`${T(5)} a\n`);
  });

  it('a stream that sends only what was seen hands nothing on', () => {
    const c = new ResumeCursor(resumedAt5());
    expect(c.push(Buffer.from(`${T(5)} a\n`))).toBeUndefined();
    expect(c.gotLine).toBe(false);
  });

  it('a line too long to hold goes on as it comes (bounded memory)', () => {
    const c = new ResumeCursor(fresh());
    const big = Buffer.alloc(MAX_LINE_BYTES + 1000, 120);
    expect(c.push(big)!.length).toBe(big.length);
    expect(c.push(Buffer.from('yy\nnext'))!.toString()).toBe('yy\n');
    expect(c.push(Buffer.from('\n'))!.toString()).toBe('next\n');
  });
});

describe('k8sTimeAt', () => {
  it('reads the kubelet timestamp from the bytes, as Date.parse would', () => {
    for (const ts of [
      '2026-11-23T11:14:50.123456789Z',
      '2026-11-23T11:14:50Z',
      '2024-02-29T23:59:59.9Z',
      '1999-12-31T00:00:00.05Z',
    ]) {
      const buf = Buffer.from(`${ts} text`);
      expect(k8sTimeAt(buf, 0, buf.length)).toBe(Date.parse(ts.replace(/(\.\d{3})\d+Z/, '$1Z')));
    }
    for (const bad of [
      '2026-11-23 11:14:50Z x',
      '2026-11-23T11:14:50+01:00 x',
      'INFO 2026-11-23T11:14:50Z',
      '2026-11-23T11:14:50.Z x',
    ]) {
      const buf = Buffer.from(bad);
      expect(k8sTimeAt(buf, 0, buf.length)).toBeNaN();
    }
  });

  it('the pipeline takes the time from the timestamp and keeps the rest as the text', () => {
    const p = new LogPipeline({ now: () => 42 });
    const src = { source: 'ns/pod/app', origin: 'k8s' as const, timestamps: true };
    p.pushBytes(src, Buffer.from(`${T(7, '250000000')} ERROR boom\nno timestamp here\n`));
    const { entries } = p.tail({ errorsOnly: false, limit: 10, skip: 0 });
    expect(entries.map((e) => [e.text, e.ts])).toEqual([
      ['ERROR boom', Date.parse(T(7, '250'))],
      ['no timestamp here', 42],
    ]);
  });
});
