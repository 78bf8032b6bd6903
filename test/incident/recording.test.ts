// The flight recording: deltas that round-trip, the recorder writing what the store holds (masked
// and redacted), the reader giving back the state of every moment, and a torn or damaged file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diff, patch } from '../../src/incident/recording/delta.js';
import { recordingPath, scanFrames } from '../../src/incident/recording/format.js';
import { readRecording, Recording, type RecordedMoment } from '../../src/incident/recording/reader.js';
import { SourceRecorder } from '../../src/incident/recording/recorder.js';
import { createAppStore, type AppStore, type SourceState } from '../../src/store/store.js';
import { registerSecret } from '../../src/util/secrets.js';
import { LOGS_K8S, type LogsSnapshot } from '../../src/data/logs/types.js';
import { SnapshotView } from '../../src/data/logs/worker/protocol.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const pod = (i: number, phase = 'Running', restarts = 0) => ({
  metadata: { uid: `u${i}`, name: `web-${i}`, namespace: 'shop', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'web:1', env: [{ name: 'MODE', value: 'prod' }] }] },
  status: { phase, containerStatuses: [{ name: 'web', restartCount: restarts, ready: phase === 'Running' }] },
});

describe('recording deltas', () => {
  it('patch(prev, diff(prev, next)) is next, over random changes to keyed and plain arrays', () => {
    const r = rng(7);
    let prev: unknown = { pods: Array.from({ length: 40 }, (_, i) => pod(i)), list: [1, 2, 3], n: 1 };
    let next = 100;
    for (let step = 0; step < 300; step++) {
      const cur = structuredClone(prev) as {
        pods: ReturnType<typeof pod>[];
        list: number[];
        n?: number;
        x?: string;
      };
      const ops = Math.floor(r() * 4);
      for (let k = 0; k < ops; k++) {
        const what = r();
        if (what < 0.3 && cur.pods.length) cur.pods.splice(Math.floor(r() * cur.pods.length), 1);
        else if (what < 0.5) cur.pods.splice(Math.floor(r() * (cur.pods.length + 1)), 0, pod(next++));
        else if (what < 0.8 && cur.pods.length)
          cur.pods[Math.floor(r() * cur.pods.length)]!.status.phase = 'Failed';
        else if (what < 0.85) cur.pods.reverse();
        else if (what < 0.9) cur.list.push(Math.floor(r() * 10));
        else if (what < 0.95) delete cur.n;
        else cur.x = String(r());
      }
      const d = diff(prev, cur);
      const got = d ? patch(prev, d) : prev;
      expect(got).toEqual(cur);
      // What a delta says survives JSON (it is written as JSON).
      if (d) expect(patch(prev, JSON.parse(JSON.stringify(d)))).toEqual(cur);
      prev = cur;
    }
  });

  it('a pod that changed costs its change, not the list', () => {
    const a = { pods: Array.from({ length: 5000 }, (_, i) => pod(i)) };
    const b = { pods: a.pods.map((p, i) => (i === 1234 ? pod(i, 'CrashLoopBackOff', 3) : p)) };
    const d = diff(a, b)!;
    expect(JSON.stringify(d).length).toBeLessThan(300);
    const out = patch(a, d) as typeof b;
    expect(out.pods[1234]!.status.phase).toBe('CrashLoopBackOff');
    expect(out.pods[0]).toBe(a.pods[0]); // unchanged members are shared
  });
});

function src(data: unknown, over: Partial<SourceState> = {}): SourceState {
  return { status: 'ok', data, fetchedAt: 1, since: 1, failures: 0, staleAfterMs: 10_000, ...over };
}
function setSources(
  store: AppStore,
  patchFn: (s: Record<string, SourceState>) => Record<string, SourceState>,
) {
  store.setState((st) => ({ sources: patchFn(st.sources) }));
}
function logs(version: number, errors: string[]): LogsSnapshot {
  const entries = errors.map((text, i) => ({
    seq: version * 100 + i,
    ts: 1000 + i,
    source: 'shop/web-1/web',
    origin: 'k8s' as const,
    level: 'error' as const,
    text,
    fp: 'fp1',
  }));
  const view = new SnapshotView({
    t: 'snap',
    processed: 0,
    version,
    stats: {} as never,
    size: entries.length,
    errorSize: entries.length,
    groupCount: 1,
    entries,
    errors: entries,
    groups: [
      {
        fingerprint: 'fp1',
        sample: errors.at(-1) ?? '',
        count: errors.length,
        firstSeen: 1,
        lastSeen: 2,
        sources: [],
        level: 'error',
      },
    ],
  });
  return {
    version,
    at: 1,
    view,
    totalLines: 10,
    totalErrors: errors.length,
    errorsLastMinute: errors.length,
    errorsPerMinute: [errors.length],
    linesPerMinute: [10],
    errorRate: 0.1,
    perSource: [],
    evictedLines: 0,
    evictedGroups: 0,
  };
}

