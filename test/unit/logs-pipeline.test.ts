import { describe, expect, it } from 'vitest';
import { detectLevel, compilePatterns, isContinuation } from '../../src/data/logs/pipeline/level.js';
import { fingerprint } from '../../src/data/logs/pipeline/fingerprint.js';
import { Ring } from '../../src/data/logs/pipeline/ring.js';
import { MinuteCounter } from '../../src/data/logs/pipeline/rate.js';
import { LineSplitter } from '../../src/data/logs/pipeline/lines.js';
import { LogPipeline } from '../../src/data/logs/pipeline/pipeline.js';

describe('detectLevel', () => {
  it.each([
    ['{"level":"error","msg":"db down"}', 'error'],
    ['{"severity":"WARNING","message":"slow"}', 'warn'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":60,"msg":"pino fatal"}', 'fatal'],
    ['{"level":30,"msg":"pino info"}', 'info'],
    ['{"level":"info","status":503,"path":"/api"}', 'error'],
    ['ts=2026-11-23T10:00:00Z level=error msg="payment failed"', 'error'],
    ['level=info status=502 path=/x', 'error'],
    ['level=warn msg=slow', 'warn'],
    ['2026-11-23 10:00:00 ERROR [main] Failed to connect', 'error'],
    ['2026-11-23 10:00:00 INFO [main] started, 0 errors', 'info'],
    ['FATAL: out of memory', 'fatal'],
    ['panic: runtime error: invalid memory address', 'fatal'],
    ['java.lang.NullPointerException: foo', 'error'],
    ['Traceback (most recent call last):', 'error'],
    ['E1123 11:14:50.123456   1 controller.go:42] sync failed', 'error'],
    ['I1123 11:14:50.123456   1 controller.go:42] synced', 'info'],
    ['10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET /api HTTP/1.1" 503 12 "-" "curl"', 'error'],
    ['10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET /api HTTP/1.1" 200 12 "-" "curl"', 'unknown'],
    ['2026/11/23 10:00:00 [error] 12#0: upstream timed out', 'error'],
    ['just a line', 'unknown'],
    ['DEBUG cache miss', 'debug'],
  ])('%s → %s', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });

  it('applies configured error patterns', () => {
    const errorPatterns = compilePatterns(['insufficient funds', '(bad']);
    expect(detectLevel('tx rejected: insufficient funds', { errorPatterns })).toBe('error');
    expect(detectLevel('weird (bad regex', { errorPatterns })).toBe('error');
    expect(detectLevel('all good', { errorPatterns })).toBe('unknown');
  });

  it('recognises continuation lines', () => {
    expect(isContinuation('\tat com.x.Foo.bar(Foo.java:10)', false)).toBe(true);
    expect(isContinuation('Caused by: java.io.IOException: x', false)).toBe(true);
    expect(isContinuation('ValueError: bad', true)).toBe(true);
    expect(isContinuation('ValueError: bad', false)).toBe(false);
    expect(isContinuation('2026-11-23 ERROR x', true)).toBe(false);
  });
});

describe('fingerprint', () => {
  it('masks what varies', () => {
    const a = fingerprint(
      '2026-11-23T10:00:00.123Z ERROR timeout after 3012ms for order 8812 from 10.1.2.3:5432',
    );
    const b = fingerprint(
      '2026-11-23T10:00:09.999Z ERROR timeout after 98ms for order 17 from 10.9.9.9:6000',
    );
    expect(a).toBe(b);
    expect(a).toBe('ERROR timeout after #ms for order # from <ip>');
  });
  it('masks UUIDs, hex and quoted values', () => {
    expect(
      fingerprint('user "alice" req 3f2a9c1e-1b2c-4d5e-8f90-0123456789ab tx 0xdeadbeef hash 9fa8b7c6d5e4'),
    ).toBe('user "…" req <uuid> tx <hex> hash <hex>');
  });
  it('masks Kubernetes pod name suffixes', () => {
    expect(fingerprint('ERROR pod backend-tm8qfk2jhc-grcn2 lost connection')).toBe(
      fingerprint('ERROR pod backend-7d9f8c6b5-x2k4q lost connection'),
    );
    expect(fingerprint('ERROR pod backend-7d9f8c6b5-x2k4q lost connection')).toBe(
      'ERROR pod backend-<pod> lost connection',
    );
  });
  it('uses JSON message fields', () => {
    expect(fingerprint('{"level":"error","msg":"db timeout after 30s","reqId":"abc"}')).toBe(
      'db timeout after #s',
    );
    expect(fingerprint('{"level":50,"err":{"type":"Error","message":"ECONNREFUSED 10.0.0.5:5432"}}')).toBe(
      'Error: ECONNREFUSED <ip>',
    );
  });
  it('is bounded', () => {
    expect(fingerprint('ERROR ' + 'x'.repeat(100_000)).length).toBeLessThanOrEqual(200);
  });
});

