// Keystroke → frame in the logs pane while pod lines stream in, with the second core kept busy
// by a CPU burner this bench starts (a loaded bastion), at 50,000 and 200,000 lines/s: the
// Kubernetes source's path now (raw bytes to the pipeline in its worker thread), against the
// path before (the follower splitting and decoding every line on the UI thread, the worker fed
// line by line). Each configuration runs
// in a process of its own (bench/logs.bench.ts --keys-only: App at 200x50 in an in-memory
// terminal, logs pane zoomed, KEYS presses of `e`).
// Run: npx tsx bench/keys.bench.ts   (KEYS=… presses per configuration, BURN=0 without burner)
import { execFile, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { type KeyLatency, runMain, writeSection } from './report.ts';
import { HEAP_GROWING_PERCENT } from '../src/util/heap-growth.ts';

const run = promisify(execFile);
const KEYS = process.env.KEYS ?? '60';
const BURN = process.env.BURN !== '0';

type Keys = KeyLatency;

type Config = { ingest: 'inline' | 'worker'; feed: 'lines' | 'bytes'; label: string };
const CONFIGS: Config[] = [
  { ingest: 'worker', feed: 'lines', label: 'worker thread, fed line by line (before)' },
  { ingest: 'worker', feed: 'bytes', label: '**worker thread, fed raw bytes** (now)' },
];

async function one(c: Config, rate: number): Promise<Keys> {
  // The heap growth the console sets once its sources have settled (src/util/heap-growth.ts):
  // the console as it runs after start-up.
  const growth = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
  const r = await run(process.execPath, [growth, '--import', 'tsx', 'bench/logs.bench.ts', '--keys-only'], {
    env: { ...process.env, INGEST: c.ingest, FEED: c.feed, RATE: String(rate), KEYS },
    maxBuffer: 16 << 20,
  });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Keys;
}

async function main(): Promise<void> {
  const burner = BURN ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : undefined;
  const load0 = loadavg()[0]!;
  const rows: string[] = [];
  let now200: Keys | undefined;
  try {
    for (const rate of [50_000, 200_000])
      for (const c of CONFIGS) {
        const k = await one(c, rate);
        console.log(c.label, rate, k);
        if (rate === 200_000 && c.ingest === 'worker' && c.feed === 'bytes') now200 = k;
        rows.push(
          `| ${c.label} | ${rate.toLocaleString('en')} | ${Math.round(k.rate).toLocaleString('en')} | ${k.p50.toFixed(0)} ms | **${k.p95.toFixed(0)} ms** | ${k.dropped.toLocaleString('en')} | ${k.rssMb.toFixed(0)} MiB |`,
        );
      }
  } finally {
    burner?.kill();
  }
  const load1 = loadavg()[0]!;
  writeSection(
    'Logs keystroke latency',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/keys.bench.ts\`${BURN ? ', with a CPU burner (`node -e "for(;;){}"`) started by the bench on the other core' : ''}. 1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end (2 cores, shared). Keystroke → frame: ${KEYS} presses of \`e\` (every row of the zoomed logs pane changes), from the key to the terminal write that shows it; lines fed by the source side at the given rate, to 12 pods: *fed raw bytes* is the Kubernetes source's path now (the follower's \`ResumeCursor\` hands whole lines, led by their kubelet timestamps, as bytes to the hub), *line by line* is the path before (one \`ingest()\` per line, split and decoded on the UI thread).

| pipeline | lines/s asked | lines/s fed | median | p95 | lines dropped (counted) | RSS |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Aim: p95 < 100 ms at 200,000 lines/s with the second core busy: **${now200 && now200.p95 < 100 && now200.rate >= 180_000 ? 'met' : 'not met'}** (the path now: p95 ${now200?.p95.toFixed(0)} ms at ${Math.round(now200?.rate ?? 0).toLocaleString('en')} lines/s fed).
`,
  );
}

runMain(main);