async function recordSteps(steps: ((store: AppStore) => void)[], path: string, keyframeMs = 600_000) {
  const store = createAppStore();
  let t = Date.parse('2026-12-01T03:00:00Z');
  const rec = new SourceRecorder(store, { path, now: () => t, keyframeMs });
  steps[0]!(store);
  rec.start(); // the first frame, at once
  for (const step of steps.slice(1)) {
    await rec.flushed();
    t += 1000;
    step(store);
    rec.tick();
  }
  await rec.stop();
  return rec;
}

describe('recorder and reader', () => {
  it('gives back the state of every recorded moment, logs behind a LogView, masked and redacted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-recording-'));
    const path = recordingPath(dir, 'INC-1');
    mkdirSync(join(dir, 'incidents'));
    registerSecret('hunter2-very-secret');
    const podsAt = (phase: string) =>
      Array.from({ length: 3 }, (_, i) => ({
        ...pod(i, phase),
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              env: [
                { name: 'DB_PASSWORD', value: 'plain-pw' },
                { name: 'MODE', value: 'prod' },
              ],
            },
          ],
        },
      }));
    const rec = await recordSteps(
      [
        (s) =>
          setSources(s, () => ({
            'k8s.pods': src({ pods: podsAt('CrashLoopBackOff') }),
            [LOGS_K8S]: src(logs(1, ['boom: password=hunter2-very-secret'])),
          })),
        () => undefined, // nothing changed: no frame
        (s) =>
          setSources(s, (x) => ({ ...x, 'k8s.pods': src({ pods: podsAt('Running') }, { fetchedAt: 3 }) })),
        (s) =>
          setSources(s, (x) => ({
            ...x,
            redis: src(undefined, { status: 'error', error: 'connection refused' }),
          })),
        (s) => setSources(s, (x) => ({ 'k8s.pods': x['k8s.pods']! })),
      ],
      path,
    );
    expect(rec.stats.frames).toBe(4);
    const raw = readFileSync(path);
    const moments: RecordedMoment[] = [];
    for await (const m of readRecording(path)) moments.push(m);
    expect(moments.map((m) => m.t - moments[0]!.t)).toEqual([0, 2000, 3000, 4000]);
    const phases = (m: (typeof moments)[number]) =>
      (m.sources['k8s.pods']!.data as { pods: { status: { phase: string } }[] }).pods.map(
        (p) => p.status.phase,
      );
    expect(phases(moments[0]!)).toEqual(['CrashLoopBackOff', 'CrashLoopBackOff', 'CrashLoopBackOff']);
    expect(phases(moments[1]!)).toEqual(['Running', 'Running', 'Running']);
    const lv = (moments[0]!.sources[LOGS_K8S]!.data as LogsSnapshot).view;
    expect(lv.groups()[0]!.count).toBe(1);
    expect(lv.tail({ errorsOnly: true, limit: 5, skip: 0 }).entries[0]!.text).toBe('boom: password=***');
    expect(moments[2]!.sources.redis!.status).toBe('error');
    expect(moments[2]!.sources.redis!.error).toBe('connection refused');
    expect(Object.keys(moments[3]!.sources)).toEqual(['k8s.pods']);
    const env = (
      moments[3]!.sources['k8s.pods']!.data as {
        pods: { spec: { containers: { env: { value: string }[] }[] } }[];
      }
    ).pods[0]!.spec.containers[0]!.env;
    expect(env.map((e) => e.value)).toEqual(['(hidden)', 'prod']);
    // Nothing secret in the file, compressed or not.
    const all = inflatedText(raw);
    expect(all).not.toContain('hunter2-very-secret');
    expect(all).not.toContain('plain-pw');
    // Random access agrees with the walk.
    const r = await Recording.load(path);
    expect(r.problems).toEqual([]);
    expect(phases({ t: 0, sources: r.at(moments[0]!.t + 1500) })).toEqual(phases(moments[0]!));
    expect(phases({ t: 0, sources: r.at(moments[3]!.t) })).toEqual(['Running', 'Running', 'Running']);
    expect(phases({ t: 0, sources: r.at(moments[0]!.t) })).toEqual(phases(moments[0]!));
    expect(r.at(moments[0]!.t - 1)).toEqual({});
  });

  it('one recorder per recording: a second console on the same incident does not interleave', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-recording-'));
    const path = join(dir, 'one.rec');
    const problems: string[] = [];
    const a = new SourceRecorder(createAppStore(), { path });
    const b = new SourceRecorder(createAppStore(), { path, onProblem: (p) => problems.push(p) });
    a.start();
    await a.flushed();
    b.start();
    await b.flushed();
    expect(problems.join()).toMatch(/another console on this machine records this incident/);
    await Promise.all([a.stop(), b.stop()]);
    // A lock left by a console that is gone is taken over.
    writeFileSync(`${path}.lock`, '999999999');
    const c = new SourceRecorder(createAppStore(), { path, onProblem: (p) => problems.push(p) });
    c.start();
    await c.flushed();
    await c.stop();
    expect(problems.length).toBe(1);
  });

  it('seeks in any order (keyframes, checkpoints, forward from the last position) to the same states', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-recording-'));
    const path = join(dir, 'seek.rec');
    const steps = Array.from(
      { length: 100 },
      (_, i) => (s: AppStore) =>
        setSources(s, () => ({ 'k8s.pods': src({ pods: [pod(0, 'Running', i), pod(1 + (i % 7))] }) })),
    );
    await recordSteps(steps, path, 40_000);
    const walk: RecordedMoment[] = [];
    for await (const m of readRecording(path)) walk.push(m);
    const r = await Recording.load(path);
    const order = rng(3);
    for (let n = 0; n < 200; n++) {
      const m = walk[Math.floor(order() * walk.length)]!;
      expect(r.at(m.t + 500)).toEqual(m.sources);
    }
  });

  it('a torn tail loses the last frame only; a damaged frame skips to the next keyframe', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-recording-'));
    const path = join(dir, 'x.rec');
    const steps = Array.from(
      { length: 6 },
      (_, i) => (s: AppStore) => setSources(s, () => ({ 'k8s.pods': src({ pods: [pod(0, 'Running', i)] }) })),
    );
    await recordSteps(steps, path, 3000);
    const whole = Recording.fromBuffer(readFileSync(path));
    expect(whole.frames.length).toBe(6);
    expect(whole.frames.map((f) => f.keyframe)).toEqual([true, false, false, true, false, false]);
    // Torn: the last frame half written.
    const last = whole.frames.at(-1)!;
    truncateSync(path, last.offset + 8 + Math.floor(last.length / 2));
    const torn = await Recording.load(path);
    expect(torn.frames.length).toBe(5);
    expect(torn.problems.join()).toMatch(/torn tail/);
    const restarts = (r: Recording, t: number) =>
      (r.at(t)['k8s.pods']!.data as { pods: { status: { containerStatuses: { restartCount: number }[] } }[] })
        .pods[0]!.status.containerStatuses[0]!.restartCount;
    expect(restarts(torn, torn.end!)).toBe(4);
    // Damaged: flip a byte in the second frame.
    const buf = readFileSync(path);
    buf[whole.frames[1]!.offset + 8 + 2]! ^= 0xff;
    writeFileSync(path, buf);
    const damaged = await Recording.load(path);
    expect(damaged.problems.join()).toMatch(/damaged frame/);
    expect(damaged.frames.map((f) => f.keyframe)).toEqual([true, true, false]);
    expect(restarts(damaged, damaged.end!)).toBe(4);
    expect(scanFrames(Buffer.from('garbage')).problems[0]).toMatch(/not a warroom recording/);
  });
});

/** Every frame inflated, as one text (to look for secrets). */
function inflatedText(buf: Buffer): string {
  return scanFrames(buf)
    .frames.map((f) => inflateRawSync(buf.subarray(f.offset + 8, f.offset + 8 + f.length)).toString())
    .join('\n');
}
