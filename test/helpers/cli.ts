// Runs `warroom` from the sources (tsx) as a child process, with a config file and a HOME of
// the test's own.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
