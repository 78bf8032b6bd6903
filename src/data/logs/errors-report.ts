// `warroom errors`, the data half: log files (or stdin) through the logs pipeline headless —
// split, level, multi-line grouping, fingerprint — and the error groups it found, largest first.
// What the runbooks' `grep -i error | sort | uniq -c | sort -nr` was meant to print: levels are
// read (an info line that says "error" is not one), stack traces count once with their line,
// and what varies (times, ids, numbers) is masked so that one kind of error is one group.
// Each input is a source; `kubectl logs --prefix` lines (`[pod/NAME/CONTAINER] …`) are
// attributed to their pod. No screen here: src/commands/errors.ts prints the report.
import type { Readable } from 'node:stream';
import { ByteLineSplitter } from './pipeline/lines.js';
import { LogPipeline } from './pipeline/pipeline.js';
import { lineTime } from './pipeline/time.js';

export interface ErrorsInput {
  /** The source name (file path, or `stdin`). */
  name: string;
  stream: Readable;
}

export interface ErrorsOptions {
  /** Only entries at or after this time (epoch ms); lines without a time follow their entry. */
  since?: number;
  /** The lowest level counted; default `error` (error and fatal). */
  level?: 'warn' | 'error' | 'fatal';
  /** Groups kept at most (the least frequent are evicted beyond it, and counted). */
  maxGroups?: number;
}

export interface ErrorsGroup {
  fingerprint: string;
  count: number;
  /** Epoch ms of the first and last occurrence; undefined when the lines carry no time. */
  first?: number;
  last?: number;
  sources: string[];
  /** One raw line of the group (the latest): redact and sanitise before printing. */
  example: string;
}

export interface ErrorsReport {
  /** Lines read (every physical line, continuation lines included). */
  lines: number;
  /** Error entries counted (a stack trace counts once, with the line it belongs to). */
  errors: number;
  groups: ErrorsGroup[];
  /** Lines skipped by `since`. */
  skipped: number;
  evictedGroups: number;
}

const PREFIX = '[pod/';

export async function errorsReport(inputs: ErrorsInput[], o: ErrorsOptions = {}): Promise<ErrorsReport> {
  const year = new Date().getUTCFullYear();
  const p = new LogPipeline({
    bufferLines: 1000,
    maxFingerprints: o.maxGroups ?? 50_000,
    maxSources: 10_000,
    errorLevel: o.level ?? 'error',
    // Lines without a time of their own get 0 ("unknown"), never the time they were read.
    // (Times are read for errors only: they alone are reported.)
    now: () => 0,
    timeOf: (text) => lineTime(text, year),
  });
  let lines = 0;
  let skipped = 0;
  const since = o.since;
  /** Per source, whether the current entry is before `since` (its continuation lines go too). */
  const skipping = new Map<string, boolean>();
  for (const input of inputs) {
    const meta = { source: input.name, origin: 'k8s' as const };
    const pods = new Map<string, { source: string; origin: 'k8s' }>();
    const split = new ByteLineSplitter((buf, start, end) => {
      lines++;
      let src = meta;
      if (buf[start] === 91 /* [ */ && buf.toString('latin1', start, start + PREFIX.length) === PREFIX) {
        // `[pod/NAME/CONTAINER] …` (kubectl logs --prefix): the pod is the source.
        const close = buf.subarray(start, Math.min(end, start + 512)).indexOf('] ');
        if (close > 0) {
          const name = buf.toString('utf8', start + PREFIX.length, start + close);
          src = pods.get(name) ?? { source: name, origin: 'k8s' };
          if (pods.size < 10_000) pods.set(name, src);
          start += close + 2;
        }
      }
      if (since !== undefined) {
        const t = lineTime(buf.toString('latin1', start, Math.min(end, start + 256)), year);
        if (t !== undefined) skipping.set(src.source, t < since);
        if (skipping.get(src.source)) {
          skipped++;
          return;
        }
      }
      p.ingestBytes(src, buf, start, end);
    });
    await new Promise<void>((resolve, reject) => {
      input.stream
        .on('data', (c: Buffer | string) => split.push(c))
        .on('end', () => {
          split.end();
          resolve();
        })
        .on('error', reject);
    });
  }
  const groups = p.groups().map((g): ErrorsGroup => ({
    fingerprint: g.fingerprint,
    count: g.count,
    first: g.firstSeen > 0 ? g.firstSeen : undefined,
    last: g.lastSeen > 0 ? g.lastSeen : undefined,
    sources: [...g.sources],
    example: g.sample,
  }));
  return {
    lines,
    errors: groups.reduce((a, g) => a + g.count, 0),
    groups,
    skipped,
    evictedGroups: p.evictedGroups,
  };
}
