// `warroom errors`, the data half: log files (or stdin) through the logs pipeline headless —
// split, level, multi-line grouping, fingerprint — and the error groups it found, largest first.
// What the runbooks' `grep -i error | sort | uniq -c | sort -nr` was meant to print: levels are
// read (an info line that says "error" is not one), stack traces count once with their line,
// and what varies (times, ids, numbers) is masked so that one kind of error is one group.
// Each input is a source; `kubectl logs --prefix` lines (`[pod/NAME/CONTAINER] …`) are
// attributed to their pod. No screen here: src/commands/errors.ts prints the report.
import type { Readable } from 'node:stream';
import { LineSplitter } from './pipeline/lines.js';
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
    now: () => 0,
    timeOf: (text) => lineTime(text, year),
  });
  let lines = 0;
  let skipped = 0;
  const since = o.since;
  /** Per source, whether the current entry is before `since` (its continuation lines go too). */
  const skipping = new Map<string, boolean>();
  for (const input of inputs) {
    const split = new LineSplitter((raw) => {
      lines++;
      let source = input.name;
      let text = raw;
      if (raw.startsWith(PREFIX)) {
        const close = raw.indexOf('] ', PREFIX.length);
        if (close > 0) {
          source = raw.slice(5, close);
          text = raw.slice(close + 2);
        }
      }
      if (since !== undefined) {
        const t = lineTime(text, year);
        if (t !== undefined) skipping.set(source, t < since);
        if (skipping.get(source)) {
          skipped++;
          return;
        }
      }
      p.ingest({ source, origin: 'k8s', text });
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
