// `warroom sim` (the built binary): prints its kubeconfig path on the first line, serves
// kubectl, and stops cleanly on Ctrl-C; bad flags give a one-line error.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/warroom');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js')))
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'warroom-simcmd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('warroom sim', () => {
  it('writes a kubeconfig, prints its path first, serves kubectl, and stops on SIGINT', async () => {
    const kc = join(dir, 'sim.kubeconfig');
    const p = spawn(process.execPath, [BIN, 'sim', '--kubeconfig', kc, '--pods', '20'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    try {
      await waitFor(
        () => out,
        (o) => o.includes('\n'),
        { what: 'the first line', timeoutMs: 15_000 },
      );
      expect(out.split('\n')[0]).toBe(kc);
      expect(readFileSync(kc, 'utf8')).toMatch(/server: http:\/\/127\.0\.0\.1:\d+/);
      const r = spawnSync('kubectl', ['get', 'pods', '-A', '--no-headers'], {
        env: kubectlEnv(kc, dir),
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(20);
    } finally {
      p.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });

  it('refuses a bad port with a one-line error and exit code 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'sim', '--port', 'http'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain("option '--port <n>' argument 'http' is invalid");
  });
});
