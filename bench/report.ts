// Writes one section of docs/BENCHMARKS.md (from `## Title` to the next `## `), leaving the
// other benchmarks' sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const FILE = 'docs/BENCHMARKS.md';
const HEAD = `# Benchmarks

Produced by \`npm run bench\` (each bench writes its own section). Every figure is compared with a
reference measured in the same run on the same machine. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
`;

export function writeSection(title: string, body: string): void {
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEAD;
  if (!text.startsWith('# Benchmarks')) text = HEAD + '\n' + text;
  const section = `## ${title}\n\n${body.trim()}\n`;
  const start = text.indexOf(`## ${title}\n`);
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf('\n## ', start + 3);
    text = text.slice(0, start) + section + (next < 0 ? '' : text.slice(next + 1));
  }
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
