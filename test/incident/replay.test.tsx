// Record a drill (bad-deploy on the demo environment, through the console's own sources and
// store), stop every backend, then replay the recording on the same panes: crash-looping pods
// before the rollback, running after; the seek keys; Enter on a timeline event goes there; and
// the replay opens no connection and cannot reach the action runner (its module graph).
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackends } from '../../src/data/backends.js';
import { SourceHub } from '../../src/data/source.js';
import { startDemoEnv, NAMESPACE, type DemoEnv } from '../../src/demo/environment.js';
import { startDrill, type Drill } from '../../src/demo/index.js';
import { scenarioByName } from '../../src/demo/scenarios/index.js';
import { operation as undo } from '../../src/data/kubernetes/ops/undo.js';
import { createAppStore, createBatcher, getSlice } from '../../src/store/store.js';
import type { PodsData } from '../../src/data/kubernetes/types.js';
import type { HealthData } from '../../src/data/health/source.js';
import { podStatus } from '../../src/data/kubernetes/status.js';
import { journalPath, loadJournal } from '../../src/incident/journal.js';
import { reduce } from '../../src/incident/model.js';
import { recordingPath } from '../../src/incident/recording/format.js';
import { Recording } from '../../src/incident/recording/reader.js';
import { SourceRecorder } from '../../src/incident/recording/recorder.js';
import { REPLAY } from '../../src/incident/recording/player.js';
import { getSelection } from '../../src/store/selection.js';
import { ReplayApp, replayClock, replayStore } from '../../src/ui/replay/run.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';
import { waitFor } from '../helpers/wait.js';
import { actOn } from '../helpers/drill.js';

let env: DemoEnv | undefined;
let hub: SourceHub | undefined;
let drill: Drill | undefined;
let dir: string | undefined;
let inst: ReturnType<typeof render> | undefined;

afterEach(async () => {
  inst?.unmount();
  await drill?.stop();
  await hub?.stopAll();
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  env = hub = drill = dir = inst = undefined;
});

const backendPods = (s: ReturnType<typeof createAppStore>) =>
  ((s.getState().sources['k8s.pods']?.data as PodsData | undefined)?.pods ?? []).filter((p) =>
    p.metadata?.name?.startsWith('backend-'),
  );

