// `warroom demo` end to end in tmux, with scenario timings shortened (WARROOM_DEMO_SPEED=10):
// the drill banner and incident appear, the fault shows in the right panes, the mitigation
// done from the action palette (`:`, search, confirm by typing the target) heals it, the
// timeline records both, and `warroom export` marks the drill.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tmux, WARROOM, warroomCmd } from '../helpers/tmux.js';

const tmuxes: Tmux[] = [];
afterEach(() => {
  for (const t of tmuxes.splice(0)) t.kill();
});

export async function startDemo(args: string, env: Record<string, string> = {}): Promise<Tmux> {
  const t = await Tmux.start({
    cols: 200,
    rows: 50,
    env: { WARROOM_DEMO_SPEED: '10', WARROOM_DEMO_ID: `e2e${process.pid}${tmuxes.length}`, ...env },
  });
  tmuxes.push(t);
  t.run(`${warroomCmd(`demo ${args}`)}; echo "exit=$?"`);
  await t.waitFor((s) => s.includes('DRILL — not') && s.includes('SEV 2'), {
    what: 'the drill console with its incident',
    timeoutMs: 30_000,
  });
  return t;
}

/** Opens the palette on the focused pane, picks the first action matching `query`. */
export async function palette(t: Tmux, query: string, expectTitle: string): Promise<void> {
  t.send(':');
  await t.waitForText('Actions for');
  t.send(query);
  await t.waitForText(expectTitle);
  t.send('Enter');
}

/** In the parameter form: replaces the focused field's value, then previews. */
export async function fillField(t: Tmux, value: string, clear = 40): Promise<void> {
  await t.waitForText('Enter: preview');
  t.send(...Array.from({ length: clear }, () => 'BSpace'));
  t.send(value);
  t.send('Enter');
}

/** In the confirmation dialog: types the target name (and context when asked), confirms. */
export async function confirm(t: Tmux, name: string): Promise<void> {
  const s = await t.waitForText(/Type the (name|pid)/, 20_000);
  t.send(name);
  const ctx = /and the context (\S+?)(?: |\))/.exec(s) ?? /type the context (\S+) exactly/.exec(s);
  if (s.includes('and the context')) {
    const m = /Tab switches field/.test(s) ? ctx : undefined;
    if (m) {
      t.send('Tab');
      t.send(m[1]!);
    }
  }
  t.send('Enter');
}

export function exportDrill(t: Tmux): string {
  const env = { ...process.env, XDG_STATE_HOME: join(t.home, 'state'), HOME: t.home };
  return execFileSync(process.execPath, [WARROOM, 'export'], { env, encoding: 'utf8' });
}

describe('warroom demo in tmux', () => {
  it('--list shows every scenario', () => {
    const out = execFileSync(process.execPath, [WARROOM, 'demo', '--list'], { encoding: 'utf8' });
    for (const n of ['bad-deploy', 'db-exhaustion', 'memory-pressure', 'slow-dependency', 'chain-stall', 'redis-memory', 'none'])
      expect(out).toContain(n);
    expect(() =>
      execFileSync(process.execPath, [WARROOM, 'demo', '--scenario', 'nope'], { encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/no scenario "nope"/);
  });

  it('bad-deploy (the default): pods crash-loop, the API fails; rollout undo from the palette heals it', async () => {
    const t = await startDemo('');
    let s = await t.waitFor((x) => /CrashLoopBackOff|Error/.test(x) && x.includes('endpoints DOWN'), {
      what: 'crash-looping backend pods and the API down',
      timeoutMs: 30_000,
    });
    expect(s).toContain('DRILL: Bad deploy');
    await t.waitForText('Cannot read properties of undefined', 20_000);

    // Deployments pane, the backend row (first), rollout undo from the palette.
    t.send('2');
    await t.waitForText('▶2 Deployments');
    await palette(t, 'undo', 'Rollout undo');
    await fillField(t, '', 0);
    await confirm(t, 'backend');
    s = await t.waitFor((x) => x.includes('● all 4 endpoints up'), { what: 'the API healthy again', timeoutMs: 40_000 });

    // The timeline (zoomed) records the drill start and the action.
    t.send('9');
    t.send('z');
    s = await t.waitFor((x) => /Action: kubernetes\.rollout-undo.*ok/.test(x.replace(/\n/g, ' ')) || x.includes('rollout-undo'), {
      what: 'the action in the timeline',
      timeoutMs: 15_000,
    });
    expect(s).toContain('DRILL started');
    t.send('q');
    await t.waitForText('exit=0', 20_000);

    const md = exportDrill(t);
    expect(md).toContain('# Post-Incident Review: DRILL: Bad deploy');
    expect(md).toContain('- **Impact**: DRILL (warroom demo, not production)');
    expect(md).toMatch(/kubernetes\.rollout-undo.*\| ok/);
    expect(md).toContain('Incident resolved: DRILL ended');
  });
});
