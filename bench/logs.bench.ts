// Logs pipeline benchmark. A generated log file (default 1 GiB, 10% errors, realistic shapes:
// pino JSON, logfmt, nginx access logs, Java/Python stack traces) goes through the whole path —
// split, decode, classify, group multi-line, fingerprint, count, store in the bounded buffers —
// in a child process of its own (so its peak RSS is the pipeline's), reporting lines/s and peak
// RSS. In the same run, on the same file: `grep -c ERROR` and the runbooks'
// `grep ERROR | sort | uniq -c | sort -nr`. Then the console itself (App rendered by ink at
// 200x50 into an in-memory terminal, logs pane zoomed) while 50,000 lines/s stream in:
// keystroke → frame latency, median and p95.
// Run: npx tsx bench/logs.bench.ts   (SIZE_MB=… for another file size, RATE=… lines/s)
import { execFile, fork } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type KeyLatency, median, percentile, runMain, writeSection } from './report.ts';
import { In, Term } from './term.ts';
import { INK_FPS } from '../src/ui/screen.tsx';

const SIZE_MB = Number(process.env.SIZE_MB ?? 1024);
const RATE = Number(process.env.RATE ?? 50_000);
const KEYS = Number(process.env.KEYS ?? 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

// ---- the file ------------------------------------------------------------------------------

async function generate(file: string, bytes: number): Promise<number> {
  const { LogGenerator } = await import('../src/sim/cloudwatch/generator.ts');
  const gen = new LogGenerator({ errorShare: 0.1, seed: 7 });
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  let written = 0;
  let lines = 0;
  let ts = Date.UTC(2026, 10, 23, 9, 0, 0);
  while (written < bytes) {
    const chunk: string[] = [];
    let n = 0;
    while (n < 4 << 20) {
      ts += 3;
      for (const l of gen.next(ts)) {
        chunk.push(l);
        n += l.length + 1;
        lines++;
      }
    }
    const text = chunk.join('\n') + '\n';
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return lines;
}

// ---- the pipeline, in a child process --------------------------------------------------------

async function pathChild(file: string): Promise<void> {
  const { LogPipeline } = await import('../src/data/logs/pipeline/pipeline.ts');
  const { LineSplitter } = await import('../src/data/logs/pipeline/lines.ts');
  const p = new LogPipeline({ bufferLines: 20_000, maxFingerprints: 2000 });
  const pods = Array.from(
    { length: 24 },
    (_, i) => `prod/backend-7d9f8c6b5-${String(i).padStart(5, 'x')}/app`,
  );
  let n = 0;
  let read = 0;
  let rssAt10 = 0;
  const total = statSync(file).size;
  const split = new LineSplitter((text) => {
    p.ingest({ source: pods[(n++ >> 6) % pods.length]!, origin: 'k8s', text });
  });
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (c) => {
        split.push(c as Buffer);
        read += c.length;
        if (!rssAt10 && read >= total / 10) rssAt10 = process.memoryUsage().rss;
      })
      .on('end', () => {
        split.end();
        resolve();
      })
      .on('error', reject);
  });
  const secs = (performance.now() - t0) / 1000;
  process.send!({
    lines: n,
    entries: p.totalLines,
    errors: p.totalErrors,
    groups: p.groupCount(),
    held: p.size(),
    secs,
    maxRssKb: process.resourceUsage().maxRSS,
    rssAt10Mb: rssAt10 / 2 ** 20,
    rssEndMb: process.memoryUsage().rss / 2 ** 20,
  });
}

/**
 * The pool as one stream of `<kubelet timestamp> <line>\n` bytes, and a feeder that hands lines
 * [from, to) to 12 pods' followers (ResumeCursor → hub.pipeline.pushBytes), a contiguous run each.
 */
async function byteFeed(
  pool: string[],
  logs: { pipeline: { pushBytes(src: object, b: Buffer): void } },
): Promise<(from: number, to: number) => void> {
  const { ResumeCursor } = await import('../src/data/logs/k8s-resume.ts');
  // Times within the last minute, as a live stream's are (the pool repeats: they stay recent).
  const t0 = Date.now() - 60_000;
  const step = 60_000 / pool.length;
  const texts = pool.map(
    (l, i) => `${new Date(t0 + Math.floor(i * step)).toISOString().replace('Z', '123456Z')} ${l}\n`,
  );
  const all = Buffer.from(texts.join(''));
  const off = new Float64Array(pool.length + 1);
  for (let i = 0, o = 0; i < pool.length; i++) off[((o += Buffer.byteLength(texts[i]!)), i + 1)] = o;
  const pods = Array.from({ length: 12 }, (_, i) => {
    const pod = { namespace: 'prod', name: `backend-${i}`, container: 'app' };
    const src = { source: `prod/backend-${i}/app`, origin: 'k8s' as const, pod, timestamps: true };
    return { src, cursor: new ResumeCursor({ seenAtLast: new Set(), everStarted: true }) };
  });
  let next = 0;
  const give = (a: number, b: number) => {
    const p = pods[next++ % pods.length]!;
    const out = p.cursor.push(all.subarray(off[a]!, off[b]!));
    if (out) logs.pipeline.pushBytes(p.src, out);
  };
  return (from, to) => {
    const per = Math.max(1, Math.ceil((to - from) / pods.length));
    for (let i = from; i < to;) {
      const a = i % pool.length;
      const b = Math.min(pool.length, a + per, a + (to - i));
      give(a, b);
      i += b - a;
    }
  };
}

