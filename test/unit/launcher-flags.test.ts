// bin/warroom's shebang carries the console's Node flags (scripts/node-flags.mjs reads them for
// the single executable and the tests): the line parses, and the launcher runs as a command.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launcherFlags } from '../../scripts/node-flags.mjs';

const BIN = fileURLToPath(new URL('../../bin/warroom', import.meta.url));

describe('launcher flags', () => {
  it('are read from the shebang', () => {
    expect(launcherFlags()).toEqual(['--max-semi-space-size=8']);
  });

  it('bin/warroom runs as a command through env -S with them', () => {
    const out = execFileSync(BIN, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    expect(out).toMatch(/^warroom \S+ /);
  });
});
