// A short bad-deploy drill on the real demo environment (Kubernetes simulator, demo API, logs,
// PostgreSQL and Redis on localhost), sampled from the console's own store the way the flight
// recorder samples it, for the review's charts: the drill incident is declared, the crash loop
// is detected, the backend is rolled back from the runner (recorded in the journal, its effect
// followed), and sampling goes on until the pods and the health checks have recovered. The
// flight recorder (src/incident/recording/) records the same store into the incident's `.rec`
// beside its journal, so that `warroom export` can be run on the state directory afterwards.
// Used by test/incident/review.test.ts and scripts/review-docs.ts (the README's chart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackends } from '../../src/data/backends.js';
import { SourceHub } from '../../src/data/source.js';
import { operation as undo } from '../../src/data/kubernetes/ops/undo.js';
import { startDemoEnv, NAMESPACE } from '../../src/demo/environment.js';
import { startDrill } from '../../src/demo/index.js';
import { scenarioByName } from '../../src/demo/scenarios/index.js';
import type { IncidentState } from '../../src/incident/model.js';
import { IncidentRecorder } from '../../src/incident/recorder.js';
import { recordingPath } from '../../src/incident/recording/format.js';
import { SourceRecorder } from '../../src/incident/recording/recorder.js';
import { sampleOf, type ReviewSample } from '../../src/incident/review/samples.js';
import { createAppStore, createBatcher, type SourceState } from '../../src/store/store.js';
import type { HealthData } from '../../src/data/health/source.js';
import type { PodsData } from '../../src/data/kubernetes/types.js';
import { podStatus } from '../../src/data/kubernetes/status.js';
import { actOn } from './drill.js';
import { waitFor } from './wait.js';

/** Every pod running (none failing but those being deleted) and every health check up. */
function recovered(s: Record<string, SourceState>): boolean {
  const pods = (s['k8s.pods']?.data as PodsData | undefined)?.pods ?? [];
  const eps = (s['health']?.data as HealthData | undefined)?.endpoints ?? [];
  return (
    pods.length > 0 &&
    !pods.some((p) => !p.metadata?.deletionTimestamp && podStatus(p).failing) &&
    eps.length > 0 &&
    eps.every((e) => e.up)
  );
}

export interface DrillReview {
  state: IncidentState;
  samples: ReviewSample[];
  /** The state directory: the journal and the recording (removed by `cleanup`). */
  stateDir: string;
  cleanup(): void;
}

/** Runs the drill and returns the resolved incident, its samples and its state directory. */
export async function drillReview(
  o: { everyMs?: number; afterMs?: number; speed?: number } = {},
): Promise<DrillReview> {
  const everyMs = o.everyMs ?? 250;
  const env = await startDemoEnv({ speed: o.speed ?? 10, privateRedis: false });
  const dir = mkdtempSync(join(tmpdir(), 'warroom-review-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const hub = { current: undefined as SourceHub | undefined };
  let stopDrill: (() => Promise<void>) | undefined;
  let unsub: (() => void) | undefined;
  let recorder: SourceRecorder | undefined;
  let ok = false;
  try {
    env.config.incident = {
      ...env.config.incident!,
      stateDir: dir,
      effectSettleSeconds: 3,
      effectDeadlineSeconds: 60,
      thresholds: { ...env.config.incident?.thresholds, clearAfterSeconds: 3 },
    };
    const store = createAppStore();
    hub.current = new SourceHub(createBatcher(store));
    await startBackends({ config: env.config, hub: hub.current, store });
    // Sampled as the recorder does: the sources' snapshots, frozen, on store changes.
    const samples: ReviewSample[] = [];
    let last = 0;
    const take = () => {
      const t = Date.now();
      if (t - last < everyMs) return;
      last = t;
      samples.push(sampleOf(store.getState().sources, t));
    };
    unsub = store.subscribe(take);
    const drill = await startDrill(store, env, scenarioByName('bad-deploy'));
    stopDrill = () => drill.stop();
    const c = drill.controller;
    recorder = new SourceRecorder(store, { path: recordingPath(dir, c.state!.id) });
    recorder.start();
    await waitFor(
      () => c.state?.events ?? [],
      (es) => es.some((e) => e.kind === 'detection' && e.state === 'start' && /CrashLoopBackOff/.test(e.key)),
      { what: 'the crash loop detected on the timeline', timeoutMs: 60_000 },
    );
    await waitFor(
      () => (store.getState().sources['health']?.data as HealthData | undefined)?.endpoints ?? [],
      (eps) => eps.some((e) => !e.up),
      { what: 'an API health check down', timeoutMs: 30_000 },
    );
    const actionEnv = { config: env.config, store, readOnly: false, kubeconfigPath: env.kubeconfig };
    const backend = { kind: 'deployment', id: `${NAMESPACE}/backend` } as const;
    const res = await actOn(undo, backend, { revision: '0' }, actionEnv, new IncidentRecorder(c));
    if (res.outcome !== 'succeeded') throw new Error(`rollout undo: ${res.outcome}: ${res.detail}`);
    await waitFor(
      () => c.state?.events ?? [],
      (es) => es.some((e) => e.kind === 'effect'),
      { what: "the rollback's effect on the timeline", timeoutMs: 90_000 },
    );
    await waitFor(() => store.getState().sources, recovered, {
      what: 'pods running and health up after the rollback',
      timeoutMs: 60_000,
    });
    // A little more of the recovery, counted in samples (not in time).
    const until = samples.length + Math.ceil((o.afterMs ?? 3000) / everyMs);
    await waitFor(
      () => samples.length,
      (n) => n >= until,
      { what: 'samples after the recovery', timeoutMs: (o.afterMs ?? 3000) + 60_000 },
    );
    // The samples end on a recovered one: on a loaded machine a health check can time out in the
    // seconds after the recovery (the console shows that, and so does its sample), so sampling
    // goes on until the newest sample is all well again, and stops there.
    await waitFor(
      () => samples.at(-1),
      (x) => x !== undefined && recovered(x.sources),
      { what: 'a recovered last sample', timeoutMs: 60_000 },
    );
    unsub?.();
    unsub = undefined;
    c.append({ kind: 'resolved', summary: 'Rolled back backend to the previous revision' });
    await waitFor(
      () => c.state,
      (s) => s?.phase === 'resolved',
      { what: 'the incident resolved' },
    );
    await recorder.stop();
    ok = true;
    return { state: c.state!, samples, stateDir: dir, cleanup };
  } finally {
    unsub?.();
    await recorder?.stop();
    await stopDrill?.();
    await hub.current?.stopAll();
    await env.stop();
    if (!ok) cleanup();
  }
}
