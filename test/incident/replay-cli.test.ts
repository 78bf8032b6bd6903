// `warroom replay` on the command line, before any screen: --at and --speed parsed, clear words
// for an incident without a recording, a moment outside it, an empty recording; completion
// knows the command and its flags.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { bashScript } from '../../src/commands/completion.js';
import { parseAt, resolveAt } from '../../src/commands/replay.js';
import { encodeFrame, MAGIC } from '../../src/incident/recording/format.js';
import { runbookIncident } from './fixture.js';

const ROOT = resolve(__dirname, '../..');
let home: string;
let dir: string;

function warroom(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./src/cli.ts').then((m) => m.main(${JSON.stringify(args)}))`],
    { cwd: ROOT, env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state') }, encoding: 'utf8' },
  );
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'warroom-replay-cli-'));
  dir = join(home, 'state', 'warroom', 'incidents');
  mkdirSync(dir, { recursive: true });
  const journal = runbookIncident()
    .map((e) => JSON.stringify(e))
    .join('\n');
  writeFileSync(join(dir, '2024-01-15-001.jsonl'), journal + '\n');
  writeFileSync(
    join(dir, '2024-01-15-002.jsonl'),
    journal.replaceAll('2024-01-15-001', '2024-01-15-002') + '\n',
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('warroom replay (command line)', () => {
  it('parses --at as a UTC time or an offset, and finds it in the recording', () => {
    expect(parseAt('03:12:05')).toEqual({ kind: 'clock', ms: (3 * 3600 + 12 * 60 + 5) * 1000 });
    expect(parseAt('+12m05s')).toEqual({ kind: 'offset', ms: (12 * 60 + 5) * 1000 });
    expect(parseAt('+1h')).toEqual({ kind: 'offset', ms: 3600_000 });
    expect(() => parseAt('25:00:00')).toThrow(/HH:MM:SS/);
    expect(() => parseAt('+')).toThrow(/HH:MM:SS/);
    const start = Date.parse('2026-12-01T23:50:00Z');
    const end = Date.parse('2026-12-02T00:20:00Z');
    expect(resolveAt(parseAt('00:05:00'), start, end)).toBe(Date.parse('2026-12-02T00:05:00Z'));
    expect(resolveAt(parseAt('23:55'), start, end)).toBe(Date.parse('2026-12-01T23:55:00Z'));
    expect(resolveAt(parseAt('12:00:00'), start, end)).toBeUndefined();
    expect(resolveAt(parseAt('+10m'), start, end)).toBe(start + 600_000);
    expect(resolveAt(parseAt('+31m'), start, end)).toBeUndefined();
  });

  it('says what is missing, without a screen or a stack trace', async () => {
    const none = warroom('replay', '2024-01-15-001');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /^warroom: no recording of 2024-01-15-001 \(.*2024-01-15-001\.rec\): it is made while/,
    );
    expect(warroom('replay', 'nope-404').stderr).toMatch(/no incident nope-404/);
    expect(warroom('replay', '2024-01-15-001', '--at', 'soon').stderr).toMatch(/HH:MM:SS/);
    expect(warroom('replay', '2024-01-15-001', '--speed', '0').stderr).toMatch(/from 1 to 64/);
    // A recording with one moment: --at outside it is refused with the recording's span.
    const t = Date.parse('2024-01-15T03:00:00Z');
    const { bytes: frame } = await encodeFrame({ t, k: 1, s: {} });
    writeFileSync(join(dir, '2024-01-15-002.rec'), Buffer.concat([MAGIC, frame]));
    const out = warroom('replay', '2024-01-15-002', '--at', '04:00:00');
    expect(out.stderr).toContain(
      '--at 04:00:00 is not in the recording (2024-01-15 03:00:00Z to 2024-01-15 03:00:00Z)',
    );
    // No terminal here: the replay says it needs one.
    const tty = warroom('replay', '2024-01-15-002');
    expect(tty.stderr).toContain('warroom: the replay needs a terminal');
    expect(tty.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(dir, '2024-01-15-002.rec'), MAGIC);
    expect(warroom('replay', '2024-01-15-002').stderr).toMatch(/holds no recorded moment/);
  });

  it('is in the shell completion with its flags', () => {
    const script = `${bashScript(buildProgram())}
COMP_WORDS=('warroom' 'replay' '--'); COMP_CWORD=2
_warroom; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const got = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' }).split(
      '\n',
    );
    expect(got).toEqual(expect.arrayContaining(['--at', '--speed', '--help']));
  });
});
