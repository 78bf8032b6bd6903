// The byte pipeline decides exactly what the text pipeline decides: levels and continuation
// lines read from bytes equal detectLevel()/isContinuation() on the decoded line, over the
// generator's shapes and the awkward cases; pushBytes() gives the same entries, groups and
// counts as ingest() of the decoded lines, and keeps each line a slice until it is read.
import { describe, expect, it } from 'vitest';
import {
  detectLevel,
  detectLevelBytes,
  isContinuation,
  isContinuationBytes,
  compilePatterns,
} from '../../src/data/logs/pipeline/level.js';
import { LogPipeline } from '../../src/data/logs/pipeline/pipeline.js';
import { LogGenerator } from '../../src/sim/cloudwatch/generator.js';

const AWKWARD = [
  '{"level":"error","msg":"db down"}',
  '{"level":30,"status":503,"path":"/api"}',
  '{"level":"info","statusCode":502}',
  '{"level":null,"severity":"error"}',
  '{"level":"verylongwordthatisnotalevel"}',
  '{ "level": 50 }',
  '  {"level":40,"msg":"indented"}',
  '{"msg":"no level first","level":"warn"}',
  'level=info status=502 path=/x',
  'level="error" msg=x',
  'level="error msg=x',
  'level=bogus panic: oops',
  'level=bogus java.lang.IllegalStateException: x',
  'ts=2026-11-23T10:00:00Z level=warn msg="slow"',
  'ts=2026-11-23T10:00:00Z lvl=error msg="other key"',
  'time=2026 level=debug',
  'tsx=1 level=error',
  '2026-11-23T10:00:00.123Z ERROR [w-1] boom',
  '2026-11-23T10:00:00.123Z INFO  handled /x in 3ms',
  '2026-11-23T10:00:00.123Z INFO user level=error role',
  '2026-11-23 10:00:00,123 WARNING slow',
  '2026-11-23T10:00:00+02:00 ERROR zone',
  '2026-11-23T10:00:00Z ERRORS many',
  '2026-11-23T10:00:00Z ERROR_CODE 7',
  '2026-11-23T10:00:00Z Error: lowercase word',
  '2026-11-23T10:00:00Z INFO: colon',
  '2026-11-23T10:00:00Z INFO café ünïcode error',
  '10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET /api?id=1 HTTP/1.1" 503 12 "-" "curl"',
  '10.0.0.1 - - [2026-11-23T10:00:00Z] "GET /api HTTP/1.1" 200 12 "-" "curl"',
  'E1123 11:14:50.123456   1 controller.go:42] sync failed',
  'panic: runtime error: invalid memory address',
  'Traceback (most recent call last):',
  '',
  '   ',
  'tab\there',
];

function corpus(): string[] {
  const g = new LogGenerator({ errorShare: 0.3, seed: 3, stackShare: 0.5 });
  const out = [...AWKWARD];
  for (let i = 0; i < 4000; i++) out.push(...g.next(Date.UTC(2026, 10, 23) + i * 7));
  return out;
}

describe('byte-level decisions', () => {
  it('detectLevelBytes equals detectLevel on the decoded line', () => {
    const errorPatterns = compilePatterns(['insufficient funds']);
    for (const line of corpus()) {
      // Embedded in a bigger chunk: the decision must not read outside its line.
      const buf = Buffer.from(`xx status=1 =\n${line}\nstatus tatus = level=error\n`);
      const start = buf.indexOf(10) + 1;
      const end = start + Buffer.byteLength(line);
      expect(detectLevelBytes(buf, start, end), line).toBe(detectLevel(line));
      expect(detectLevelBytes(buf, start, end, { errorPatterns }), line).toBe(
        detectLevel(line, { errorPatterns }),
      );
    }
  });

  it('isContinuationBytes equals isContinuation', () => {
    for (const line of [
      ...corpus(),
      '\tat x',
      'Caused by: y',
      '... 3 more',
      'goroutine 7 [running]:',
      'ValueError: z',
    ])
      for (const inStack of [false, true]) {
        const buf = Buffer.from(line);
        expect(isContinuationBytes(buf, 0, buf.length, inStack), line).toBe(isContinuation(line, inStack));
      }
  });
});

