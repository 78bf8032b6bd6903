// The built console in a real terminal (tmux): starts, shows every pane, moves focus, zooms,
// shows help, reflows on resize, and leaves the terminal usable on every way out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { panes } from '../../src/panes/registry.js';
import { startHealthServer, type HealthServer } from '../helpers/http-health.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

let health: HealthServer;
let t: Tmux | undefined;

beforeAll(async () => {
  health = await startHealthServer('healthy');
});
afterAll(async () => {
  await health.close();
});
afterEach(() => {
  t?.kill();
  t = undefined;
});

async function startConsole(
  cols: number,
  rows: number,
  extra = '',
  env: Record<string, string> = {},
): Promise<Tmux> {
  t = await Tmux.start({ cols, rows, env });
  const cfg = join(t.home, 'warroom.yaml');
  writeFileSync(
    cfg,
    `health:\n  endpoints:\n    - { name: api, url: "${health.url}", expect: { status: 200, json: { status: healthy } }, intervalMs: 500 }\n    - { name: secret-svc, url: "http://admin:hunter2@127.0.0.1:9/health", intervalMs: 500 }\n`,
  );
  t.run(`${warroomCmd(`--config ${cfg} ${extra}`)}; echo "exit=$?"`);
  return t;
}

/** After the console is gone: its exit code, main screen, visible cursor, a shell that echoes typed commands. */
async function expectShellUsable(tm: Tmux, code = 0) {
  await tm.waitForText(/exit=\d+/);
  expect(tm.screen()).toContain(`exit=${code}`);
  expect(tm.altScreen()).toBe(false);
  expect(tm.cursorVisible()).toBe(true);
  tm.run('echo "shell-ok-$((40+2))"');
  await tm.waitForText('shell-ok-42');
  expect(tm.screen()).toMatch(/^\$ /m);
}

describe('console shell in tmux', () => {
  it('200x50: every pane, live health, focus, zoom, help, resize, quit with q', async () => {
    const tm = await startConsole(200, 50);
    const s = await tm.waitFor((x) => x.includes('9 Timeline') && x.includes('● up'), {
      what: 'grid with health up',
    });
    // Issue 14: only health is configured: its pane (focused) and the timeline are boxes, every
    // other pane folds into one line.
    expect(s).toContain('▶5 Health');
    const others = panes
      .filter((p) => !['health', 'timeline'].includes(p.id))
      .map((p) => p.title.toLowerCase());
    expect(s).toContain(`not configured: ${others.join(', ')} — ? or warroom doctor says how`);
    expect(s).toContain('api');
    expect(s).toContain('secret-svc');
    expect(s).toContain('✖ DOWN');
    expect(s).not.toContain('hunter2');
    expect(s).toMatch(/Health\s+● live\b/);
    expect(tm.altScreen()).toBe(true);
    tm.send('Tab');
    await tm.waitForText('▶9 Timeline');
    tm.send('5');
    await tm.waitForText('▶5 Health');
    tm.send('z');
    await tm.waitFor((x) => x.includes('▶5 Health') && !x.includes('9 Timeline'), { what: 'zoomed health' });
    tm.send('z');
    await tm.waitFor((x) => x.includes('9 Timeline') && x.includes('▶5 Health'), { what: 'grid again' });
    tm.send('?');
    await tm.waitForText('Keys — ? or Esc to close');
    tm.send('Escape');
    await tm.waitFor((x) => !x.includes('Keys — ?') && x.includes('9 Timeline'), { what: 'help closed' });
    tm.resize(80, 24);
    await tm.waitFor((x) => x.includes('▶5 Health') && /5 Health ✖ 1 DOWN · 9 Timeline/.test(x), {
      what: 'status board at 80x24',
    });
    tm.resize(70, 20);
    await tm.waitForText('Enlarge the terminal');
    tm.resize(200, 50);
    await tm.waitFor((x) => x.includes('9 Timeline') && x.includes('▶5 Health') && !x.includes('Enlarge'), {
      what: 'grid after resize',
    });
    tm.send('q');
    await expectShellUsable(tm);
  });

  it('80x24: the status board with every configured pane, focus moves through them', async () => {
    const tm = await startConsole(80, 24);
    await tm.waitFor((x) => x.includes('▶5 Health') && /5 Health \S+ .* · 9 Timeline/.test(x), {
      what: 'status board',
    });
    tm.send('BTab');
    await tm.waitForText('▶9 Timeline');
    tm.send('5');
    await tm.waitFor((x) => x.includes('▶5 Health') && x.includes('api'), { what: 'health focused' });
    tm.send('C-c');
    await expectShellUsable(tm);
  });

  for (const [signal, code] of [
    ['TERM', 143],
    ['HUP', 129],
  ] as const) {
    it(`SIG${signal} restores the terminal (exit ${code})`, async () => {
      const tm = await startConsole(100, 30);
      await tm.waitForText('5 Health');
      const [pid] = await waitFor(
        () => tm.childPids(),
        (p) => p.length === 1,
        { what: 'console pid' },
      );
      process.kill(pid!, `SIG${signal}`);
      await expectShellUsable(tm, code);
    });
  }

  it('an internal error restores the terminal and prints one line, no stack trace', async () => {
    const tm = await startConsole(100, 30, '', { WARROOM_TEST_CRASH_AFTER_MS: '300' });
    await expectShellUsable(tm, 70);
    const s = tm.screen();
    expect(s).toContain('warroom: internal error: test crash requested');
    expect(s).not.toMatch(/^\s+at /m);
  });

  it('--no-color and NO_COLOR: state in words and symbols', async () => {
    const tm = await startConsole(200, 50, '--no-color --read-only');
    await tm.waitFor((x) => x.includes('READ-ONLY') && x.includes('✖ DOWN') && x.includes('● up'), {
      what: 'states as text',
    });
    tm.send('q');
    await expectShellUsable(tm);
  });

  it('bad flags and bad config: one line, usage, exit 2', async () => {
    t = await Tmux.start({ cols: 160, rows: 20 });
    const cfg = join(t.home, 'bad.yaml');
    writeFileSync(cfg, 'postgres:\n  url: 5\n');
    t.run(`${warroomCmd('--bogus')}; echo "rc=$?"`);
    await t.waitForText('rc=2');
    expect(t.screen()).toContain("error: unknown option '--bogus'");
    expect(t.screen()).toContain('Usage: warroom');
    t.run(`${warroomCmd(`--config ${cfg}`)}; echo "rc=$?"`);
    await t.waitFor((x) => (x.match(/rc=2/g) ?? []).length === 2, { what: 'second rc=2' });
    expect(t.screen()).toContain(`warroom: invalid config ${cfg}: postgres.url:`);
  });
});
