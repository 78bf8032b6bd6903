// Writes one section of docs/BENCHMARKS.md (from `## Title` to the next `## `), leaving the
// other benchmarks' sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const FILE = 'docs/BENCHMARKS.md';
const HEAD = `# Benchmarks

Produced by \`npm run bench\` (each bench writes its own section). Every figure is compared with a
reference measured in the same run on the same machine. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
`;

/**
 * Replaces the section `## title`. Blocks of written analysis in it, between
 * `<!-- name.notes -->` and `<!-- /name.notes -->`, are kept after the new figures unless the new
 * body has its own: a run updates the tables and leaves the profile written by hand (dated) to
 * be updated by hand.
 */
export function writeSection(title: string, body: string): void {
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEAD;
  if (!text.startsWith('# Benchmarks')) text = HEAD + '\n' + text;
  const start = text.indexOf(`## ${title}\n`);
  const next = start < 0 ? -1 : text.indexOf('\n## ', start + 3);
  const old = start < 0 ? '' : text.slice(start, next < 0 ? undefined : next);
  const notes = [...old.matchAll(/<!-- ([\w-]+)\.notes -->[\s\S]*?<!-- \/\1\.notes -->/g)]
    .filter((m) => !body.includes(`<!-- ${m[1]}.notes -->`))
    .map((m) => m[0]);
  const section = `## ${title}\n\n${[body.trim(), ...notes].join('\n\n')}\n`;
  if (start < 0) text = `${text.trimEnd()}\n\n${section}`;
  else text = text.slice(0, start) + section + (next < 0 ? '' : text.slice(next + 1));
  writeFileSync(FILE, text);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
}

/** Keystroke → frame latency of the console under a logs flood (bench/logs.bench.ts --keys-only). */
export interface KeyLatency {
  p50: number;
  p95: number;
  rate: number;
  n: number;
  rssMb: number;
  ingested: number;
  dropped: number;
}

/** Runs a benchmark's main and exits: 0 when it finished, 1 with the error on stderr otherwise. */
export function runMain(main: () => Promise<unknown>): void {
  void main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
