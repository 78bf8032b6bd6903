// Pods at scale: how the built console's figures grow from 500 to 5,000 to 20,000 pods (issue
// 15). For each size, the API simulator (bench/kube.bench.ts --sim, in a child process) holds N
// pods in M namespaces and writes changes at a rate scaled to 100/s at 20,000 pods; the built
// `warroom` runs in a private tmux at 200x50 with a config pointing at it. Measured:
//  - process start (the command line sent to the pane's shell) → the first frame whose pods pane
//    counts every pod (capture-pane polled);
//  - RSS of the console, every second for WINDOW_S s while the changes stream (median, peak);
//  - keystroke → frame: j/k, `s`, typing a `/` filter, sent with send-keys and polled with
//    capture-pane (its own cost, measured in the same run, is the floor of these figures);
// against references measured in the same run: the simulator's list (every page, limit 500, by
// plain fetch + JSON.parse) and `kubectl get pods -A`.
// Run: npx tsx bench/scale.bench.ts   (SIZES=500,5000 to pick sizes; WINDOW_S=…)
import { execFile, execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './report.ts';
import { Tmux, warroomCmd } from '../test/helpers/tmux.ts';

const SIZES = (process.env.SIZES ?? '500,5000,20000').split(',').map(Number);
const WINDOW_S = Number(process.env.WINDOW_S ?? 30);
const KUBECTL_RUNS = Number(process.env.KUBECTL_RUNS ?? 3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KUBE_BENCH = fileURLToPath(new URL('./kube.bench.ts', import.meta.url));

interface Sim {
  port: number;
  kubeconfig: string;
  pods: number;
  send(cmd: 'churn' | 'stop'): void;
  stopped: Promise<{ changes: number }>;
}

async function startSim(pods: number, namespaces: number, changesPerS: number): Promise<Sim> {
  const child = fork(KUBE_BENCH, ['--sim'], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
    env: {
      ...process.env,
      PODS: String(pods),
      NAMESPACES: String(namespaces),
      CHANGES_PER_S: String(changesPerS),
    },
  });
  const ready = await new Promise<{ port: number; kubeconfig: string; pods: number }>((resolve) =>
    child.on('message', (m: any) => m.type === 'ready' && resolve(m)),
  );
  const stopped = new Promise<{ changes: number }>((resolve) =>
    child.on('message', (m: any) => m.type === 'stopped' && resolve(m)),
  );
  return { ...ready, send: (cmd) => child.send({ cmd }), stopped };
}

/** Every page of the pods list (limit 500), fetched and parsed: what any client has to wait for. */
async function listTime(port: number): Promise<number> {
  const t0 = performance.now();
  let cont = '';
  for (;;) {
    const q = `limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const page = JSON.parse(await (await fetch(`http://127.0.0.1:${port}/api/v1/pods?${q}`)).text());
    cont = page.metadata?.continue ?? '';
    if (!cont) break;
  }
  return performance.now() - t0;
}

function kubectlTime(kubeconfig: string, home: string): Promise<number> {
  const at = performance.now();
  return new Promise((resolve) =>
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'get', 'pods', '-A'],
      { env: { ...process.env, HOME: home }, maxBuffer: 256 * 2 ** 20 },
      () => resolve(performance.now() - at),
    ),
  );
}

/** capture-pane with escapes (the selection is reverse video). */
function capture(tm: Tmux): string {
  return execFileSync('tmux', ['-L', tm.socket, '-f', '/dev/null', 'capture-pane', '-p', '-e', '-t', 'w'], {
    encoding: 'utf8',
  });
}
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const selectedLine = (s: string) => plain(s.split('\n').find((l) => l.includes('\x1b[7m')) ?? '');
const sortHeader = (s: string) => plain(s.split('\n').find((l) => /[A-Z]+[↑↓]/.test(plain(l))) ?? '');

