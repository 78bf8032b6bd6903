// What the start-up benchmarks share: health endpoints to poll, and the time from process start
// to the console's first complete frame in a real terminal (a private tmux server at 200x50; the
// console writes the time of its first complete frame to WARROOM_BENCH_FIRST_FRAME).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTmuxServer } from '../test/helpers/tmux.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` HTTP servers answering 200 {"status":"healthy"}, and their /health URLs. */
export async function healthServers(n: number) {
  const servers: http.Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = http.createServer((_q, r) =>
      r.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy"}'),
    );
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    urls.push(`http://127.0.0.1:${(s.address() as AddressInfo).port}/health`);
  }
  return { urls, close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))) };
}

/**
 * Process start (just before tmux spawns it) to the console's first complete frame, in ms.
 * `command` is run through `env` (so it may start with VAR=value words), with HOME set to a fresh
 * directory; `prefix` goes before `env` (e.g. `env -i PATH=…` for a bare environment).
 */
export async function firstFrame(command: string[], prefix: string[] = ['env']): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'wr-bench-'));
  const mark = join(dir, 'mark');
  const socket = `wr-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
  const t0 = Date.now();
  tmux(
    'new-session',
    '-d',
    '-s',
    'b',
    '-x',
    '200',
    '-y',
    '50',
    ...prefix,
    `WARROOM_BENCH_FIRST_FRAME=${mark}`,
    `HOME=${dir}`,
    ...command,
  );
  while (!existsSync(mark) || !readFileSync(mark, 'utf8')) await sleep(2);
  const t1 = Number(readFileSync(mark, 'utf8'));
  killTmuxServer(socket);
  rmSync(dir, { recursive: true, force: true });
  return t1 - t0;
}

/** Wall time of one run of `command`, in ms. */
export function timeCmd(command: string[]): number {
  const t0 = performance.now();
  spawnSync(command[0]!, command.slice(1), { stdio: 'ignore' });
  return performance.now() - t0;
}
