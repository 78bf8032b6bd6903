// The ingress view end to end in tmux, in the default drill (bad-deploy: the backend's pods
// crash-loop, so the backend Service has no ready endpoint): without a key press, at 120x40 and
// 200x50 the Deployments pane shows the ingress section with the api.linkdao.io routes down,
// in red with ✖, and at 80x24 the status board counts the routes down; the ingress
// backend rolled back, every route is ready (green); the ingress controller's deployment
// (ingress-nginx, a watched namespace) is restarted from the palette.
import { afterEach, describe, expect, it } from 'vitest';
import type { Tmux } from '../helpers/tmux.js';
import { confirm, fillField, focus, killAll, palette, selectRow, startDemo } from '../demo/tmux-drill.js';

afterEach(() => killAll());

/** The line drawing `text`, with its SGR codes. */
const styledLine = (t: Tmux, text: string) =>
  t
    .screen({ styles: true })
    .split('\n')
    .find((l) => l.includes(text)) ?? '';

function fits(s: string, cols: number, rows: number): void {
  const lines = s.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
}

describe('the ingress view in the drill', () => {
  it('120x40, 200x50 and 80x24 show the routes whose backend has no ready endpoint, in red', async () => {
    const t = await startDemo('', {}, { cols: 120, rows: 40 });
    const at120 = await t.waitFor(
      (x) =>
        x.includes('✖ ingress: 2 of 4 routes down · 203.0.113.') &&
        /✖ api\.linkdao\.io\/(api|health)\s+backend:80\s+0\/3/.test(x) &&
        x.includes('Detected:'),
      { what: 'the ingress routes down in the Deployments pane at 120x40', timeoutMs: 40_000 },
    );
    fits(at120, 120, 40);
    expect(at120).toMatch(/backend\s+0\/3 /);
    expect(styledLine(t, '✖ api.linkdao.io/')).toMatch(/\x1b\[31m/);
    expect(styledLine(t, '✖ ingress: 2 of 4')).toMatch(/\x1b\[(1;)?31m|\x1b\[31;1m/);

    t.resize(200, 50);
    const at200 = await t.waitFor(
      (x) =>
        /✖ ingress: 2 of 4 routes down · 203\.0\.113\.\d+ · 2 ingresses/.test(x) &&
        /✖ api\.linkdao\.io\/api\s+backend:80\s+0\/3 tls/.test(x) &&
        /✖ api\.linkdao\.io\/health\s+backend:80\s+0\/3 tls/.test(x) &&
        /7 (Postgres|PG [●▲])/.test(x),
      { what: 'the routes down and the address at 200x50', timeoutMs: 20_000 },
    );
    fits(at200, 200, 50);
    expect(at200).toMatch(/backend\s+0\/3 /);

    // Zoomed, the whole table: every route, its address and its Ingress; the ready ones green.
    await focus(t, '2', 'Deployments');
    t.send('z');
    const zoomed = await t.waitFor(
      (x) =>
        /✖ api\.linkdao\.io\/api\s+backend:80\s+0\/3 tls 203\.0\.113\.\d+\s+web3-marketplace\/marketplace-api/.test(
          x,
        ) &&
        /● linkdao\.io\/\s+frontend:80\s+2\/2 tls 203\.0\.113\.\d+\s+web3-marketplace\/marketplace-web/.test(
          x,
        ) &&
        /● www\.linkdao\.io\/\s+frontend:80\s+2\/2 tls/.test(x),
      { what: 'every route in the zoomed pane', timeoutMs: 20_000 },
    );
    expect(zoomed).toMatch(/ingress-nginx\s+ingress-nginx-controller\s+1\/1 /);
    expect(styledLine(t, '● linkdao.io/')).toMatch(/\x1b\[32m/);
    t.send('z');
    await t.waitFor((x) => /7 (Postgres|PG [●▲])/.test(x), { what: 'back at the grid' });

    t.resize(80, 24);
    const at80 = await t.waitFor((x) => /Deploy ✖ 2 routes down/.test(x), {
      what: 'the status board counting the routes down at 80x24',
    });
    fits(at80, 80, 24);
  }, 120_000);

  it('a rollback heals every route; the ingress controller restarts from the palette (ingress-nginx)', async () => {
    const t = await startDemo('', {}, { cols: 200, rows: 50 });
    await t.waitFor((x) => /✖ ingress: 2 of 4 routes down · 203\.0\.113\.\d+ · 2 ingresses/.test(x), {
      what: 'the ingress section, with the address',
      timeoutMs: 40_000,
    });
    // Rolling the backend back gives its Service ready endpoints again: every route green.
    await focus(t, '2', 'Deployments');
    await selectRow(t, 'backend', 4);
    await palette(t, 'undo', 'web3-marketplace/backend');
    await fillField(t, 'Revision', undefined);
    await confirm(t, 'backend');
    await t.waitFor((x) => /● ingress: 4 routes ready · 203\.0\.113\.\d+ · 2 ingresses/.test(x), {
      what: 'every route with ready endpoints after the rollback',
      timeoutMs: 40_000,
    });
    expect(styledLine(t, '● ingress: 4 routes ready')).toMatch(/\x1b\[32m/);
    t.send('Escape');
    await t.waitFor((x) => !/\/backend +\(1 of 4\)/.test(x), { what: 'the filter cleared' });

    await selectRow(t, 'ingress-nginx', 4);
    await palette(t, 'restart', 'ingress-nginx/ingress-nginx-controller');
    await confirm(t, 'ingress-nginx-controller');
    await t.waitFor((x) => /deployment\.apps\/ingress-nginx-controller restarted/.test(x), {
      what: 'the restart done',
      timeoutMs: 20_000,
    });
  }, 120_000);
});