async function keystrokes(): Promise<KeyLatency> {
  process.env.FORCE_COLOR = '1';
  process.env.NODE_ENV = 'production';
  const React = await import('react');
  const { render } = await import('ink');
  const { App } = await import('../src/ui/App.tsx');
  const { createAppStore, createBatcher } = await import('../src/store/store.ts');
  const { SourceHub } = await import('../src/data/source.ts');
  const { LogsHub } = await import('../src/data/logs/hub.ts');
  const { LogGenerator } = await import('../src/sim/cloudwatch/generator.ts');
  const gen = new LogGenerator({ errorShare: 0.1, seed: 9 });
  const pool: string[] = [];
  while (pool.length < 200_000) pool.push(...gen.next());
  const store = createAppStore('logs');
  store.setState((s) => ({ ui: { ...s.ui, zoomed: true } }));
  const hub = new SourceHub(createBatcher(store, 50));
  // INGEST=worker: the pipeline in its worker thread, as the console runs it (bench/keys.bench.ts).
  const logs = new LogsHub({ bufferLines: 20_000, worker: process.env.INGEST === 'worker' ? {} : undefined });
  let fed = 0;
  let feeder: NodeJS.Timeout | undefined;
  const started = performance.now();
  // FEED=bytes: the Kubernetes source's path as it runs now (the follower's ResumeCursor hands
  // whole lines, led by their kubelet timestamps, as raw bytes to the hub); FEED=lines: one
  // ingest() per line, as the follower did before.
  const feedBytes = process.env.FEED === 'bytes';
  const feedSlice = feedBytes ? await byteFeed(pool, logs) : undefined;
  hub.add(
    {
      id: 'logs.k8s',
      start(ctx) {
        logs.attach('logs.k8s', ctx);
        // Catch up to RATE lines/s every 5 ms (timers drift).
        feeder = setInterval(() => {
          const due = Math.floor(((performance.now() - started) / 1000) * RATE);
          if (feedSlice) {
            feedSlice(fed, due);
            fed = due;
          }
          while (fed < due) {
            logs.pipeline.ingest({
              source: `prod/backend-${fed % 12}/app`,
              origin: 'k8s',
              text: pool[fed % pool.length]!,
            });
            fed++;
          }
        }, 5);
      },
      async stop() {
        if (feeder) clearInterval(feeder);
        logs.stop();
      },
    },
    20_000,
  );
  const stdout = new Term();
  const stdin = new In();
  const instance = render(React.createElement(App, { store, onQuit: () => undefined }), {
    stdout: stdout as never,
    stdin: stdin as never,
    stderr: new Term() as never,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    maxFps: INK_FPS,
    incrementalRendering: true,
  });
  await sleep(2000);
  const waitWrite = async (since: number, pred: (t: string) => boolean, timeoutMs = 3000) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const w = stdout.writes.find((x) => x.at >= since && pred(x.text));
      if (w) return w.at - since;
      if (performance.now() > deadline) return timeoutMs;
      await sleep(1);
    }
  };
  const lat: number[] = [];
  const rss: number[] = [];
  const fedAt0 = fed;
  const t0 = performance.now();
  for (let i = 0; i < KEYS; i++) {
    // `e` toggles errors-only / every line: the mode label in the pane's header changes.
    // (ink writes only what changed: the word itself, after a cursor move.)
    const expect = i % 2 === 0 ? 'ALL' : 'ERRORS';
    const since = performance.now();
    stdin.press('e');
    lat.push(await waitWrite(since, (t) => t.includes(expect)));
    rss.push(process.memoryUsage().rss);
    await sleep(100);
  }
  const rate = (fed - fedAt0) / ((performance.now() - t0) / 1000);
  const st = logs.pipeline.stats();
  instance.unmount();
  await hub.stopAll();
  return {
    p50: median(lat),
    p95: percentile(lat, 95),
    rate,
    n: lat.length,
    rssMb: Math.max(...rss) / 2 ** 20,
    ingested: st.totalLines,
    dropped: st.droppedLines ?? 0,
  };
}

