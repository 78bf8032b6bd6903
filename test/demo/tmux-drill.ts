// Drill helpers for the tmux end-to-end tests of `warroom demo` (test/e2e/demo*.e2e.test.ts):
// start the demo at WARROOM_DEMO_SPEED=10, drive the action palette one visible step at a
// time, export the drill.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Tmux, WARROOM, warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Every health endpoint up, as the screen shows it: in the health pane's box, or on the status
 * board line when the layout gives the box's rows to panes that still have problems (a healthy
 * pane can move to the board as soon as it is healthy, so a test must accept either).
 */
export const allEndpointsUp = (x: string): boolean => /● all \d+ endpoints up|Health ● \d+ up\b/.test(x);

export const tmuxes: Tmux[] = [];
let seq = 0;
export function killAll(): void {
  for (const t of tmuxes.splice(0)) t.kill();
}

export async function startDemo(
  args: string,
  env: Record<string, string> = {},
  size: { cols: number; rows: number } = { cols: 200, rows: 50 },
): Promise<Tmux> {
  const t = await Tmux.start({
    cols: size.cols,
    rows: size.rows,
    env: { WARROOM_DEMO_SPEED: '10', WARROOM_DEMO_ID: `e2e${process.pid}x${++seq}`, ...env },
  });
  tmuxes.push(t);
  t.run(`${warroomCmd(`demo ${args}`)}; echo "exit=$?"`);
  await t.waitFor((s) => s.includes('DRILL — not') && s.includes('SEV 2'), {
    what: 'the drill console with its incident',
    timeoutMs: 30_000,
  });
  return t;
}

/**
 * Opens the palette on the focused pane and picks the first action matching `query`. Every key
 * waits for the screen to show it arrived: keys sent while the console is busy can reach it as
 * one chunk.
 */
export async function palette(t: Tmux, query: string, expect: string): Promise<void> {
  t.send(':');
  await t.waitForText('Actions for');
  t.send(query);
  await t.waitFor((x) => x.includes(`: ${query}`) && x.includes(expect), { what: `palette: ${query}` });
  t.send('Enter');
  await t.waitFor((x) => !x.includes('Actions for'), { what: 'the palette closed' });
}

const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** In the parameter form: replaces the value of the field labelled `label` (focused), then previews. */
export async function fillField(t: Tmux, label: string, value: string | undefined): Promise<void> {
  await t.waitForText('Enter: preview');
  if (value !== undefined) {
    const field = `› ${esc(label)}[^:\n]*: `;
    // One Backspace at a time: several in one chunk may arrive as one key.
    const current = (x: string) => (new RegExp(`${field}(.*?) *│`).exec(x)?.[1] ?? '').trim();
    for (let cur = current(t.screen()); cur.length > 0;) {
      t.send('BSpace');
      const before = cur.length;
      cur = current(await t.waitFor((x) => current(x).length < before, { what: `${label}: Backspace` }));
    }
    t.send(value);
    await t.waitForText(new RegExp(`${field}${esc(value)}`));
  }
  t.send('Enter');
}

/**
 * In the confirmation dialog: types the target name (default: the one the dialog asks for) and
 * the context when asked, then confirms.
 */
export async function confirm(t: Tmux, name?: string): Promise<void> {
  const s = await t.waitForText(/Type the (name|pid)/, 20_000);
  const asked = /Type the (?:name|pid) (\S+): /.exec(s)?.[1];
  const typed = name ?? asked ?? '';
  t.send(typed);
  await t.waitForText(new RegExp(`Type the (name|pid) .*: ${esc(typed)}`));
  const ctx = /and the context (\S+): /.exec(s);
  if (ctx) {
    // The focused field is drawn in inverse video: wait until the context field has it, so
    // that Tab and the text never reach the console as one chunk.
    t.send('Tab');
    await waitFor(
      () => t.screen({ styles: true }),
      (x) => new RegExp(`and the context .*?${esc(ctx[1]!)}.*?: .*\x1b\\[7m`).test(x),
      { what: 'the context field focused' },
    );
    t.send(ctx[1]!);
    await t.waitForText(`: ${ctx[1]}`);
  }
  t.send('Enter');
}

export function exportDrill(t: Tmux): string {
  const env = { ...process.env, XDG_STATE_HOME: join(t.home, 'state'), HOME: t.home };
  return execFileSync(process.execPath, [WARROOM, 'export'], { env, encoding: 'utf8' });
}

/**
 * Focuses pane `digit` (idempotent, so it is sent again when a busy console did not take it,
 * e.g. while an action's rollout follow-up still owns the keyboard).
 */
export async function focus(t: Tmux, digit: string, title: string): Promise<void> {
  const want = `▶${digit} ${title}`;
  for (let i = 0; ; i++) {
    t.send(digit);
    try {
      await t.waitForText(want, 6000);
      return;
    } catch (err) {
      if (i >= 3) throw err;
    }
  }
}

/** Filters the focused list to `text` (`/`, type, Enter) so that its row is the selected one. */
export async function selectRow(t: Tmux, text: string, of: number): Promise<void> {
  for (let i = 0; ; i++) {
    t.send('/');
    try {
      await t.waitForText('/▏', 6000);
      break;
    } catch (err) {
      if (i >= 3) throw err;
    }
  }
  t.send(text);
  await t.waitForText(new RegExp(`/${esc(text)}▏? +\\(1 of ${of}\\)`));
  t.send('Enter');
  await t.waitForText(new RegExp(`/${esc(text)} +\\(1 of ${of}\\)`));
}