describe('replay of a recorded drill', () => {
  it('shows every pane as recorded: crash-looping before the rollback, running after; seek keys', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-replay-'));
    env = await startDemoEnv({ speed: 10, postgresUrl: null, redisUrl: null, privateRedis: false });
    env.config.incident = { ...env.config.incident!, stateDir: dir };
    const config = env.config;
    const store = createAppStore();
    hub = new SourceHub(createBatcher(store));
    await startBackends({ config, hub, store });
    drill = await startDrill(store, env, scenarioByName('bad-deploy'));
    const id = drill.controller.state!.id;
    const rpath = recordingPath(dir, id);
    /** The first recorded moment after t (what the store held then is in it). */
    const recordedAfter = async (t: number) =>
      (await waitFor(
        () =>
          Recording.load(rpath).then(
            (r) => r.frames.find((f) => f.t > t)?.t,
            () => undefined,
          ),
        (at) => at !== undefined,
        { what: `a recorded moment after ${new Date(t).toISOString()}`, timeoutMs: 20_000 },
      ))!;

    await waitFor(
      () => backendPods(store),
      (pods) => pods.some((p) => podStatus(p).reason === 'CrashLoopBackOff'),
      { what: 'a backend pod in CrashLoopBackOff', timeoutMs: 30_000 },
    );
    const tCrash = await recordedAfter(Date.now());

    const actionEnv = { config, store, readOnly: false, kubeconfigPath: env.kubeconfig };
    const backend = { kind: 'deployment', id: `${NAMESPACE}/backend` } as const;
    const res = await actOn(undo, backend, { revision: '0' }, actionEnv);
    expect(res.outcome, res.detail).toBe('succeeded');
    drill.controller.note('rolled back the backend');
    await waitFor(
      () => ({
        pods: backendPods(store),
        health: (store.getState().sources['health']?.data as HealthData | undefined)?.endpoints ?? [],
      }),
      ({ pods, health }) =>
        pods.length > 0 &&
        pods.every((p) => podStatus(p).reason === 'Running' && !p.metadata?.deletionTimestamp) &&
        health.length > 0 &&
        health.every((e) => e.up),
      { what: 'backend pods running and health up after the rollback', timeoutMs: 60_000 },
    );
    const tAfter = await recordedAfter(Date.now());

    // Every backend goes away: the replay reads the recording and the journal only.
    await drill.stop();
    await hub.stopAll();
    await env.stop();
    drill = hub = env = undefined;

    const recording = await Recording.load(rpath);
    expect(recording.problems).toEqual([]);
    const jpath = journalPath(dir, id);
    const incident = reduce(loadJournal(jpath).events)!;
    const connects: unknown[] = [];
    const connect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connects.push(args[0]);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    try {
      const { store: rs, player } = replayStore({
        config,
        recording,
        incident,
        journalPath: jpath,
        at: tCrash,
      });
      inst = render(<ReplayApp store={rs} clock={replayClock(rs)} size={{ columns: 100, rows: 40 }} />);
      const before = await waitForFrame(inst, (f) => f.includes('REPLAY') && f.includes('CrashLoopBackOff'), {
        what: 'the replay before the rollback: crash-looping pods',
      });
      expect(before).toContain(new Date(tCrash).toISOString().slice(11, 16));
      expect(before).toContain('READ-ONLY');
      // The seek keys.
      const t = () => getSlice(rs, REPLAY)!;
      const clamp = (x: number) => Math.min(t().end, Math.max(t().start, x));
      const move = async (key: string, by: number, what: string) => {
        const want = clamp(t().t + by);
        await press(inst!.stdin, key);
        await waitFor(t, (x) => x.t === want, { what });
      };
      await move('\x1b[C', 10_000, '→: 10 s forward');
      await move('\x1b[D', -10_000, '←: 10 s back');
      await move(']', 60_000, ']: a minute forward');
      await move('[', -60_000, '[: a minute back');
      await press(inst.stdin, '\x1b[H');
      await waitFor(t, (s) => s.t === s.start, { what: 'Home: the start' });
      await press(inst.stdin, '+', '+');
      await waitFor(t, (s) => s.speed === 4, { what: '+ +: 4×' });
      await press(inst.stdin, '-');
      await waitFor(t, (s) => s.speed === 2, { what: '-: 2×' });
      await press(inst.stdin, ' ');
      await waitFor(t, (s) => s.playing && s.t > s.start, { what: 'space: playing' });
      await waitForFrame(inst, (f) => f.includes('▶ 2×'));
      await press(inst.stdin, ' ');
      await waitFor(t, (s) => !s.playing, { what: 'space: paused' });
      await press(inst.stdin, '\x1b[F');
      await waitFor(t, (s) => s.t === s.end, { what: 'End: the end' });
      const after = await waitForFrame(inst, (f) => f.includes('REPLAY') && !f.includes('CrashLoopBackOff'), {
        what: 'the replay at the end: no crash-looping pod',
      });
      expect(after).toMatch(/Running/);
      // After the rollback (the moment we saw it healed): running, every endpoint up.
      player.seek(tAfter);
      const healed = await waitForFrame(inst, (f) => /Health ● \d+ up|all \d+ endpoints up/.test(f), {
        what: 'the replay after the rollback: health up',
      });
      expect(healed).not.toContain('CrashLoopBackOff');
      // The timeline has the journal, with the cursor; Enter on an event goes to its moment.
      const note = incident.events.find((e) => e.kind === 'note' && e.text === 'rolled back the backend')!;
      rs.setState((s) => ({ ui: { ...s.ui, focus: 'timeline', focusChosen: true } }));
      await waitForFrame(inst, (f) => f.includes('▶ REPLAY') && f.includes('rolled back the backend'), {
        what: 'the timeline with the replay cursor',
      });
      // Down the timeline (newest first) to the note.
      for (let i = 0; getSelection(rs, 'timeline') !== note.id; i++) {
        expect(i, 'the note is in the timeline').toBeLessThan(incident.events.length + 2);
        const was = getSelection(rs, 'timeline');
        await press(inst.stdin, 'j');
        await waitFor(
          () => getSelection(rs, 'timeline'),
          (x) => x !== was,
          { what: 'j: the next event' },
        );
      }
      await press(inst.stdin, KEY.enter);
      await waitFor(t, (s) => s.t === Date.parse(note.ts), { what: 'Enter on a timeline event: its moment' });
      expect(rs.getState().ui.zoomed).toBe(false);
      expect(connects).toEqual([]);
    } finally {
      net.Socket.prototype.connect = connect;
    }
  }, 120_000);

  it('plays a torn recording up to the tear and says so', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-replay-'));
    const path = join(dir, 'torn.rec');
    const store = createAppStore();
    let now = Date.parse('2026-12-01T03:12:00Z');
    const rec = new SourceRecorder(store, { path, now: () => now });
    const pods = (phase: string) => ({
      status: 'ok' as const,
      since: now,
      fetchedAt: now,
      failures: 0,
      staleAfterMs: 60_000,
      data: {
        pods: [
          {
            metadata: {
              uid: 'u1',
              name: 'backend-1',
              namespace: 'shop',
              creationTimestamp: '2026-12-01T03:00:00Z',
            },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
            status: {
              phase: 'Running',
              containerStatuses: [
                phase === 'crash'
                  ? {
                      name: 'app',
                      ready: false,
                      restartCount: 4,
                      state: { waiting: { reason: 'CrashLoopBackOff' } },
                    }
                  : { name: 'app', ready: true, restartCount: 4, state: { running: {} } },
              ],
            },
          },
        ],
      },
    });
    store.setState({ sources: { 'k8s.pods': pods('crash') } });
    rec.start();
    await rec.flushed();
    now += 1000;
    store.setState({ sources: { 'k8s.pods': pods('ok') } });
    rec.tick();
    await rec.stop();
    const whole = await Recording.load(path);
    const last = whole.frames.at(-1)!;
    truncateSync(path, last.offset + 5);
    const torn = await Recording.load(path);
    const incident = reduce([
      {
        id: 'a',
        ts: '2026-12-01T03:11:00.000Z',
        actor: 'alice',
        kind: 'declared',
        title: 'Backend down',
        severity: 'SEV2',
        impact: 'checkout fails',
        startedAt: '2026-12-01T03:10:00.000Z',
        incident: 'INC-1',
      } as never,
    ])!;
    const { store: rs } = replayStore({
      config: {},
      recording: torn,
      incident,
      journalPath: join(dir, 'x.jsonl'),
    });
    inst = render(<ReplayApp store={rs} clock={replayClock(rs)} size={{ columns: 100, rows: 30 }} />);
    const f = await waitForFrame(
      inst,
      (x) => x.includes('recording: torn tail') && x.includes('CrashLoopBackOff'),
      {
        what: 'the torn recording played to its last whole frame, with the problem in the footer',
      },
    );
    expect(f).toContain('REPLAY 03:12:00');
  });

  it('cannot reach the action runner or a backend: neither is in the replay module graph', async () => {
    const r = await build({
      entryPoints: ['src/ui/replay/run.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
      jsx: 'automatic',
      outdir: join(tmpdir(), 'warroom-replay-graph'),
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs).toContain('src/ui/Shell.tsx');
    for (const banned of [
      'src/ops/runner.ts',
      'src/actions/controller.ts',
      'src/actions/root.tsx',
      'src/actions/overlays.ts',
      'src/ui/App.tsx',
      'src/ui/incident/root.tsx',
      'src/data/backends.ts',
    ])
      expect(inputs).not.toContain(banned);
    // No simulator and no backend (what starts sources); the operation definitions are there for
    // the key table only (src/actions/keys.ts), and only the runner calls them.
    expect(inputs.filter((p) => /^src\/sim\/|^src\/data\/[^/]+\/backend\.ts$/.test(p))).toEqual([]);
  });
});