async function keyLatency(tm: Tmux, key: string, changed: (before: string, now: string) => boolean) {
  const before = capture(tm);
  const at = performance.now();
  tm.send(key);
  const deadline = at + 3000;
  while (performance.now() < deadline) {
    const s = capture(tm);
    if (changed(before, s)) return performance.now() - at;
    await sleep(1);
  }
  return NaN;
}

interface Result {
  pods: number;
  namespaces: number;
  changesPerS: number;
  changes: number;
  firstFrameMs: number;
  rssMedian: number;
  rssPeak: number;
  keys: number[];
  captureMs: number;
  listMs: number;
  kubectlMs: number;
  load: [number, number];
}

async function measure(target: number): Promise<Result> {
  const namespaces = Math.max(1, Math.round(target / 100));
  const changesPerS = (100 * target) / 20_000;
  const load0 = loadavg()[0]!;
  const sim = await startSim(target, namespaces, changesPerS);
  console.log(`simulator: ${sim.pods} pods in ${namespaces} namespaces, ${changesPerS} changes/s`);
  const dir = mkdtempSync(join(tmpdir(), 'warroom-scale-'));
  const cfg = join(dir, 'warroom.yaml');
  writeFileSync(cfg, `kubernetes:\n  kubeconfig: ${sim.kubeconfig}\n`);

  // References first, on a quiet simulator.
  const lists: number[] = [];
  for (let i = 0; i < 3; i++) lists.push(await listTime(sim.port));
  const kTimes: number[] = [];
  for (let i = 0; i < KUBECTL_RUNS; i++) kTimes.push(await kubectlTime(sim.kubeconfig, dir));

  const tm = await Tmux.start({ cols: 200, rows: 50 });
  const counted = new RegExp(`\\b${sim.pods} pods ·`);
  const t0 = performance.now();
  tm.run(`exec ${warroomCmd(`--config ${cfg}`)}`);
  for (;;) {
    if (counted.test(tm.screen())) break;
    if (performance.now() - t0 > 180_000) throw new Error('no complete pods frame in 180 s');
    await sleep(5);
  }
  const firstFrameMs = performance.now() - t0;
  console.log(`first complete pods frame: ${Math.round(firstFrameMs)} ms`);
  const pid = tm.panePid();
  const rssOf = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  };
  sim.send('churn');
  await sleep(2000);

  // Keys while the changes stream.
  const captures: number[] = [];
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    capture(tm);
    captures.push(performance.now() - a);
  }
  const keys: number[] = [];
  const push = (ms: number) => Number.isFinite(ms) && keys.push(ms);
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 10; i++)
      push(await keyLatency(tm, i % 3 === 2 ? 'k' : 'j', (b, s) => selectedLine(s) !== selectedLine(b)));
    push(await keyLatency(tm, 's', (b, s) => sortHeader(s) !== sortHeader(b)));
    tm.send('/');
    await tm.waitFor((s) => s.includes('/▏'), { what: 'filter prompt' });
    let typed = '';
    for (const ch of `ns-${round + 1}`) {
      typed += ch;
      const want = `/${typed}▏`;
      push(await keyLatency(tm, ch, (_b, s) => plain(s).includes(want)));
    }
    tm.send('Escape');
    await sleep(300);
  }
  // Memory while the changes stream.
  const rss: number[] = [];
  const wStart = performance.now();
  while (performance.now() - wStart < WINDOW_S * 1000) {
    await sleep(1000);
    rss.push(rssOf());
  }
  tm.kill();
  sim.send('stop');
  const { changes } = await sim.stopped;
  rmSync(dir, { recursive: true, force: true });
  return {
    pods: sim.pods,
    namespaces,
    changesPerS,
    changes,
    firstFrameMs,
    rssMedian: median(rss),
    rssPeak: Math.max(...rss),
    keys,
    captureMs: median(captures),
    listMs: median(lists),
    kubectlMs: median(kTimes),
    load: [load0, loadavg()[0]!],
  };
}

