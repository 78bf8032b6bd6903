// The shell as a component: every pane has its place, focus moves, zoom and help toggle,
// a pane that is not configured says which key would enable it.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, setSlice, type AppStore } from '../../src/store/store.js';
import { configSchema } from '../../src/config/schema.js';
import { panes } from '../../src/panes/registry.js';
import { renderApp } from '../helpers/app.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

let inst: ReturnType<typeof render> | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

function mount(columns: number, rows: number, store: AppStore = createAppStore('pods')) {
  inst = renderApp(store, columns, rows);
  return { inst, store };
}

describe('App shell', () => {
  it('shows every pane in a wide grid, with its number', async () => {
    const { inst } = mount(200, 50);
    const f = await waitForFrame(inst, (f) => f.includes('Logs'));
    for (const [i, p] of panes.entries()) expect(f).toContain(`${i < 9 ? i + 1 : 0} ${p.title}`);
    expect(f).toContain('warroom');
    expect(f).toMatch(/ \d\d:\d\d UTC/); // minutes: an idle clock repaints once a minute
  });

  it('says which config key enables an unconfigured pane', async () => {
    const store = createAppStore('pods');
    store.setState({
      sources: {
        postgres: {
          status: 'unconfigured',
          since: 0,
          failures: 0,
          staleAfterMs: Infinity,
          hint: 'postgres.url in warroom.yaml (or DATABASE_URL / PGHOST)',
        },
      },
    });
    const { inst } = mount(200, 50, store);
    // Issue 14: an unconfigured pane folds into one line instead of a box; focusing it (7)
    // shows the box that says how to enable it.
    await waitForFrame(inst, (f) => f.includes('not configured: postgres — ? or warroom doctor says how'));
    expect(inst.lastFrame()).not.toContain('Postgres is not configured.');
    await press(inst.stdin, '7');
    await waitForFrame(
      inst,
      (f) => f.includes('Postgres is not configured.') && f.includes('postgres.url in warroom.yaml'),
    );
  });

  it('opens on the first configured pane, not on an unconfigured one', async () => {
    const store = createAppStore('pods');
    const off = (hint: string) => ({
      status: 'unconfigured' as const,
      since: 0,
      failures: 0,
      staleAfterMs: Infinity,
      hint,
    });
    store.setState({
      sources: Object.fromEntries(
        [
          'k8s.pods',
          'k8s.deployments',
          'k8s.events',
          'k8s.metrics',
          'k8s.nodes',
          'chain',
          'postgres',
          'redis',
          'logs.k8s',
          'logs.cloudwatch',
        ].map((id) => [id, off(`${id} in warroom.yaml`)]),
      ),
    });
    const { inst } = mount(120, 40, store);
    await waitForFrame(inst, (f) => f.includes('▶5 Health') && f.includes('not configured: pods'));
    expect(store.getState().ui.focus).toBe('health');
  });

  it('moves focus with Tab, Shift-Tab and digits; zooms and shows help', async () => {
    const { inst, store } = mount(200, 50);
    await waitForFrame(inst, (f) => f.includes('▶1 Pods'));
    await press(inst.stdin, KEY.tab);
    await waitForFrame(inst, (f) => f.includes('▶2 Deployments'));
    expect(store.getState().ui.focus).toBe('deployments');
    await press(inst.stdin, KEY.shiftTab, KEY.shiftTab);
    await waitForFrame(inst, (f) => f.includes('▶0 Logs'));
    await press(inst.stdin, '7');
    await waitForFrame(inst, (f) => f.includes('▶7 Postgres'));
    await press(inst.stdin, 'z');
    await waitForFrame(inst, (f) => f.includes('▶7 Postgres') && !f.includes('1 Pods'));
    await press(inst.stdin, KEY.escape);
    await waitForFrame(inst, (f) => f.includes('1 Pods') && f.includes('▶7 Postgres'));
    await press(inst.stdin, '?');
    await waitForFrame(
      inst,
      (f) => f.includes('Keys — ? or Esc to close') && f.includes('Focus the next pane'),
    );
    await press(inst.stdin, '?');
    await waitForFrame(inst, (f) => !f.includes('Keys — ?'));
  });

  it('at 80x24 shows the status board above the focused pane (issue 14: no tab strip)', async () => {
    const { inst, store } = mount(80, 24);
    const f = await waitForFrame(inst, (f) => f.includes('▶1 Pods'));
    expect(f).toContain('0 Logs');
    expect(f).toMatch(/5 Health \S+ /);
    // m cycles the layout: status board → zoom → grid.
    await press(inst.stdin, 'm');
    await waitForFrame(inst, () => store.getState().ui.zoomed);
    await press(inst.stdin, 'm');
    await waitForFrame(inst, () => store.getState().ui.mode === 'grid' && !store.getState().ui.zoomed);
  });

  it('asks to enlarge the terminal below 80x24', async () => {
    const { inst } = mount(70, 20);
    await waitForFrame(inst, (f) => f.includes('Enlarge the terminal') && f.includes('70x20'));
  });
});

describe('ui.layout', () => {
  it('shows only the panes it names, in its order; digits keep their numbers', async () => {
    const store = createAppStore('pods');
    setSlice(store, 'config', () =>
      configSchema.parse({ ui: { layout: { panes: ['health', 'pods'], weights: { health: 2 } } } }),
    );
    const { inst } = mount(120, 40, store);
    const f = await waitForFrame(inst, (x) => x.includes('5 Health') && x.includes('1 Pods'));
    expect(f).not.toContain('2 Deployments');
    expect(f).not.toContain('0 Logs');
    // Health comes first (left), pods second.
    const line = f.split('\n').find((l) => l.includes('5 Health'))!;
    expect(line.indexOf('5 Health')).toBeLessThan(line.indexOf('1 Pods'));
    await press(inst.stdin, KEY.tab);
    await waitForFrame(inst, (x) => x.includes('▶5 Health'));
  });

  it('mode: board at start', async () => {
    const store = createAppStore('pods');
    setSlice(store, 'config', () => configSchema.parse({ ui: { layout: { mode: 'board' } } }));
    const { inst } = mount(200, 50, store);
    await waitForFrame(inst, (x) => /1 Pods \S+ .* · 2 Deploy/.test(x) && !x.includes('┌'));
  });
});

describe('key chunks', () => {
  it('several keys arriving in one chunk are each handled', async () => {
    const { inst, store } = mount(200, 50);
    await waitForFrame(inst, (f) => f.includes('▶1 Pods'));
    inst.stdin.write('7z');
    await waitForFrame(inst, (f) => f.includes('▶7 Postgres') && !f.includes('1 Pods'));
    expect(store.getState().ui.zoomed).toBe(true);
  });
});
