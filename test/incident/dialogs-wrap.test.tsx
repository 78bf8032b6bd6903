// The incident dialogs at 80x24 (issue 12 items 7 and 12): the status-update editor wraps each
// line (a long impact is read in full, the keys of its title too), and resolving with a failed
// recovery checklist takes the one Enter the dialog announces.
import { render } from 'ink-testing-library';
import { useIncidents } from '../helpers/incident.js';
import type { IncidentController } from '../../src/incident/controller.js';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { createAppStore } from '../../src/store/store.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

const incident = useIncidents('dialogs');
let inst: ReturnType<typeof render> | undefined;
let ctl: IncidentController | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

const IMPACT =
  'checkout fails for every user paying by card in the EU region; orders are queued and retried, refunds are delayed by up to an hour';

function start(columns: number, rows: number) {
  const store = createAppStore('timeline');
  ctl = incident({ store }).c;
  ctl.declare({
    title: 'Checkout errors',
    severity: 'SEV2',
    impact: IMPACT,
    startedAt: Date.now(),
    roles: {},
  });
  inst = render(<App store={store} onQuit={() => undefined} size={{ columns, rows }} />);
  return inst;
}

const inDialog = (f: string) =>
  f
    .split('\n')
    .filter((l) => l.startsWith('║'))
    .map((l) => l.replace(/║/g, ''))
    .join('')
    .replace(/[\s▏]+/g, '');

describe('incident dialogs at 80 columns', () => {
  it('the status-update editor wraps a long line instead of cutting it', async () => {
    const i = start(80, 24);
    await waitForFrame(i, (f) => f.includes('SEV 2'));
    await press(i.stdin, 'u');
    await waitForFrame(i, (f) => f.includes('pick a template'));
    await press(i.stdin, '1');
    const f = await waitForFrame(i, (x) => x.includes('Esc back'));
    expect(inDialog(f)).toContain(IMPACT.replace(/\s+/g, ''));
    expect(inDialog(f)).toContain('^Ycopy+save·Escback');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('resolve with a failed checklist: one Enter, as the dialog says', async () => {
    const i = start(80, 24);
    await waitForFrame(i, (f) => f.includes('SEV 2'));
    await press(i.stdin, '!');
    await waitForFrame(i, (f) => f.includes('x  resolve'));
    await press(i.stdin, 'x');
    await waitForFrame(i, (f) => f.includes('checklist NOT passed — Enter resolves anyway'));
    await press(i.stdin, KEY.enter);
    await waitForFrame(i, (f) => f.includes('● RESOLVED'));
    expect(ctl!.state!.phase).toBe('resolved');
  });
});