/** Random lines from the pieces the rules react to, and around them (a fixed seed). */
function fuzzLines(n: number): string[] {
  const pieces = [
    ' ',
    '  ',
    '\t',
    '"',
    '" ',
    ' 503 ',
    ' 5xx ',
    '502',
    ' 200 ',
    '-',
    '- ',
    '[',
    ']',
    '[error]',
    '[err',
    'ERROR',
    'ERR',
    'ERRORS',
    'WARN',
    'INFO',
    'Info',
    'info',
    'CRITICAL',
    'CRIT',
    'SEVERE',
    'Severe',
    'severity=',
    'level=',
    'LEVEL=',
    'lvl:',
    'Level',
    'lev',
    'panic: ',
    'panic',
    'Panic: ',
    'Traceback',
    'Traceback (most recent call last)',
    'Error',
    'TypeError',
    'Exception',
    'IOException',
    'Errors',
    'E1123 11:14:50 ',
    'E1123',
    'W',
    'GET /api?id=1 HTTP/1.1',
    '10.0.0.1',
    '=',
    'x',
    'abc',
    '_',
    '.',
    '$',
    ':',
    'Caused by:',
    '... 3 more',
    '... 12 common frames omitted',
    'goroutine 7 [',
    'goroutine x [',
    '\u00a0',
    'é',
    '\u0085',
    '2026-11-23T10:00:00Z ',
    '{',
    '}',
    'status',
    '0',
    '9',
    'Z',
  ];
  let seed = 12345;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let line = '';
    const parts = 1 + rnd(8);
    for (let k = 0; k < parts; k++) line += pieces[rnd(pieces.length)];
    out.push(line);
  }
  return out;
}

describe('byte-level decisions on random lines', () => {
  it('detectLevelBytes and isContinuationBytes equal the text rules on the line read as Latin-1', () => {
    for (const line of fuzzLines(60_000)) {
      const buf = Buffer.from(`ERROR level=error "\n${line}\n" 503 1 [error]\n`, 'latin1');
      const start = buf.indexOf(10) + 1;
      const end = start + Buffer.byteLength(line, 'latin1');
      expect(detectLevelBytes(buf, start, end), JSON.stringify(line)).toBe(detectLevel(line));
      for (const inStack of [false, true])
        expect(isContinuationBytes(buf, start, end, inStack), JSON.stringify(line)).toBe(
          isContinuation(line.slice(0, 256), inStack),
        );
    }
  });
});

describe('LogPipeline.pushBytes', () => {
  it('gives the entries, groups and counts that ingest() gives, whatever the chunking', () => {
    const lines = corpus();
    const text = Buffer.from(lines.join('\n') + '\n');
    const a = new LogPipeline({ bufferLines: 50_000, now: () => 1000 });
    for (const l of lines) a.ingest({ source: 's', origin: 'k8s', text: l });
    const b = new LogPipeline({ bufferLines: 50_000, now: () => 1000 });
    // Odd-sized chunks: lines split across chunks (and multibyte characters with them).
    for (let i = 0; i < text.length; i += 977)
      b.pushBytes({ source: 's', origin: 'k8s' }, text.subarray(i, i + 977));
    b.endBytes('s');
    expect(b.totalLines).toBe(a.totalLines);
    expect(b.totalErrors).toBe(a.totalErrors);
    const shape = (p: LogPipeline) =>
      p
        .tail({ errorsOnly: false, limit: 100_000, skip: 0 })
        .entries.map((e) => [e.level, e.text, e.extra, e.fp]);
    expect(shape(b)).toEqual(shape(a));
    expect(b.groups().map((g) => [g.fingerprint, g.count, g.sample])).toEqual(
      a.groups().map((g) => [g.fingerprint, g.count, g.sample]),
    );
  });

  it('keeps a line a slice of its chunk until it is read, and copies small chunks of big buffers', () => {
    const p = new LogPipeline({ now: () => 0 });
    const big = Buffer.alloc(1 << 20);
    const line = Buffer.from('2026-11-23T10:00:00Z INFO hello\n');
    line.copy(big, 100);
    p.pushBytes({ source: 's', origin: 'k8s' }, big.subarray(100, 100 + line.length));
    // The ring holds the chunk, undecoded, until the entry is read.
    const held = p.lines.heldChunk(0);
    expect(held).toBeDefined();
    // 32 bytes of a 1 MiB buffer: copied (into Node's small-buffer pool, whose size depends on
    // the Node release), so the entry does not pin the megabyte.
    expect(held!.buffer.byteLength).toBeLessThan(big.buffer.byteLength / 8);
    const e = p.tail({ errorsOnly: false, limit: 1, skip: 0 }).entries[0]!;
    expect(e.text).toBe('2026-11-23T10:00:00Z INFO hello');
    expect(p.lines.heldChunk(0)).toBeUndefined();
    // Read again: the same entry.
    expect(p.tail({ errorsOnly: false, limit: 1, skip: 0 }).entries[0]).toBe(e);
  });
});
