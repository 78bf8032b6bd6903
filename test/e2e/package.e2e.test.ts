// What a bastion gets (issue 20), run with nothing but the system's own (older) Node on PATH:
//  - the single executable (`npm run package`), copied alone into an empty directory and run
//    under `env -i PATH=/usr/bin:/bin`: --version, demo --list, and the demo in tmux showing
//    its fault (and with no Node at all on PATH);
//  - the npm tarball (`npm pack`), installed globally into a temporary prefix with --omit=dev:
//    warroom --version and warroom doctor --help from there.
// scripts/test.sh builds dist/ and the executable first; run alone, this file builds the
// executable when it is missing or older than dist/cli.js.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const EXE = join(ROOT, 'dist', `warroom-${process.platform}-${process.arch}`);
const BARE_PATH = '/usr/bin:/bin';
const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** Runs a command with an empty environment but PATH=/usr/bin:/bin (and the given variables). */
function bare(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: BARE_PATH, ...env }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the single executable, with only the system Node on PATH', () => {
  let exe: string;
  let home: string;
  beforeAll(() => {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(EXE) || (existsSync(cli) && statSync(EXE).mtimeMs < statSync(cli).mtimeMs)) {
      execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, stdio: 'ignore' });
    }
    // One file, copied alone: nothing beside it.
    const dir = tmp('warroom-exe-');
    exe = join(dir, 'warroom');
    copyFileSync(EXE, exe);
    chmodSync(exe, 0o755);
    home = tmp('warroom-exe-home-');
  }, 120_000);

  it('runs with no Node at all on PATH', () => {
    const r = spawnSync(exe, ['demo', '--list'], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('bad-deploy');
  });

  it('--version: version, commit, and that it is the single executable', () => {
    const r = bare(exe, ['--version'], { HOME: home });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^warroom \d+\.\d+\.\d+\S* \(commit [0-9a-f]{7,}(-dirty)?, single executable with Node v\d+\.\d+\.\d+\)\n$/,
    );
    expect(readdirSync(join(exe, '..'))).toEqual(['warroom']);
  });

  it('demo --list, and every subcommand loads (--help)', () => {
    const r = bare(exe, ['demo', '--list'], { HOME: home });
    expect(r.code).toBe(0);
    expect(r.out).toContain('bad-deploy');
    expect(r.out).toContain('redis-memory');
    const help = bare(exe, ['--help'], { HOME: home });
    const subs = [...help.out.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((m) => m[1]!)
      .filter((s) => s !== 'help');
    expect(subs).toEqual(expect.arrayContaining(['demo', 'sim', 'doctor', 'snapshot', 'export']));
    for (const s of subs) {
      const h = bare(exe, [s, '--help'], { HOME: home });
      expect(h.err, s).toBe('');
      expect(h.out, s).toContain(`Usage: warroom ${s}`);
    }
    // An embedded asset, and a subcommand's lazily loaded code, from the executable.
    expect(bare(exe, ['example-config'], { HOME: home }).out).toContain('kubernetes:');
    const doc = bare(exe, ['doctor'], { HOME: home });
    expect(doc.code).toBe(0);
    expect(doc.out).toContain('all required checks passed');
    const snap = bare(exe, ['snapshot', '--json'], { HOME: home });
    expect(snap.code).toBe(0);
    expect(JSON.parse(snap.out)).toHaveProperty('warroom');
  });

  it('sim: the Kubernetes API simulator serves, and the console reads it (snapshot)', async () => {
    const kubeconfig = join(home, 'sim.kubeconfig');
    const sim = spawn(exe, ['sim', '--port', '0', '--kubeconfig', kubeconfig], {
      env: { PATH: BARE_PATH, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      sim.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(
        () => out,
        (o) => o.includes('Kubernetes API simulator on'),
        { timeoutMs: 20_000, what: 'the simulator listening' },
      );
      const snap = bare(exe, ['snapshot'], { HOME: home, KUBECONFIG: kubeconfig });
      expect(snap.code).toBe(0);
      expect(snap.out).toContain('== k8s.pods: OK');
    } finally {
      sim.kill('SIGTERM');
    }
  });

  it('the demo in tmux shows its fault (bad-deploy: crash-looping pods, the API down)', async () => {
    const t = await Tmux.start({ cols: 200, rows: 50 });
    try {
      const env = [
        `PATH=${BARE_PATH}`,
        `HOME=${t.home}`,
        `XDG_STATE_HOME=${join(t.home, 'state')}`,
        'TERM=xterm-256color',
        'WARROOM_DEMO_SPEED=10',
        `WARROOM_DEMO_ID=pkg${process.pid}`,
      ];
      t.run(`env -i ${env.join(' ')} '${exe}' demo; echo "exit=$?"`);
      await t.waitFor((s) => s.includes('DRILL — not') && s.includes('SEV 2'), {
        what: 'the drill console with its incident',
        timeoutMs: 30_000,
      });
      await t.waitFor((x) => /CrashLoopBackOff|Error/.test(x) && x.includes('endpoints DOWN'), {
        what: 'crash-looping backend pods and the API down',
        timeoutMs: 30_000,
      });
      // The logs pane's error count and lines come from the ingest worker, which the executable
      // starts from its embedded asset (logs-worker.cjs).
      await t.waitFor((x) => /✖ \d+ errors/.test(x) && x.includes('TypeError'), {
        what: 'error lines from the logs worker in the logs pane',
        timeoutMs: 30_000,
      });
      t.send('q');
      await t.waitForText('exit=0', 20_000);
      // The drill's review, exported by the executable from the journal the demo wrote.
      const review = bare(exe, ['export'], { HOME: t.home, XDG_STATE_HOME: join(t.home, 'state') });
      expect(review.err).toBe('');
      expect(review.out).toContain('# Post-Incident Review: DRILL: Bad deploy');
    } finally {
      t.kill();
    }
  });
});

describe('the npm tarball, installed with --omit=dev into a temporary prefix', () => {
  let bin: string;
  beforeAll(() => {
    const dir = tmp('warroom-pack-');
    // dist/ is built by scripts/test.sh (the tarball's prepack builds it too: skipped here).
    const file = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const prefix = join(dir, 'prefix');
    execFileSync(
      'npm',
      [
        'install',
        '-g',
        '--omit=dev',
        '--no-audit',
        '--no-fund',
        '--offline',
        '--prefix',
        prefix,
        join(dir, file),
      ],
      { stdio: 'ignore' },
    );
    bin = join(prefix, 'bin', 'warroom');
  }, 120_000);

  it('warroom --version: version, commit, and that it runs on Node', () => {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    expect(out).toMatch(
      /^warroom \d+\.\d+\.\d+\S* \(commit [0-9a-f]{7,}(-dirty)?, Node v\d+\.\d+\.\d+ at \//,
    );
  });

  it('warroom doctor --help', () => {
    const out = execFileSync(bin, ['doctor', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: warroom doctor');
  });

  it('installs no dependency: everything is in the bundle', () => {
    const modules = join(bin, '..', '..', 'lib', 'node_modules');
    expect(readdirSync(modules)).toEqual(['warroom']);
    expect(existsSync(join(modules, 'warroom', 'node_modules'))).toBe(false);
  });
});
