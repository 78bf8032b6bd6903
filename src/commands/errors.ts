// `warroom errors [FILE…] [--json] [--since D] [--level L]`: the error groups in log files, or
// in stdin when no file is given (`kubectl logs deploy/backend | warroom errors`), largest first,
// with count, first and last seen, sources and one example. The grouping is the logs pipeline's
// (src/data/logs/errors-report.ts). Everything printed goes through redact() (sanitize() for
// the table); an unreadable file is a one-line error and exit code 1.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseSince } from '../data/logs/pipeline/time.js';

interface ErrorsFlags {
  json?: boolean;
  since?: number;
  level?: 'warn' | 'error' | 'fatal';
  top?: number;
}

const LEVELS = ['warn', 'error', 'fatal'] as const;

function iso(t: number | undefined): string | null {
  return t === undefined ? null : new Date(t).toISOString();
}

export function register(program: Command): void {
  program
    .command('errors')
    .description('group the errors in log files (or stdin), largest group first')
    .argument('[files...]', 'log files (default: stdin)')
    .option(
      '--json',
      'print JSON: {lines, errors, groups: [{fingerprint, count, first, last, sources, example}]}',
    )
    .option(
      '--since <when>',
      'only entries since a duration ago (10m, 2h, 1d) or an RFC 3339 time',
      (v: string) => {
        // Parsed here so a bad value is a usage error (exit 2) like any other flag.
        const t = parseSince(v);
        if (t === undefined)
          throw new InvalidArgumentError('a duration (90s, 10m, 2h, 1d) or a time (2026-11-23T10:00:00Z).');
        return t;
      },
    )
    .option('--level <level>', 'the lowest level counted: warn, error (default) or fatal', (v: string) => {
      const l = v.toLowerCase();
      if (!(LEVELS as readonly string[]).includes(l)) throw new InvalidArgumentError('warn, error or fatal.');
      return l as ErrorsFlags['level'];
    })
    .option('--top <n>', 'print at most n groups (default: all)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive whole number.');
      return n;
    })
    .action(async (files: string[], opts: ErrorsFlags) => {
      const { createReadStream } = await import('node:fs');
      const { errorsReport } = await import('../data/logs/errors-report.js');
      const { redact } = await import('../util/redact.js');
      const inputs = files.length
        ? files.map((f) => ({ name: f, stream: createReadStream(f, { highWaterMark: 1 << 20 }) }))
        : [{ name: 'stdin', stream: process.stdin }];
      let report;
      try {
        report = await errorsReport(inputs, { since: opts.since, level: opts.level });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const what = e.path ? `${e.path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}` : e.message;
        process.stderr.write(`warroom errors: ${redact(what)}\n`);
        process.exitCode = 1;
        return;
      }
      const groups = opts.top ? report.groups.slice(0, opts.top) : report.groups;
      if (opts.json) {
        const out = {
          lines: report.lines,
          errors: report.errors,
          groups: groups.map((g) => ({
            fingerprint: redact(g.fingerprint),
            count: g.count,
            first: iso(g.first),
            last: iso(g.last),
            sources: g.sources.map(redact),
            example: redact(g.example),
          })),
        };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const { sanitize } = await import('../util/sanitize.js');
      const n = (x: number) => x.toLocaleString('en');
      const when = (t: number | undefined) =>
        t === undefined ? '-' : iso(t)!.slice(0, 19).replace('T', ' ');
      const out: string[] = [];
      out.push(
        `${n(report.lines)} lines, ${n(report.errors)} ${opts.level === 'warn' ? 'warnings and errors' : 'errors'} in ${n(report.groups.length)} groups` +
          (report.skipped ? ` (${n(report.skipped)} lines before --since skipped)` : '') +
          (report.evictedGroups ? ` (${n(report.evictedGroups)} rare groups dropped)` : ''),
      );
      const width = Math.max(5, ...groups.map((g) => n(g.count).length));
      for (const g of groups) {
        out.push('');
        out.push(`${n(g.count).padStart(width)}  ${sanitize(g.fingerprint, 200)}`);
        const pad = ' '.repeat(width + 2);
        out.push(`${pad}first ${when(g.first)}  last ${when(g.last)} (UTC)`);
        out.push(`${pad}sources ${sanitize(g.sources.join(', '), 200)}`);
        out.push(`${pad}e.g. ${sanitize(g.example, 300)}`);
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}
