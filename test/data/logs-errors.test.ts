// `warroom errors`: a generated file with known kinds of error (pino JSON, logfmt, a Java stack
// trace, a Python traceback, nginx 5xx, klog, a Go panic) among info and warn lines that say
// "error" without being errors; exact groups and counts from the report, then the built binary
// reading the same file from stdin with --json, and its one-line errors for bad input.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsReport } from '../../src/data/logs/errors-report.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/warroom');
const N = 3000;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const at = (i: number) => T0 + i * 1000;
const iso = (i: number) => new Date(at(i)).toISOString();

/** Every kind: its period (one every `every` iterations), fingerprint and level. */
const KINDS = {
  pino: { every: 11, fp: 'timeout after #ms calling payment-gateway for order #' },
  logfmt: { every: 13, fp: 'connect ECONNREFUSED <ip>' },
  java: { every: 17, fp: 'ERROR [worker-#] c.l.OrderService - order # rejected' },
  nginx: { every: 19, fp: 'GET /api/checkout 503' },
  python: { every: 23, fp: 'Traceback (most recent call last):' },
  panic: { every: 31, fp: 'panic: runtime error: index out of range [#]' },
};
const WARN_EVERY = 7;
const WARN_FP = 'WARN error budget #% used';

function generate(): { text: string; lines: number } {
  const out: string[] = [];
  for (let i = 0; i < N; i++) {
    const t = iso(i);
    out.push(`${t} INFO [main] request ok in ${i % 300}ms, 0 errors`);
    if (i % 5 === 0) out.push(`ts=${t} level=info msg="retrying after error" attempt=${i}`);
    if (i % WARN_EVERY === 0) out.push(`${t} WARN error budget ${i % 100}% used`);
    if (i % 11 === 0)
      out.push(
        JSON.stringify({
          level: 50,
          time: at(i),
          msg: `timeout after ${i * 3}ms calling payment-gateway for order ${i * 7}`,
        }),
      );
    if (i % 13 === 0)
      out.push(
        `ts=${t} level=error caller=db.go:${i % 90} msg="connect ECONNREFUSED 10.0.${i % 255}.7:5432"`,
      );
    if (i % 17 === 0)
      out.push(
        `${t} ERROR [worker-${i % 8}] c.l.OrderService - order ${i} rejected`,
        'java.lang.IllegalStateException: order state machine rejected transition',
        '\tat com.linkdao.marketplace.OrderService.transition(OrderService.java:214)',
        'Caused by: java.net.SocketTimeoutException: Read timed out',
        '\t... 42 more',
      );
    if (i % 19 === 0)
      out.push(
        `10.0.0.${i % 200} - - [${t}] "GET /api/checkout?id=${i} HTTP/1.1" 503 12 "-" "curl/8.5" 0.${i % 9}12`,
      );
    if (i % 23 === 0)
      out.push(
        'Traceback (most recent call last):',
        '  File "/app/worker.py", line 41, in handle',
        '    settle(order)',
        `ValueError: order ${i} has no line items`,
      );
    if (i % 31 === 0)
      out.push(
        `panic: runtime error: index out of range [${i}]`,
        '',
        'goroutine 1 [running]:',
        '\tmain.main()',
      );
  }
  return { text: out.join('\n') + '\n', lines: out.length };
}

/** How many i in [from, N) are multiples of k, and the last one. */
const count = (k: number, from = 0) => Math.floor((N - 1) / k) - Math.ceil(from / k) + 1;
const lastOf = (k: number) => Math.floor((N - 1) / k) * k;

