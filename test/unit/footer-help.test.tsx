// Footer and help (issue 12 items 15-17): most important keys first, whole keys only, risk
// tags from the operation, Enter in pods says what it does; help scrolls and fits 100x30.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { footerItems, packFooter } from '../../src/ui/Footer.js';
import { unconfiguredAction } from '../../src/actions/keys.js';
import { configuredBackends } from '../../src/data/backends.js';
import type { Config } from '../../src/config/schema.js';
import { helpLines } from '../../src/ui/Help.js';
import { createAppStore } from '../../src/store/store.js';
import { panes } from '../../src/panes/registry.js';
import { keymap } from '../../src/ui/keymap.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

let inst: ReturnType<typeof render> | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

describe('footer', () => {
  it('never cuts a key, always ends with ? help, at every width', () => {
    for (const p of panes) {
      const items = footerItems(p.scope, !!p.list);
      for (let w = 80; w <= 240; w += 7) {
        const text = packFooter(items, w);
        expect(text.length).toBeLessThanOrEqual(w - 1);
        const parts = text.split(' · ');
        expect(parts.at(-1)).toBe('? help');
        for (const part of parts.slice(0, -1)) expect(items).toContain(part);
        // Order kept: most important first.
        const idx = parts.slice(0, -1).map((x) => items.indexOf(x));
        expect(idx).toEqual([...idx].sort((a, b) => a - b));
      }
    }
  });

  it('Enter in pods describes the pod, and the footer says so first (z alone zooms)', () => {
    const items = footerItems('pods', true);
    expect(items[0]).toBe('enter describe the selected pod');
    expect(items).toContain('z zoom');
    expect(items.join(' ')).not.toContain('z/enter');
  });

  it('risk tags come from the operation (Binding.risk, set from op.risk by the action keys)', () => {
    const actionKeys = keymap.filter((b) => b.risk);
    expect(actionKeys.length).toBeGreaterThan(5);
    for (const b of actionKeys) {
      const item = footerItems(b.scope, false).find((x) => x.startsWith(`${b.keys[0]} `));
      expect(item, b.command).toBeDefined();
      if (b.risk === 'safe') expect(item).not.toMatch(/\[/);
      else expect(item).toContain(`[${b.risk}]`);
    }
  });
});

describe('footer and the config', () => {
  it('leaves out action keys on a backend that is not configured, keeps them once it is', () => {
    const health = { health: { endpoints: [] } } as unknown as Config;
    const withCdn = { ...health, actions: { cdn: { distributionId: 'E2DEMO' } } } as unknown as Config;
    const items = (config: Config) =>
      footerItems('health', true, undefined, (c) => unconfiguredAction(c, configuredBackends(config))).join(
        ' · ',
      );
    expect(items(health)).not.toContain('cloudfront');
    expect(items(withCdn)).toContain('V cloudfront: invalidate paths [disruptive]');
    expect(unconfiguredAction('action.redis.delete-keys', configuredBackends(health))).toBe(true);
    expect(unconfiguredAction('list.filter', configuredBackends(health))).toBe(false);
  });

  it('a kubeconfig found the usual way configures Kubernetes, as the backend starts it', () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = '/nonexistent/kubeconfig';
    try {
      const none = { health: { endpoints: [] } } as unknown as Config;
      expect(unconfiguredAction('action.kubernetes.rollout-undo', configuredBackends(none))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});

describe('help', () => {
  it('fits 100x30 and scrolls to the last binding', async () => {
    const store = createAppStore('pods');
    inst = render(<App store={store} onQuit={() => undefined} size={{ columns: 100, rows: 30 }} />);
    await waitForFrame(inst, (f) => f.includes('▶1 Pods'));
    await press(inst.stdin, '?');
    const lines = helpLines();
    const f = await waitForFrame(
      inst,
      (x) => x.includes('Keys — ? or Esc to close') && x.includes(`of ${lines.length}`),
    );
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(100);
    expect(f.split('\n').length).toBeLessThanOrEqual(30);
    const last = lines.at(-1)!.text.trim();
    expect(f).not.toContain(last);
    await press(inst.stdin, 'G');
    await waitForFrame(inst, (x) => x.includes(last) && x.includes(`${lines.length} of ${lines.length}`));
    await press(inst.stdin, KEY.pageUp);
    await waitForFrame(inst, (x) => !x.includes(last));
    await press(inst.stdin, KEY.escape);
    await waitForFrame(inst, (x) => !x.includes('Keys — ?') && x.includes('▶1 Pods'));
  });
});
