// Runbook commands in pods from the palette, in the drill in tmux: a read-only command
// (`npm run contracts:status` in deployment/backend, through the simulator's exec) runs at
// once and its output shows in the dialog with its exit code; the timeline records it.
import { afterEach, describe, expect, it } from 'vitest';
import { focus, killAll, startDemo } from '../demo/tmux-drill.js';
import type { Tmux } from '../helpers/tmux.js';

afterEach(() => killAll());

const activeRow = (s: string, title: string) =>
  s.split('\n').some((l) => l.includes('›') && l.includes(title));

/** Opens the palette, types `query`, moves down until `title` is the active row, runs it. */
async function run(t: Tmux, query: string, title: string): Promise<void> {
  t.send(':');
  await t.waitForText('Actions for');
  t.send(query);
  let s = await t.waitFor((x) => x.includes(`: ${query}`) && x.includes(title), {
    what: `palette: ${query}`,
  });
  for (let i = 0; !activeRow(s, title); i++) {
    if (i > 10) throw new Error(`${title} never became the active row:\n${s}`);
    const before = s;
    t.send('Down');
    s = await t.waitFor((x) => x !== before, { what: 'the palette moved' });
  }
  t.send('Enter');
}

describe('runbook commands in pods', () => {
  it('a read-only command from the palette runs at once and its output shows', async () => {
    const t = await startDemo('--scenario chain-stall', {}, { cols: 120, rows: 40 });
    await run(t, 'contracts:status', 'Contracts status');
    const s = await t.waitFor((x) => x.includes('● exit code 0 in pod backend-'), {
      what: 'the command finished with exit code 0',
      timeoutMs: 20_000,
    });
    // The command line whole, then the container's output.
    expect(s).toContain(
      '$ kubectl --context warroom-demo -n web3-marketplace exec deployment/backend -- npm run',
    );
    expect(s).toContain('> backend@1.8.2 contracts:status');
    expect(s).toMatch(/Marketplace +0x[0-9a-f]{40} +deployed · not paused/);
    expect(s).toMatch(/PriceOracle +0x[0-9a-f]{40} +deployed · enabled/);
    expect(s).toContain('4 contracts checked');
    // Read-only: no confirmation was asked.
    expect(s).not.toContain('Type the name');
    t.send('Escape');
    await t.waitFor((x) => !x.includes('Esc closes'), { what: 'the output dialog closed' });
    await focus(t, '9', 'Timeline');
    t.send('z');
    await t.waitForText('Action: Contracts status');
  });
});