describe('Ring', () => {
  it('keeps the newest items and reports evictions', () => {
    const r = new Ring<number>(3);
    expect(r.push(1)).toBeUndefined();
    r.push(2);
    r.push(3);
    expect(r.push(4)).toBe(1);
    expect(r.toArray()).toEqual([2, 3, 4]);
    expect(r.fromNewest(0)).toBe(4);
    expect(r.fromNewest(2)).toBe(2);
    expect(r.fromNewest(3)).toBeUndefined();
  });
});

describe('MinuteCounter', () => {
  it('counts per minute in a sliding window', () => {
    const c = new MinuteCounter(5);
    const t0 = 10 * 60_000;
    c.add(t0, true, t0);
    c.add(t0 + 1000, false, t0 + 1000);
    c.add(t0 + 60_000, true, t0 + 60_000);
    expect(c.series(t0 + 60_000, 'errors')).toEqual([0, 0, 0, 1, 1]);
    expect(c.series(t0 + 60_000, 'lines')).toEqual([0, 0, 0, 2, 1]);
    expect(c.rate(t0 + 60_000, 5)).toBeCloseTo(2 / 3);
    // 10 minutes later everything has slid out
    expect(c.series(t0 + 11 * 60_000, 'errors')).toEqual([0, 0, 0, 0, 0]);
    // too old for the window: ignored; future: counted now
    c.add(0, true, t0 + 11 * 60_000);
    c.add(t0 + 99 * 60_000, true, t0 + 11 * 60_000);
    expect(c.series(t0 + 11 * 60_000, 'errors')).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks and keeps a partial line until its newline', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    s.push('hel');
    s.push('lo\nwor');
    expect(out).toEqual(['hello']);
    expect(s.hasPartial()).toBe(true);
    s.push('ld\r\n');
    expect(out).toEqual(['hello', 'world']);
  });
  it('cuts giant lines and skips the rest without buffering it', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l), 1024);
    const big = Buffer.alloc(1024 * 1024, 0x61);
    s.push(big);
    s.push(Buffer.from('\nnext\n'));
    expect(out).toHaveLength(2);
    expect(out[0]!.startsWith('a'.repeat(1024))).toBe(true);
    expect(out[0]).toContain('line cut');
    expect(out[0]!.length).toBeLessThan(1100);
    expect(out[1]).toBe('next');
  });
  it('decodes invalid UTF-8 and multibyte characters split across chunks', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    const euro = Buffer.from('€');
    s.push(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
    s.push(Buffer.concat([euro.subarray(1), Buffer.from([0xff, 0xfe, 0x0a])]));
    expect(out).toEqual(['a€\ufffd\ufffd']);
  });
});

