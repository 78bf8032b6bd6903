// The incident end to end, in the built console in tmux: declare, watch detections appear when
// the simulator breaks a deployment (rollout started, pods in CrashLoopBackOff) and a health
// endpoint goes down, roll back, see them clear, resolve with the recovery checklist, export
// the review from the command line. And two consoles on one incident seeing each other.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { pressUntil, Tmux, WARROOM, warroomCmd } from '../helpers/tmux.js';

const tmuxes: Tmux[] = [];
let sim: KubeSim | undefined;
let server: Server | undefined;
afterEach(async () => {
  for (const t of tmuxes.splice(0)) t.kill();
  await sim?.close();
  sim = undefined;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function healthServer() {
  const state = { up: true };
  server = createServer((_req, res) => {
    res.writeHead(state.up ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: state.up ? 'healthy' : 'degraded' }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health` };
}

const INCIDENT_CFG = `incident:
  handle: alice
  thresholds: { raiseAfterSeconds: 1, clearAfterSeconds: 2 }
`;

describe('incident in tmux', () => {
  it('declare, detections from a broken deployment and a down endpoint, rollback, resolve, export', async () => {
    sim = await startKubeSim({ tickMs: 100 });
    const h = await healthServer();
    const t = await Tmux.start({ cols: 200, rows: 50 });
    tmuxes.push(t);
    const kc = sim.writeKubeconfig(join(t.home, 'kubeconfig'), { context: 'sim-prod' });
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(
      cfg,
      `kubernetes:\n  kubeconfig: ${kc}\nhealth:\n  endpoints:\n    - { name: api, url: '${h.url}', intervalMs: 300 }\n${INCIDENT_CFG}`,
    );
    t.run(`${warroomCmd(`--config ${cfg}`)}; echo "exit=$?"`);
    await t.waitFor((s) => /10 pods · 0 failing/.test(s) && s.includes('no incident · ! declares one'), {
      what: 'console up',
      timeoutMs: 20_000,
    });

    // Declare: title, SEV 2 by default, impact.
    t.send('!');
    await t.waitForText('Declare an incident');
    t.send('Backend errors after deploy', 'Tab', '2', 'Tab', 'orders failing for some users', 'Enter');
    await t.waitFor((s) => s.includes('▲ SEV 2') && s.includes('next update in 5m'), { what: 'declared' });

    // Zoom the timeline.
    t.send('9');
    await t.waitForText('▶9 Timeline');
    t.send('z');
    await t.waitForText('Incident declared: Backend errors after deploy');

    // The simulator breaks the backend deployment: new pods crash-loop.
    sim.cluster.setFaultRule((pod: any) =>
      pod.spec?.containers?.[0]?.image?.endsWith(':broken') ? 'CrashLoopBackOff' : null,
    );
    sim.cluster.updateDeploymentImage(
      'web3-marketplace',
      'backend',
      'ghcr.io/web3-marketplace/backend:broken',
    );
    h.state.up = false;
    let s = await t.waitFor(
      (x) =>
        x.includes('rollout of deployment web3-marketplace/backend started') &&
        /pods? (of )?web3-marketplace\/backend-\S+ entered CrashLoopBackOff/.test(x) &&
        x.includes('health endpoint api down'),
      { what: 'detections', timeoutMs: 40_000 },
    );
    expect(s).toMatch(/✖ \d+ active detections/);

    // Roll back from the action palette: Deployments pane, backend row, rollout undo.
    h.state.up = true;
    t.send('Escape');
    await t.waitFor((x) => x.includes('▶9 Timeline') && x.includes('2 Deployments'), { what: 'grid' });
    t.send('2');
    await t.waitForText('▶2 Deployments');
    t.send(':');
    await t.waitForText('Actions for');
    t.send('undo');
    await t.waitForText('Rollout undo');
    await pressUntil(t, 'Enter', 'Enter: preview');
    t.send('Enter');
    await t.waitForText(/Type the (name|pid)/, 20_000);
    t.send('backend');
    await t.waitForText(/Type the name backend: backend ✓/);
    t.send('Enter');
    await t.waitFor((x) => !x.includes('Confirm: Rollout undo'), { what: 'the action to run' });
    // The runner may still be busy with the action: press 9 until the timeline has the focus.
    await t.waitFor(
      (x) => {
        if (x.includes('▶9 Timeline')) return true;
        t.send('9');
        return false;
      },
      { what: 'timeline focused' },
    );
    t.send('z');
    await t.waitFor(
      (x) =>
        x.includes('rollout of deployment web3-marketplace/backend completed') &&
        x.includes('health endpoint api up again') &&
        /left CrashLoopBackOff/.test(x) &&
        /Action: Rollout undo .* — ok/.test(x),
      { what: 'detections cleared', timeoutMs: 60_000 },
    );

    // A note, a review note, and a correction of the first note.
    t.send('n');
    await t.waitForText('Note — Enter adds it');
    t.send('rolled back backend to 1.8.2', 'Enter');
    await t.waitForText('rolled back backend to 1.8.2');
    t.send('n');
    await t.waitForText('Note — Enter adds it');
    t.send('/rootcause image backend:broken crashed on start', 'Enter');
    await t.waitForText('image backend:broken crashed on start');

    // Status update: progress, marked sent.
    t.send('u');
    await t.waitForText('pick a template');
    t.send('2');
    await t.waitForText('[UPDATE] SEV 2 - Backend errors after deploy');
    t.send('C-s');
    await t.waitFor((x) => x.includes('update marked sent') && x.includes('next update in 30m'), {
      what: 'update sent',
    });

    // Resolve: the recovery checklist from live data.
    t.send('!');
    await t.waitForText('x  resolve');
    t.send('x');
    s = await t.waitForText('Recovery checklist (live)');
    expect(s).toMatch(/● Health checks green/);
    // One Enter resolves, passed or not (issue 12 item 12: a failed checklist took a second one).
    t.send('Enter');
    await t.waitForText('● RESOLVED');
    t.send('q');
    await t.waitForText('exit=0');

    // Export from the command line.
    const env = { ...process.env, XDG_STATE_HOME: join(t.home, 'state'), HOME: t.home };
    const list = execFileSync(process.execPath, [WARROOM, '--config', cfg, 'incidents'], {
      env,
      encoding: 'utf8',
    });
    expect(list).toMatch(/\d{4}-\d\d-\d\d-001 +resolved +SEV 2/);
    const out = join(t.home, 'review.md');
    execFileSync(process.execPath, [WARROOM, '--config', cfg, 'export', '-o', out], { env });
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('# Post-Incident Review: Backend errors after deploy');
    expect(md).toContain('- **Severity**: SEV 2');
    expect(md).toContain('- **Impact**: orders failing for some users');
    expect(md).toMatch(
      /\| \d\d:\d\d:\d\d \| Detected: rollout of deployment web3-marketplace\/backend started/,
    );
    expect(md).toMatch(/\| \d\d:\d\d:\d\d \| Cleared: health endpoint api up again \|/);
    expect(md).toContain('| rolled back backend to 1.8.2 |');
    expect(md).toContain('## Root Cause\nimage backend:broken crashed on start');
    expect(md).toMatch(/Recovery checklist (passed|NOT passed)/);
    expect(md).toContain('### ');
    expect(md).toMatch(
      /\| Rollout undo [^|]*\| deployment web3-marketplace\/backend[^|]*\| `kubectl [^`]*rollout undo[^`]*` \| ok/,
    );
    const json = JSON.parse(
      execFileSync(process.execPath, [WARROOM, '--config', cfg, 'export', '--format', 'json'], {
        env,
        encoding: 'utf8',
      }),
    );
    expect(json.phase).toBe('resolved');
    // Detections are recorded by the detector, from alice's console; everything else by alice.
    const byDetector = json.events.filter((e: any) => e.kind === 'detection');
    expect(byDetector.length).toBeGreaterThan(0);
    expect(byDetector.every((e: any) => e.actor === 'warroom' && e.console === 'alice')).toBe(true);
    // What the console observes by itself (detections, the cluster's changes, effects, escalation
    // reminders) is recorded by 'warroom' from alice's console; everything else by alice.
    expect(
      json.events.every((e: any) => e.actor === 'alice' || (e.actor === 'warroom' && e.console === 'alice')),
    ).toBe(true);
    expect(
      json.events.every(
        (e: any) => ['detection', 'change', 'effect', 'escalation'].includes(e.kind) || e.actor === 'alice',
      ),
    ).toBe(true);
  }, 120_000);

  it('two consoles on one incident see each other; a new console offers to resume', async () => {
    const a = await Tmux.start({ cols: 160, rows: 40 });
    tmuxes.push(a);
    const cfg = join(a.home, 'warroom.yaml');
    writeFileSync(cfg, INCIDENT_CFG);
    const state = join(a.home, 'state');
    a.run(warroomCmd(`--config ${cfg}`));
    await a.waitForText('no incident · ! declares one');
    a.send('!');
    await a.waitForText('Declare an incident');
    a.send('Pair incident', 'Enter');
    await a.waitForText('▲ SEV 2');
    a.send('9');
    await a.waitForText('▶9 Timeline');
    a.send('z');
    await a.waitForText('Incident declared: Pair incident');

    // Console B (same state directory): offered the open incident, resumes it.
    const b = await Tmux.start({ cols: 160, rows: 40, env: { XDG_STATE_HOME: state } });
    tmuxes.push(b);
    b.run(warroomCmd(`--config ${cfg}`));
    await b.waitForText('Open incident found — resume it?');
    b.send('y');
    await b.waitForText('▲ SEV 2');
    b.send('9');
    await b.waitForText('▶9 Timeline');
    await b.waitForText('Incident declared: Pair incident');
    await pressUntil(b, 'n', 'Note — Enter adds it');
    b.send('note from console B', 'Enter');
    await a.waitForText('note from console B');
    await pressUntil(a, 'n', 'Note — Enter adds it');
    a.send('note from console A', 'Enter');
    await b.waitForText('note from console A');
    a.send('q');
    b.send('q');
  }, 60_000);
});

describe('incident journal survives the console', () => {
  it('kill -9 the console, a torn last line, then --resume keeps every event', async () => {
    const t = await Tmux.start({ cols: 160, rows: 40 });
    tmuxes.push(t);
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(cfg, INCIDENT_CFG);
    t.run(warroomCmd(`--config ${cfg}`));
    await t.waitForText('no incident · ! declares one');
    t.send('!');
    await t.waitForText('Declare an incident');
    t.send('Crash test', 'Enter');
    await t.waitForText('▲ SEV 2');
    t.send('n');
    await t.waitForText('Note — Enter adds it');
    t.send('written before the crash', 'Enter');
    t.send('9');
    await t.waitFor((s) => s.includes('▶9 Timeline') && s.includes('written before the crash'), {
      what: 'note',
    });

    // kill -9 the console (the child of the pane's shell), then tear the journal's last line.
    const pid = Number(
      execFileSync('ps', ['-o', 'pid=', '--ppid', String(t.panePid())], { encoding: 'utf8' }).trim(),
    );
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await t.waitFor((s) => /\$ *$/.test(s.trimEnd()) || s.includes('Killed'), { what: 'shell back' });
    t.send('reset', 'Enter');
    const dir = join(t.home, 'state', 'warroom', 'incidents');
    const file = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.jsonl'))!,
    );
    appendFileSync(file, '{"v":1,"id":"half-written","ts":"20');

    t.run(warroomCmd(`--config ${cfg} --resume`));
    const s = await t.waitFor((x) => x.includes('▲ SEV 2') && x.includes('torn last line'), {
      what: 'resumed with the torn line reported',
    });
    expect(s).toContain('Crash test');
    t.send('9');
    await t.waitForText('written before the crash');
    t.send('n');
    await t.waitForText('Note — Enter adds it');
    t.send('written after the crash', 'Enter');
    // The typed text shows in the dialog before Enter: wait until the dialog has closed and the
    // note is in the timeline (events show only once they are on disk).
    await t.waitFor((x) => x.includes('written after the crash') && !x.includes('Note — Enter adds it'), {
      what: 'the note in the timeline',
    });
    t.send('q');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.some((l) => l.includes('written after the crash'))).toBe(true);
  }, 60_000);
});