async function main(): Promise<void> {
  // KEEP_FILE=1 keeps the generated file in the temp dir and reuses it on the next run.
  const keep = !!process.env.KEEP_FILE;
  const dir = keep ? tmpdir() : mkdtempSync(join(tmpdir(), 'warroom-logs-bench-'));
  const file = join(dir, keep ? `warroom-logs-bench-${SIZE_MB}mb.log` : 'app.log');
  try {
    const g0 = performance.now();
    const fileLines =
      keep && existsSync(`${file}.lines`)
        ? Number(readFileSync(`${file}.lines`, 'utf8'))
        : await generate(file, SIZE_MB * 2 ** 20);
    if (keep) writeFileSync(`${file}.lines`, String(fileLines));
    const size = statSync(file).size;
    console.log(
      `generated ${(size / 2 ** 20).toFixed(0)} MiB, ${fileLines} lines in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
    );

    const self = fileURLToPath(import.meta.url);
    const child = fork(self, ['--path', file], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const path = await new Promise<{
      lines: number;
      entries: number;
      errors: number;
      groups: number;
      held: number;
      secs: number;
      maxRssKb: number;
      rssAt10Mb: number;
      rssEndMb: number;
    }>((resolve, reject) => {
      child.on('message', (m) => resolve(m as never));
      child.on('exit', (code) => code && reject(new Error(`pipeline child exited ${code}`)));
    });
    const lps = path.lines / path.secs;
    console.log(
      `pipeline: ${path.lines} lines in ${path.secs.toFixed(1)} s = ${Math.round(lps)} lines/s, peak RSS ${(path.maxRssKb / 1024).toFixed(0)} MiB`,
    );

    const time = async (cmd: string) => {
      const t = performance.now();
      const r = await run('bash', ['-c', cmd], { maxBuffer: 1 << 20 });
      return { secs: (performance.now() - t) / 1000, out: r.stdout.trim() };
    };
    const grepC = await time(`grep -c ERROR '${file}'`);
    const grepPipe = await time(`grep ERROR '${file}' | sort | uniq -c | sort -nr > /dev/null`);
    console.log(
      `grep -c ERROR: ${grepC.secs.toFixed(1)} s (${grepC.out} lines); grep|sort|uniq -c|sort -nr: ${grepPipe.secs.toFixed(1)} s`,
    );

    const k = await keystrokes();
    console.log(
      `keystroke → frame at ${Math.round(k.rate)} lines/s: median ${k.p50.toFixed(0)} ms, p95 ${k.p95.toFixed(0)} ms (${k.n} keys), RSS ${k.rssMb.toFixed(0)} MiB`,
    );

    const locale = process.env.LC_ALL || process.env.LANG || 'C (unset)';
    writeSection(
      'Logs pipeline',
      `\`bench/logs.bench.ts\`: a generated ${(size / 2 ** 30).toFixed(2)} GiB log (${fileLines.toLocaleString('en')} lines, 10% errors; pino JSON, logfmt, nginx access logs, Java and Python stack traces) through the whole path — split, decode, level, multi-line grouping, fingerprint, per-minute and per-source counts, bounded ring (20,000 lines) and fingerprint table (2,000) — in a process of its own; then \`grep\` on the same file, then the console under load.

| measure | warroom | reference (same run, same file) |
| --- | --- | --- |
| throughput | **${Math.round(lps).toLocaleString('en')} lines/s** (${(size / 2 ** 20 / path.secs).toFixed(0)} MiB/s, ${path.secs.toFixed(1)} s) | \`grep -c ERROR\`: ${grepC.secs.toFixed(1)} s (counts only) |
| same job as the runbooks | ${path.secs.toFixed(1)} s: ${path.errors.toLocaleString('en')} errors in ${path.groups.toLocaleString('en')} fingerprints (table capped at 2,000) | \`grep ERROR \\| sort \\| uniq -c \\| sort -nr\`: ${grepPipe.secs.toFixed(1)} s (raw lines, timestamps make nearly every line unique) |
| peak RSS of the whole path | **${(path.maxRssKb / 1024).toFixed(0)} MiB** peak; RSS ${path.rssAt10Mb.toFixed(0)} MiB after 10% of the file, ${path.rssEndMb.toFixed(0)} MiB at the end (flat: ${path.held.toLocaleString('en')} entries held whatever the file size) | — |
| errors found | ${path.errors.toLocaleString('en')} (levels from JSON, logfmt and text) | \`grep -c ERROR\`: ${Number(grepC.out).toLocaleString('en')} (pino \`"level":50\` and logfmt \`level=error\` lines carry no "ERROR") |
| keystroke → frame while ${Math.round(k.rate).toLocaleString('en')} lines/s stream in | median ${k.p50.toFixed(0)} ms, **p95 ${k.p95.toFixed(0)} ms** (${k.n} presses of \`e\`, which swaps every row of the pane between errors only and all lines; App at 200x50, logs pane zoomed) | aim: p95 < 100 ms |

Aims: ≥ 200,000 lines/s: **${lps >= 200_000 ? 'met' : 'not met'}**; at least as fast as the grep pipeline: **${path.secs <= grepPipe.secs ? 'met' : 'not met'}**; p95 < 100 ms at 50,000 lines/s: **${k.p95 < 100 && k.rate >= RATE * 0.9 ? 'met' : 'not met'}**. grep ran with locale ${locale}. Load average when the run ended: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} (the machine is shared; figures under load are pessimistic).
`,
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

const i = process.argv.indexOf('--path');
if (process.argv.includes('--keys-only'))
  void keystrokes().then((k) => {
    console.log(JSON.stringify(k));
    process.exit(0);
  });
else if (i >= 0) void pathChild(process.argv[i + 1]!).then(() => process.exit(0));
else runMain(main);