describe('LogPipeline', () => {
  const mk = (o = {}) => {
    let now = 1_700_000_000_000;
    const p = new LogPipeline({ bufferLines: 100, maxFingerprints: 20, now: () => now, ...o });
    return { p, tick: (ms: number) => (now += ms), now: () => now };
  };

  it('keeps stack traces with their error line, per source', () => {
    const { p } = mk();
    const src = { origin: 'k8s' as const };
    p.ingest({ ...src, source: 'a', text: '2026-11-23 ERROR [main] request failed' });
    p.ingest({ ...src, source: 'b', text: 'INFO other pod' });
    p.ingest({ ...src, source: 'a', text: 'java.lang.IllegalStateException: boom' });
    p.ingest({ ...src, source: 'a', text: '\tat com.x.Foo.bar(Foo.java:10)' });
    p.ingest({ ...src, source: 'a', text: 'Caused by: java.io.IOException: reset' });
    p.ingest({ ...src, source: 'a', text: '2026-11-23 INFO [main] next request' });
    const all = p.tail({ errorsOnly: false, limit: 10, skip: 0 }).entries;
    expect(all.map((e) => e.text)).toEqual([
      '2026-11-23 ERROR [main] request failed',
      'INFO other pod',
      '2026-11-23 INFO [main] next request',
    ]);
    expect(all[0]!.extra).toEqual([
      'java.lang.IllegalStateException: boom',
      '\tat com.x.Foo.bar(Foo.java:10)',
      'Caused by: java.io.IOException: reset',
    ]);
    expect(p.totalLines).toBe(3);
    expect(p.totalErrors).toBe(1);
  });

  it('groups a Python traceback', () => {
    const { p } = mk();
    for (const t of [
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      '    main()',
      'ValueError: bad value',
    ])
      p.ingest({ source: 'py', origin: 'k8s', text: t });
    const e = p.tail({ errorsOnly: true, limit: 5, skip: 0 }).entries;
    expect(e).toHaveLength(1);
    expect(e[0]!.extra).toHaveLength(3);
  });

  it('groups errors by fingerprint, most frequent first, with sources and times', () => {
    const { p, tick } = mk();
    for (let i = 0; i < 5; i++) {
      p.ingest({ source: `pod-${i % 2}`, origin: 'k8s', text: `ERROR timeout after ${i * 100}ms` });
      tick(1000);
    }
    p.ingest({ source: 'grp', origin: 'cloudwatch', text: 'ERROR disk full on /dev/sda1' });
    const g = p.groups();
    expect(g.map((x) => [x.fingerprint, x.count])).toEqual([
      ['ERROR timeout after #ms', 5],
      ['ERROR disk full on /dev/sda#', 1],
    ]);
    expect(g[0]!.sources.sort()).toEqual(['pod-0', 'pod-1']);
    expect(g[0]!.lastSeen - g[0]!.firstSeen).toBe(4000);
  });

  it('stays bounded: ring, error ring and fingerprint table', () => {
    const { p } = mk();
    for (let i = 0; i < 5000; i++)
      p.ingest({ source: 's', origin: 'k8s', text: `ERROR unique error kind ${'x'.repeat(i % 50)}` });
    expect(p.size()).toBe(100);
    expect(p.errorSize()).toBeLessThanOrEqual(100);
    expect(p.groupCount()).toBeLessThanOrEqual(20);
    expect(p.evictedLines).toBe(4900);
    expect(p.evictedGroups).toBeGreaterThan(0);
  });

  it('computes per-minute errors and error rate, overall and per source', () => {
    const { p } = mk();
    for (let i = 0; i < 10; i++)
      p.ingest({ source: i < 4 ? 'bad' : 'good', origin: 'k8s', text: i < 2 ? 'ERROR x' : 'INFO y' });
    const st = p.stats();
    expect(st.errorsPerMinute.at(-1)).toBe(2);
    expect(st.linesPerMinute.at(-1)).toBe(10);
    expect(st.errorRate).toBeCloseTo(0.2);
    const bad = st.perSource.find((s) => s.source === 'bad')!;
    expect(bad.errorRate).toBeCloseTo(0.5);
    expect(st.perSource[0]!.source).toBe('bad');
  });

  it('tails with errors-only, skip (scrollback) and a match filter', () => {
    const { p } = mk();
    for (let i = 0; i < 20; i++)
      p.ingest({ source: 's', origin: 'k8s', text: `${i % 2 ? 'ERROR' : 'INFO'} n=${i}` });
    const last3 = p.tail({ errorsOnly: true, limit: 3, skip: 0 });
    expect(last3.entries.map((e) => e.text)).toEqual(['ERROR n=15', 'ERROR n=17', 'ERROR n=19']);
    expect(last3.more).toBe(true);
    const back = p.tail({ errorsOnly: false, limit: 2, skip: 2 });
    expect(back.entries.map((e) => e.text)).toEqual(['INFO n=16', 'ERROR n=17']);
    const re = /n=1\d/;
    const m = p.tail({ errorsOnly: false, limit: 100, skip: 0, match: (e) => re.test(e.text) });
    expect(m.entries).toHaveLength(10);
  });
});
