// Console shell benchmarks:
//  1. time from process start to the first complete frame (the built binary in a real
//     terminal: tmux), against `node -e 0` and against `node bin/warroom --version` (start-up
//     without the UI) in the same run;
//  2. CPU used over 60 s idle with the health pane polling 5 endpoints every 2 s, against the
//     runbooks' habit (a shell loop curling the same 5 endpoints every 2 s) in the same run.
// Run: npm run bench -- startup   (IDLE_SECONDS=10 for a quick run)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFrame, healthServers, timeCmd } from './first-frame.ts';
import { median, percentile, writeSection } from './report.ts';
import { killTmuxServer } from '../test/helpers/tmux.ts';

const ROOT = process.cwd();
const NODE = process.execPath;
const RUNS = Number(process.env.STARTUP_RUNS ?? 15);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmux(socket: string, ...args: string[]) {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

/** The built console on `cfg`, with extra VAR=value words for its environment. */
const consoleFrame = (cfg: string, env: string[] = []) =>
  firstFrame([...env, NODE, join(ROOT, 'bin/warroom'), '--config', cfg]);

function cpuTicks(pid: number): number {
  // utime + stime + cutime + cstime of the process (children included once reaped).
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}

interface Idle {
  cpu: number;
  bytesPerSec: number;
}

/**
 * CPU (% of one core) and bytes/s written to the pty (tmux pipe-pane) over `windows` windows of
 * IDLE_SECONDS each, one after the other, after 5 s to settle.
 */
async function idleCpu(command: string[], windows = 1, env: Record<string, string> = {}): Promise<Idle[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wr-idle-'));
  const socket = `wr-idle-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  tmux(
    socket,
    'new-session',
    '-d',
    '-s',
    'i',
    '-x',
    '200',
    '-y',
    '50',
    'env',
    `HOME=${dir}`,
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...command,
  );
  const panePid = Number(tmux(socket, 'display-message', '-p', '-t', 'i', '#{pane_pid}').trim());
  await sleep(5000); // settle: start-up is measured separately
  const out: Idle[] = [];
  for (let w = 0; w < windows; w++) {
    const file = join(dir, `pty-${w}.out`);
    tmux(socket, 'pipe-pane', '-t', 'i', '-o', `cat >> '${file}'`);
    const a = cpuTicks(panePid);
    const t0 = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const b = cpuTicks(panePid);
    const secs = (performance.now() - t0) / 1000;
    tmux(socket, 'pipe-pane', '-t', 'i');
    await sleep(200); // let cat write its last bytes
    const bytes = existsSync(file) ? statSync(file).size : 0;
    out.push({ cpu: ((b - a) / CLK_TCK / secs) * 100, bytesPerSec: bytes / secs });
  }
  killTmuxServer(socket);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const { urls, close } = await healthServers(5);
const dir = mkdtempSync(join(tmpdir(), 'wr-bench-cfg-'));
const cfg = join(dir, 'warroom.yaml');
writeFileSync(
  cfg,
  `health:\n  endpoints:\n${urls.map((u, i) => `    - { name: svc${i}, url: "${u}", intervalMs: 2000 }`).join('\n')}\n`,
);

for (let i = 0; i < 2; i++) await consoleFrame(cfg); // warm the page cache
const frames: number[] = [];
const uncached: number[] = [];
for (let i = 0; i < RUNS; i++) {
  frames.push(await consoleFrame(cfg));
  uncached.push(await consoleFrame(cfg, ['NODE_DISABLE_COMPILE_CACHE=1']));
}
const nodeBare: number[] = [];
const version: number[] = [];
for (let i = 0; i < RUNS; i++) {
  nodeBare.push(timeCmd([NODE, '-e', '0']));
  version.push(timeCmd([NODE, join(ROOT, 'bin/warroom'), '--version']));
}

// Idle CPU: the console (inside its pane's process tree: the pane process IS the console).
// Two windows: the first minute after start (the health states are seconds old, their ages tick
// every second), and the minute after it (ages in minutes: an idle console).
const [firstMinute, idle] = await idleCpu([NODE, join(ROOT, 'bin/warroom'), '--config', cfg], 2);
// Reference: the runbooks' habit — curl each endpoint every 2 s in a shell loop.
const loop = `while true; do for u in ${urls.join(' ')}; do curl -s -o /dev/null "$u"; done; sleep 2; done`;
const [curlCpu] = await idleCpu(['bash', '-c', loop]);
const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');

await close();
rmSync(dir, { recursive: true, force: true });

const r = (x: number) => x.toFixed(0);
const body = `
Measured ${new Date().toISOString().slice(0, 10)} by \`bench/startup.bench.ts\`.

**First complete frame** (all ten panes laid out, health pane polling 5 endpoints), process
start to frame on screen in a 200x50 tmux, ${RUNS} runs after 2 warm-ups. The frame time is
written by the console itself (a benchmark-only hook, \`WARROOM_BENCH_FIRST_FRAME\`) right after
ink wrote the first frame; the start is taken just before tmux spawns the process.

| what | median | p95 | aim |
| --- | ---: | ---: | --- |
| warroom, first complete frame (compile cache on, the default) | ${r(median(frames))} ms | ${r(percentile(frames, 95))} ms | under 150 ms |
| warroom, compile cache off (\`NODE_DISABLE_COMPILE_CACHE=1\`, as before) | ${r(median(uncached))} ms | ${r(percentile(uncached, 95))} ms | |
| reference: \`node -e 0\` | ${r(median(nodeBare))} ms | ${r(percentile(nodeBare, 95))} ms | |
| reference: \`warroom --version\` (CLI without the UI) | ${r(median(version))} ms | ${r(percentile(version, 95))} ms | |

**Idle**, health pane polling 5 local endpoints every 2 s, in a 200x50 tmux: CPU read from
\`/proc/PID/stat\` (user + system, children included), bytes written to the pty captured by
\`tmux pipe-pane\`, over two windows of ${IDLE_SECONDS} s of one run: the first minute after start
(from 5 s; the endpoints' states are seconds old and their ages tick every second) and the
minute after it (ages in minutes, the clock in minutes: an idle console). The machine's load
average at the end: ${load} (2 cores, shared).

| what | CPU, % of one core | bytes/s to the terminal | aim |
| --- | ---: | ---: | --- |
| warroom, idle, minute 2 | ${idle!.cpu.toFixed(2)} % | ${idle!.bytesPerSec.toFixed(0)} | under 1 %, under 1,000 bytes/s |
| warroom, first minute after start | ${firstMinute!.cpu.toFixed(2)} % | ${firstMinute!.bytesPerSec.toFixed(0)} | |
| reference: shell loop curling the 5 endpoints / 2 s | ${curlCpu!.cpu.toFixed(2)} % | — | |
`;
console.log(body);
writeSection('Console shell', body);
