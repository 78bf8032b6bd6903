// The Kubernetes panes live against the API simulator, in the built console in tmux: pods
// (failing first, totals, describe with Enter / Esc), deployments with rollout history,
// Warning events, top pods/nodes, the context in the header; faults (crash loop, metrics
// missing, 403 on one resource, API server down) and very long names that must not break
// the grid.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';

let t: Tmux | undefined;
let sim: KubeSim | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  t?.kill();
  t = undefined;
  await proxy?.close();
  proxy = undefined;
  await sim?.close();
  sim = undefined;
});

async function startConsole(
  s: KubeSim,
  opts: { cols?: number; rows?: number; port?: number; extra?: string } = {},
) {
  t = await Tmux.start({ cols: opts.cols ?? 200, rows: opts.rows ?? 50 });
  const kc = s.writeKubeconfig(join(t.home, 'kubeconfig'), { context: 'sim-prod' });
  if (opts.port) writeFileSync(kc, readFileSync(kc, 'utf8').replace(`:${s.port}`, `:${opts.port}`));
  const cfg = join(t.home, 'warroom.yaml');
  writeFileSync(cfg, `kubernetes:\n  kubeconfig: ${kc}\n`);
  t.run(`${warroomCmd(`--config ${cfg} ${opts.extra ?? ''}`)}; echo "exit=$?"`);
  return t;
}

const lines = (screen: string) => screen.split('\n');
// The grid (not zoomed): the Kubernetes panes side by side. (Issue 14: unconfigured panes such
// as Postgres fold into one line, so they no longer tell the grid.)
const gridShown = (x: string) =>
  x.includes('1 Pods') && x.includes('2 Deployments') && x.includes('3 Events');

/** Focuses a pane by its number, zooms it, and waits for `pred` on the zoomed screen. */
async function zoomTo(tm: Tmux, title: string, pred: (x: string) => boolean): Promise<string> {
  tm.send(title[0]!);
  await tm.waitFor((x) => x.includes(`▶${title}`), { what: `${title} focused` });
  tm.send('z');
  return tm.waitFor((x) => !gridShown(x) && x.includes(`▶${title}`) && pred(x), {
    what: `${title} zoomed`,
    timeoutMs: 20_000,
  });
}

