// Runs `warroom` from the sources (tsx) as a child process, with a config file and a HOME of
// the test's own; a HOME holding the runbook's incident, for one file's tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function runWarroom(cfg: string, home: string, args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./src/cli.ts').then((m) => m.main(${JSON.stringify(['--config', cfg, ...args])}))`,
    ],
    { cwd: ROOT, env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state') }, encoding: 'utf8' },
  );
}

/** A HOME with a config (`incident.handle: alice`) and the runbook's incident as a journal. */
export function runbookHome(prefix: string, events: readonly object[]): { home: string; cfg: string } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const cfg = join(home, 'warroom.yaml');
  writeFileSync(cfg, 'incident: { handle: alice }\n');
  const dir = join(home, 'state', 'warroom', 'incidents');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '2024-01-15-001.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { home, cfg };
}

/**
 * The runbook HOME (runbookHome) for the tests of one file, made before them and removed
 * after them; `warroom(...args)` runs the CLI in it. Filled in by the file's beforeAll.
 */
export function useRunbookHome(prefix: string, events: () => readonly object[]) {
  const r = { home: '', cfg: '', warroom: (...args: string[]) => runWarroom(r.cfg, r.home, args) };
  beforeAll(() => {
    Object.assign(r, runbookHome(prefix, events()));
  });
  afterAll(() => rmSync(r.home, { recursive: true, force: true }));
  return r;
}