const SCALE_START = '<!-- scale.bench -->';
const SCALE_END = '<!-- /scale.bench -->';

/** Puts the scale block inside the "Kubernetes panes" section (kube.bench.ts keeps it). */
function writeScaleBlock(block: string): void {
  const file = 'docs/BENCHMARKS.md';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const wrapped = `${SCALE_START}\n${block.trim()}\n${SCALE_END}`;
  const a = text.indexOf(SCALE_START);
  const b = text.indexOf(SCALE_END);
  if (a >= 0 && b > a) text = text.slice(0, a) + wrapped + text.slice(b + SCALE_END.length);
  else {
    const start = text.indexOf('## Kubernetes panes\n');
    if (start < 0) text = `${text.trimEnd()}\n\n## Kubernetes panes\n\n${wrapped}\n`;
    else {
      const next = text.indexOf('\n## ', start + 3);
      const at = next < 0 ? text.length : next;
      text = `${text.slice(0, at).trimEnd()}\n\n${wrapped}\n${text.slice(at)}`;
    }
  }
  writeFileSync(file, text);
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const n of SIZES) results.push(await measure(n));
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ms = (x: number) => `${Math.round(x)} ms`;
  const rows = results.map(
    (r) =>
      `| ${r.pods.toLocaleString('en')} / ${r.namespaces} / ${r.changesPerS} | ${s(r.firstFrameMs)} | ${s(r.listMs)} (${(r.firstFrameMs / r.listMs).toFixed(1)}×) | ${s(r.kubectlMs)} | ${mib(r.rssMedian)} / ${mib(r.rssPeak)} | ${ms(median(r.keys))} / ${ms(percentile(r.keys, 95))} (n ${r.keys.length}) | ${ms(r.captureMs)} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`,
  );
  // A run of some sizes only (SIZES=…) keeps the other sizes' rows of the last run.
  const measured = new Set(results.map((r) => Math.round(r.pods / 100)));
  const doc = existsSync('docs/BENCHMARKS.md') ? readFileSync('docs/BENCHMARKS.md', 'utf8') : '';
  const old = doc.slice(doc.indexOf(SCALE_START), doc.indexOf(SCALE_END));
  const kept = [...old.matchAll(/^\| ([\d,]+) \/ .*$/gm)]
    .map((m) => ({ pods: Number(m[1]!.replace(/,/g, '')), row: m[0] }))
    .filter((r) => !measured.has(Math.round(r.pods / 100)));
  const table = [...kept, ...results.map((r, i) => ({ pods: r.pods, row: rows[i]! }))]
    .sort((a, b) => a.pods - b.pods)
    .map((r) => r.row);
  const block = `### Scale: 500 → 5,000 → 20,000 pods

Measured ${new Date().toISOString().slice(0, 10)} by \`bench/scale.bench.ts\` (the built console, \`bin/warroom\` with a
config pointing at the simulator, in a private tmux at 200x50; the simulator in a child process
writing changes at a rate scaled to 100/s at 20,000 pods). First frame: from the command line
sent to the pane's shell to the first capture whose pods pane counts every pod. RSS: every second
over ${WINDOW_S} s while the changes stream. Keys: j/k, \`s\`, typing a \`/\` filter, by send-keys, until a
capture shows the effect; one capture-pane costs the "capture" column, which these figures include.
References in the same run: the simulator's whole pods list (every page of 500 fetched and parsed
with JSON.parse, median of 3) and \`kubectl get pods -A\` (median of ${KUBECTL_RUNS}).

| pods / namespaces / changes/s | first pods frame | sim list (ratio) | kubectl get pods -A | RSS median / peak | keys median / p95 | capture | load avg 1 min |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${table.join('\n')}
`;
  console.log(block);
  writeScaleBlock(block);
  process.exit(0);
}

await main();