describe('kubernetes panes in tmux', () => {
  it('pods, describe, deployments history, events, top and nodes, live', async () => {
    sim = await startKubeSim({ tickMs: 100 });
    const tm = await startConsole(sim);
    // Each pane's source answers on its own: wait for both, not for one and then read the other.
    let s = await tm.waitFor((x) => /10 pods · 0 failing/.test(x) && /5 deployments/.test(x), {
      what: 'pod and deployment totals',
    });
    expect(s).toContain('ctx sim-prod');
    expect(s).toContain('backend-');
    expect(s).toMatch(/5 deployments/);

    // A crash loop appears live, failing pods first.
    sim.cluster.setFaultRule((pod: any) =>
      pod.metadata.name.startsWith('backend') ? 'CrashLoopBackOff' : null,
    );
    sim.cluster.kick();
    await tm.waitFor((x) => /10 pods · 3 failing/.test(x) && x.includes('CrashLoopBackOff'), {
      what: 'crash loop shown',
      timeoutMs: 20_000,
    });

    // Zoom the pods pane: the first row is a failing backend pod.
    tm.send('z');
    const firstRow = (x: string) =>
      lines(x).find((l) => l.includes('web3-marketpl') || l.includes('kube-system')) ?? '';
    s = await tm.waitFor((x) => x.includes('RESTARTS') && /CrashLoopBackOff|Error/.test(firstRow(x)), {
      what: 'zoomed pods, a failing pod first',
      timeoutMs: 20_000,
    });
    expect(firstRow(s)).toContain('backend-');

    // Describe with Enter, back with Esc.
    tm.send('Enter');
    s = await tm.waitFor(
      (x) => x.includes('describe pod') && x.includes('Containers:') && x.includes('Events ('),
      {
        what: 'pod detail',
      },
    );
    expect(s).toMatch(/State: +(Waiting|Running|Terminated)/);
    expect(s).toContain('Restarts:');
    expect(s).toContain('Owner: ReplicaSet/backend-');
    expect(s).toContain('Requests: cpu 250m, memory 256Mi');
    // The container's environment, from the watched pod (kept by the cache's slimming).
    expect(s).toContain('Environment:');
    expect(s).toContain('DB_POOL_SIZE=20');
    tm.send('Escape');
    await tm.waitFor((x) => x.includes('pods · 3 failing') && !x.includes('describe pod'), {
      what: 'back to the list',
    });
    // (A key typed right after a lone Escape would arrive as Alt+key: wait for each Escape's effect.)
    tm.send('Escape'); // leave zoom
    await tm.waitFor(gridShown, { what: 'grid' });

    // Deployments: focus (2), history (h).
    await zoomTo(tm, '2 Deployments', (x) => x.includes('UP-TO-DATE') && x.includes('ROLLOUT'));
    tm.send('h');
    s = await tm.waitFor((x) => x.includes('CHANGE-CAUSE / IMAGES'), { what: 'history' });
    expect(s).toMatch(/rollout history web3-marketplace\/backend/);
    expect(s).toMatch(/1\* .*deploy backend 1\.8\.2 +\[ghcr\.io\/web3-marketplace\/backend:1\.8\.2\]/);
    tm.send('Escape');
    await tm.waitFor(gridShown, { what: 'grid' });

    // Events: Warning events folded.
    s = await zoomTo(
      tm,
      '3 Events',
      (x) => /▲ \d+ warnings · \d+ distinct/.test(x) && x.includes('NAMESPACE'),
    );
    expect(s).toMatch(/BackOff|Unhealthy|Failed/);
    tm.send('Escape');
    await tm.waitFor(gridShown, { what: 'grid' });

    // Top: pods by CPU, then nodes with o.
    await zoomTo(tm, '4 Top', (x) => x.includes('%REQ') && x.includes('pods by CPU'));
    tm.send('o');
    s = await tm.waitFor((x) => x.includes('PRESSURE') && x.includes('node-1'), { what: 'top nodes' });
    expect(s).toMatch(/node-1 +Ready/);

    // metrics-server gone: the pane says so; nodes still shown.
    sim.setMetricsAvailable(false);
    await tm.waitFor((x) => x.includes('metrics-server is not installed'), {
      what: 'no metrics',
      timeoutMs: 40_000,
    });
    tm.send('q');
    await tm.waitForText('exit=0');
  });

  it('403 on events: the Events pane names the verb and resource; other panes work', async () => {
    sim = await startKubeSim({ tickMs: 100 });
    sim.deny('list', 'events');
    const tm = await startConsole(sim);
    const s = await tm.waitFor(
      (x) =>
        x.includes('not allowed to list events in all namespaces') &&
        /10 pods/.test(x) &&
        /5 deployments/.test(x),
      {
        what: '403 on events',
      },
    );
    expect(s).toMatch(/5 deployments/);
    tm.send('q');
    await tm.waitForText('exit=0');
  });

  it('API server down: the panes say so and keep the last data; back when it returns', async () => {
    sim = await startKubeSim({ tickMs: 100 });
    proxy = await startTcpProxy(sim.port);
    const tm = await startConsole(sim, { port: proxy.port });
    await tm.waitFor((x) => /10 pods · 0 failing/.test(x), { what: 'pods' });
    await proxy.down();
    const s = await tm.waitFor((x) => x.includes('cannot reach the API server'), {
      what: 'unreachable',
      timeoutMs: 20_000,
    });
    expect(s).toMatch(/10 pods · 0 failing/);
    await proxy.up();
    await tm.waitFor((x) => !x.includes('cannot reach the API server') && /Pods +● live/.test(x), {
      what: 'live again',
      timeoutMs: 40_000,
    });
    tm.send('q');
    await tm.waitForText('exit=0');
  });

  it('very long names and unusual characters are truncated without breaking the grid', async () => {
    sim = await startKubeSim({ tickMs: 100, empty: true });
    const long = `very-long-${'x'.repeat(200)}-name`;
    sim.cluster.createDeployment('default', long, { replicas: 1, image: 'img:1' });
    sim.cluster.createDeployment('default', 'short', { replicas: 1, image: 'img:1' });
    sim.cluster.addEvent(
      'default',
      { kind: 'Pod', name: `weird-${'y'.repeat(120)}` },
      'Warning',
      'FailedMount',
      'bad \x1b[2J\x1b]0;owned\x07 chars 漢字漢字 🚀🚀 \u202eevil\u202c tab\tnew\nline ' + 'z'.repeat(300),
    );
    sim.cluster.kick();
    const tm = await startConsole(sim, { cols: 200, rows: 50 });
    const s = await tm.waitFor(
      (x) => x.includes('very-long-x') && x.includes('short-') && x.includes('FailedMount'),
      {
        what: 'long names and the odd event',
      },
    );
    expect(s).not.toContain('owned');
    const ls = lines(s);
    for (const l of ls) expect([...l].length).toBeLessThanOrEqual(200);
    // Inside the first row of panes, each pane's borders sit at the same columns on every line.
    const top = ls.findIndex((l) => l.includes('1 Pods'));
    const bottom = ls.findIndex((l, i) => i > top && /[╚└]/.test(l));
    const borderCols = (l: string) =>
      [...l].flatMap((ch, i) => (ch === '║' || ch === '│' ? [i] : [])).join(',');
    const shapes = new Set(ls.slice(top, bottom).map(borderCols));
    expect(shapes.size, ls.slice(top - 1, bottom + 1).join('\n')).toBe(1);
    tm.send('q');
    await tm.waitForText('exit=0');
  });
});