let dir: string;
let file: string;
let lines: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warroom-errors-'));
  file = join(dir, 'backend.log');
  const g = generate();
  writeFileSync(file, g.text);
  lines = g.lines;
  if (!existsSync(join(ROOT, 'dist/cli.js')))
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('errorsReport', () => {
  it('finds exactly the known groups, largest first, with their counts, times and source', async () => {
    const r = await errorsReport([{ name: 'backend.log', stream: createReadStream(file) }]);
    expect(r.lines).toBe(lines);
    const expected = Object.values(KINDS)
      .map((k) => ({ fingerprint: k.fp, count: count(k.every) }))
      .sort((a, b) => b.count - a.count);
    expect(r.groups.map((g) => ({ fingerprint: g.fingerprint, count: g.count }))).toEqual(expected);
    expect(r.errors).toBe(expected.reduce((a, g) => a + g.count, 0));
    for (const [name, k] of Object.entries(KINDS)) {
      const g = r.groups.find((x) => x.fingerprint === k.fp)!;
      expect(g.sources, name).toEqual(['backend.log']);
      if (name === 'python' || name === 'panic') {
        // Lines that print no time: first and last are unknown, never the time they were read.
        expect(g.first, name).toBeUndefined();
        continue;
      }
      expect(g.first, name).toBe(at(0));
      expect(g.last, name).toBe(at(lastOf(k.every)));
    }
    expect(r.groups.find((g) => g.fingerprint === KINDS.java.fp)!.example).toMatch(
      /ERROR \[worker-\d\] .* rejected$/,
    );
  });

  it('--since counts only entries from then on, continuation lines with their entry', async () => {
    const from = 1500;
    const r = await errorsReport([{ name: 'b', stream: createReadStream(file) }], { since: at(from) });
    for (const k of Object.values(KINDS))
      expect(r.groups.find((g) => g.fingerprint === k.fp)?.count, k.fp).toBe(count(k.every, from));
    expect(r.groups).toHaveLength(Object.keys(KINDS).length);
    expect(r.skipped).toBeGreaterThan(0);
  });

  it('--level fatal keeps the panics only; --level warn adds the warnings, never the info lines', async () => {
    const fatal = await errorsReport([{ name: 'b', stream: createReadStream(file) }], { level: 'fatal' });
    expect(fatal.groups.map((g) => [g.fingerprint, g.count])).toEqual([
      [KINDS.panic.fp, count(KINDS.panic.every)],
    ]);
    const warn = await errorsReport([{ name: 'b', stream: createReadStream(file) }], { level: 'warn' });
    expect(warn.groups).toHaveLength(Object.keys(KINDS).length + 1);
    expect(warn.groups.find((g) => g.fingerprint === WARN_FP)?.count).toBe(count(WARN_EVERY));
    expect(warn.groups.some((g) => g.fingerprint.includes('retrying'))).toBe(false);
  });

  it('masks secrets in fingerprints before the digits, so no piece of one survives', async () => {
    const text =
      '2026-11-23T09:00:00Z ERROR login failed token=ab12cd34ef56 for user 7\n' +
      '2026-11-23T09:00:01Z ERROR login failed token=zz98yy76xx54 for user 8\n';
    const r = await errorsReport([{ name: 'stdin', stream: Readable.from([Buffer.from(text)]) }]);
    expect(r.groups.map((g) => [g.fingerprint, g.count])).toEqual([
      ['ERROR login failed token=*** for user #', 2],
    ]);
  });

  it('attributes kubectl --prefix lines to their pod', async () => {
    const text =
      '[pod/backend-7d9f8c6b5-x2k4q/app] 2026-11-23T09:00:00Z ERROR db down\n' +
      '[pod/backend-7d9f8c6b5-abcde/app] 2026-11-23T09:00:01Z ERROR db down\n' +
      '[pod/backend-7d9f8c6b5-abcde/app] 2026-11-23T09:00:02Z INFO error budget fine\n';
    const r = await errorsReport([{ name: 'stdin', stream: Readable.from([Buffer.from(text)]) }]);
    expect(r.groups).toEqual([
      {
        fingerprint: 'ERROR db down',
        count: 2,
        first: Date.UTC(2026, 10, 23, 9, 0, 0),
        last: Date.UTC(2026, 10, 23, 9, 0, 1),
        sources: ['backend-7d9f8c6b5-x2k4q/app', 'backend-7d9f8c6b5-abcde/app'],
        example: '2026-11-23T09:00:01Z ERROR db down',
      },
    ]);
  });
});

describe('warroom errors (the built binary)', () => {
  it('reads stdin and prints the groups as JSON', () => {
    const r = spawnSync(process.execPath, [BIN, 'errors', '--json'], {
      input: readFileSync(file),
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      lines: number;
      errors: number;
      groups: {
        fingerprint: string;
        count: number;
        first: string | null;
        last: string | null;
        sources: string[];
        example: string;
      }[];
    };
    expect(Object.keys(out)).toEqual(['lines', 'errors', 'groups']);
    expect(out.lines).toBe(lines);
    expect(out.groups).toHaveLength(Object.keys(KINDS).length);
    const pino = out.groups.find((g) => g.fingerprint === KINDS.pino.fp)!;
    expect(pino).toMatchObject({
      count: count(KINDS.pino.every),
      first: iso(0),
      last: iso(lastOf(KINDS.pino.every)),
      sources: ['stdin'],
    });
    expect(Object.keys(pino)).toEqual(['fingerprint', 'count', 'first', 'last', 'sources', 'example']);
    expect(out.groups.find((g) => g.fingerprint === KINDS.python.fp)!.first).toBeNull();
  });

  it('prints the table from a file, and one-line errors for a missing file or a bad flag', () => {
    const ok = spawnSync(process.execPath, [BIN, 'errors', '--top', '2', file], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const head = ok.stdout.split('\n')[0];
    expect(head).toBe(
      `${lines.toLocaleString('en')} lines, ${totalErrors().toLocaleString('en')} errors in 6 groups`,
    );
    expect(ok.stdout).toContain(KINDS.pino.fp);
    expect(ok.stdout).not.toContain(KINDS.python.fp); // --top 2
    const missing = spawnSync(process.execPath, [BIN, 'errors', join(dir, 'nope.log')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([
      `warroom errors: ${join(dir, 'nope.log')}: no such file`,
    ]);
    const bad = spawnSync(process.execPath, [BIN, 'errors', '--level', 'loud'], {
      encoding: 'utf8',
      input: '',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--level.*warn, error or fatal/);
  });
});

function totalErrors(): number {
  return Object.values(KINDS).reduce((a, k) => a + count(k.every), 0);
}
