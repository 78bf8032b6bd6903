// Detections: pure detectors, threshold and time hysteresis with a controlled clock, and the
// controller writing start/end events into the journal from store snapshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Debouncer,
  DEFAULT_THRESHOLDS,
  chainDetector,
  errorRateDetector,
  pgDetector,
  podsDetector,
  redisDetector,
  rolloutDetector,
  type Condition,
  type Thresholds,
} from '../../src/incident/detect.js';
import {
  evaluate,
  pgInput,
  podsInput,
  recoveryChecklist,
  rolloutsInput,
  checklistPassed,
  figures,
} from '../../src/incident/adapters.js';
import { IncidentController, INCIDENT } from '../../src/incident/controller.js';
import { loadJournal } from '../../src/incident/journal.js';
import { podStatus, REVISION } from '../../src/data/kubernetes/status.js';
import { gaugeLine } from '../../src/panes/postgres/columns.js';
import { DEFAULT_CADENCE } from '../../src/incident/model.js';
import { createAppStore, getSlice, type AppStore } from '../../src/store/store.js';

const th = DEFAULT_THRESHOLDS;
const never = () => false;
const always = () => true;

describe('detectors', () => {
  it('pods entering CrashLoopBackOff or OOMKilled', () => {
    const c = podsDetector(
      {
        pods: [
          { id: 'web/api-1', reasons: ['Running'] },
          { id: 'web/api-2', reasons: ['CrashLoopBackOff', 'OOMKilled'] },
        ],
      },
      never,
      th,
    );
    expect(c.map((x) => x.key)).toEqual(['pod.CrashLoopBackOff:web/api-2', 'pod.OOMKilled:web/api-2']);
    expect(c[0]!.start).toBe('pod web/api-2 entered CrashLoopBackOff');
  });

  it('fifty crashing pods of one ReplicaSet are one detection, not fifty', () => {
    const pods = Array.from({ length: 50 }, (_, i) => ({
      id: `web/api-7d9-${i}`,
      owner: 'web/api-7d9',
      reasons: ['CrashLoopBackOff'],
    }));
    const c = podsDetector({ pods }, never, th);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      key: 'pod.CrashLoopBackOff:web/api-7d9',
      start: '50 pods of web/api-7d9 entered CrashLoopBackOff: api-7d9-0, api-7d9-1, api-7d9-2, …',
      end: 'pods of web/api-7d9 left CrashLoopBackOff',
    });
  });

  it('reads CrashLoopBackOff and OOMKilled from real pod objects', () => {
    const input = podsInput({
      pods: [
        {
          metadata: { namespace: 'web', name: 'api-2' },
          spec: { containers: [{ name: 'api' }] },
          status: {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'api',
                ready: false,
                restartCount: 4,
                image: 'api:2',
                imageID: '',
                state: { waiting: { reason: 'CrashLoopBackOff' } },
                lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
              },
            ],
          },
        },
      ],
    });
    expect(input.pods[0]!.reasons).toEqual(expect.arrayContaining(['CrashLoopBackOff', 'OOMKilled']));
  });

  it('Postgres connections: enter at 80%, leave only below 70%', () => {
    const at = (n: number, was: (k: string) => boolean) =>
      pgDetector({ connections: n, maxConnections: 100 }, was, th).map((c) => c.key);
    expect(at(79, never)).toEqual([]);
    expect(at(80, never)).toEqual(['pg.connections']);
    expect(at(75, always)).toEqual(['pg.connections']); // still on: hysteresis band
    expect(at(69, always)).toEqual([]);
    const blocked = pgDetector({ blocked: [{ pid: 42, waitingSeconds: 31 }] }, never, th);
    expect(blocked[0]?.start).toMatch(/1 Postgres session blocked for more than 30s \(pid 42\)/);
  });

  it('Redis memory near maxmemory and evictions starting', () => {
    const keys = (used: number, was: (k: string) => boolean, ev = 0) =>
      redisDetector({ name: 'cache', usedMemory: used, maxMemory: 100, evictedDelta: ev }, was, th).map(
        (c) => c.key,
      );
    expect(keys(89, never)).toEqual([]);
    expect(keys(90, never)).toEqual(['redis.memory:cache']);
    expect(keys(86, always)).toEqual(['redis.memory:cache']);
    expect(keys(80, always, 5)).toEqual(['redis.evictions:cache']);
  });

  it('pods OOMKilled in an unchanged, rolled-out revision are not a rollout', () => {
    const worker = (reason: string) => ({
      metadata: { namespace: 'shop', name: 'worker', generation: 1, annotations: { [REVISION]: '1' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'worker', image: 'worker:1.8.2' }] } } },
      status: {
        observedGeneration: 1,
        replicas: 2,
        updatedReplicas: 2,
        availableReplicas: 0,
        conditions: [{ type: 'Progressing', status: 'True', reason }],
      },
    });
    const rollouts = (reason: string) =>
      rolloutDetector(rolloutsInput({ deployments: [worker(reason)] } as never), never, th);
    expect(rollouts('NewReplicaSetAvailable')).toEqual([]);
    expect(rollouts('ReplicaSetUpdated').map((c) => c.key)).toEqual(['rollout:shop/worker']);
  });

  it('rollouts, chain stalls, error rate above baseline', () => {
    expect(
      rolloutDetector({ deployments: [{ id: 'web/api', progressing: true, revision: '7' }] }, never, th)[0],
    ).toMatchObject({ key: 'rollout:web/api', start: 'rollout of deployment web/api started (revision 7)' });
    expect(
      chainDetector(
        { endpoints: [{ name: 'infura', stalled: true, height: 100, headAgeSeconds: 40 }] },
        never,
        th,
      )[0]?.start,
    ).toBe('chain head on infura stalled at block 100 (40s old)');
    const er = (perMinute: number, was: (k: string) => boolean) =>
      errorRateDetector({ streams: [{ name: 'k8s', perMinute, baseline: 5 }] }, was, th).length;
    expect(er(14, never)).toBe(0); // limit max(10, 5×3) = 15
    expect(er(15, never)).toBe(1);
    expect(er(11, always)).toBe(1); // leaves below (5+15)/2 = 10
    expect(er(9, always)).toBe(0);
  });
});

describe('detections keep up with the panes (issue 12 item 13)', () => {
  /**
   * One container crash-looping as the kubelet (and the simulator) does it: crash, back off
   * 1, 2, 4, 8, 16 s, run 2 s, crash again. Returns the pod at second `t` (clock `t0 + t s`).
   */
  function crashLoop(t0: number, reason: 'OOMKilled' | 'Error') {
    const timeline: { until: number; state: 'running' | 'terminated' | 'waiting'; since: number }[] = [];
    let at = 0;
    let restarts = 0;
    const push = (state: 'running' | 'terminated' | 'waiting', len: number) => {
      timeline.push({ until: at + len, state, since: at });
      at += len;
    };
    push('running', 5);
    for (const backoff of [0, 1, 2, 4, 8, 16, 16, 16]) {
      push('terminated', 1);
      if (backoff) push('waiting', backoff);
      push('running', 2);
    }
    return (t: number) => {
      const i = timeline.findIndex((x) => t < x.until);
      const cur = timeline[i]!;
      // The kubelet counts a restart when it starts the container again.
      restarts = timeline.slice(0, i + 1).filter((x) => x.state === 'running').length - 1;
      const iso = (sec: number) => new Date(t0 + sec * 1000).toISOString();
      const last =
        restarts > 0 || cur.state !== 'running'
          ? { reason, exitCode: reason === 'OOMKilled' ? 137 : 1 }
          : undefined;
      const state =
        cur.state === 'running'
          ? { running: { startedAt: iso(cur.since) } }
          : cur.state === 'terminated'
            ? { terminated: last }
            : { waiting: { reason: 'CrashLoopBackOff' } };
      return {
        metadata: {
          namespace: 'shop',
          name: 'worker-1',
          ownerReferences: [{ controller: true, name: 'worker-7d9' }],
        },
        spec: { containers: [{ name: 'worker' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'worker',
              ready: cur.state === 'running',
              restartCount: Math.max(0, restarts),
              image: 'worker:1',
              imageID: '',
              state,
              ...(restarts > 0 ? { lastState: { terminated: last } } : {}),
            },
          ],
        },
      };
    };
  }

  it.each(['OOMKilled', 'Error'] as const)(
    'a crash loop (%s) is recorded within 10 s of the pods pane first showing it',
    (reason) => {
      const t0 = Date.parse('2026-11-23T10:00:00Z');
      const pod = crashLoop(t0, reason);
      const d = new Debouncer(th);
      const shownAt: Record<string, number> = {};
      const recordedAt: Record<string, number> = {};
      for (let t = 0; t < 90; t++) {
        const p = pod(t);
        // What the pods pane shows in STATUS (kubectl's printPod).
        const status = podStatus(p as never).reason;
        if (status === 'OOMKilled' || status === 'CrashLoopBackOff') shownAt[status] ??= t;
        const now = t0 + t * 1000;
        const conds = podsDetector(podsInput({ pods: [p] } as never, now), never, th);
        for (const x of d.step(conds, now, (k) => k.startsWith('pod.')))
          if (x.state === 'start') recordedAt[x.key.slice(4, x.key.indexOf(':'))] = t;
      }
      expect(shownAt.CrashLoopBackOff).toBeDefined();
      expect(recordedAt.CrashLoopBackOff! - shownAt.CrashLoopBackOff!).toBeLessThanOrEqual(10);
      if (reason === 'OOMKilled') expect(recordedAt.OOMKilled! - shownAt.OOMKilled!).toBeLessThanOrEqual(10);
    },
  );

  it('twenty sessions idle in transaction, and the application pool they exhaust, are detected', () => {
    const at = Date.parse('2026-11-23T10:00:00Z');
    const session = (pid: number, state: string, application = 'marketplace-backend') => ({
      pid,
      state,
      application,
      stateChange: at - 60_000,
      waitEventType: undefined,
    });
    const snap = {
      at,
      total: 22,
      maxConnections: 100,
      reservedConnections: 3,
      idleInTransactionMs: 30_000,
      sessions: [
        ...Array.from({ length: 20 }, (_, i) => session(20_800 + i, 'idle in transaction')),
        session(1, 'active', 'psql'),
        session(2, 'idle', 'psql'),
      ],
      byApplication: [
        { key: 'marketplace-backend', count: 20 },
        { key: 'psql', count: 2 },
      ],
    };
    const conds = pgDetector(pgInput(snap as never), never, th);
    expect(conds.map((c) => c.key)).toEqual(['pg.idle-in-transaction', 'pg.pool:marketplace-backend']);
    expect(conds[0]!.start).toBe(
      '20 Postgres sessions idle in transaction for more than 30s (pid 20800, 20801, 20802, … (20 in all))',
    );
    expect(conds[1]!.start).toBe(
      'connection pool of marketplace-backend exhausted: 20 of its 20 Postgres sessions idle in transaction',
    );
    // Every usable slot taken: no new connection gets in.
    const full = pgDetector({ connections: 97, maxConnections: 97 }, never, th).map((c) => c.key);
    expect(full).toContain('pg.slots');
  });
});

describe('debouncer (controlled clock)', () => {
  const cond: Condition = { key: 'health.down:api', detector: 'health', start: 'down', end: 'up' };
  const all = () => true;

  it('records a start only after the condition held raiseAfter, an end only after clearAfter', () => {
    const d = new Debouncer({ raiseAfterSeconds: 10, clearAfterSeconds: 30 });
    expect(d.step([cond], 0, all)).toEqual([]);
    expect(d.step([cond], 9_999, all)).toEqual([]);
    expect(d.step([cond], 10_000, all)).toEqual([
      { key: cond.key, detector: 'health', state: 'start', text: 'down', since: 0 },
    ]);
    expect(d.step([cond], 11_000, all)).toEqual([]); // no repeat
    expect(d.step([], 20_000, all)).toEqual([]);
    expect(d.step([], 49_999, all)).toEqual([]);
    expect(d.step([], 50_000, all)).toEqual([
      { key: cond.key, detector: 'health', state: 'end', text: 'up', since: 20_000 },
    ]);
  });

  it('a flapping signal does not flood: blips shorter than raiseAfter are never recorded', () => {
    const d = new Debouncer({ raiseAfterSeconds: 10, clearAfterSeconds: 30 });
    const out = [];
    for (let t = 0; t < 120_000; t += 1000) out.push(...d.step(t % 4000 < 2000 ? [cond] : [], t, all));
    expect(out).toEqual([]);
  });

  it('an active condition that flaps off and on within clearAfter stays one incident', () => {
    const d = new Debouncer({ raiseAfterSeconds: 0, clearAfterSeconds: 30 });
    const out = [];
    for (let t = 0; t < 120_000; t += 1000) out.push(...d.step(t % 20_000 < 10_000 ? [cond] : [], t, all));
    expect(out.map((x) => x.state)).toEqual(['start']);
  });

  it('leaves conditions outside its scope alone (another source has no data now)', () => {
    const d = new Debouncer({ raiseAfterSeconds: 0, clearAfterSeconds: 0 });
    d.step([cond], 0, all);
    expect(d.step([], 100_000, (k) => k.startsWith('pg.'))).toEqual([]);
    expect(d.step([], 100_000, all).map((x) => x.state)).toEqual(['end']);
  });
});

/** A controller on a temporary state directory with a controlled clock. */
function controllerOn(store: AppStore, dir: string, now: () => number, over: Partial<Thresholds>) {
  return new IncidentController(store, {
    state: dir,
    actor: 'alice',
    naming: 'SEV',
    cadence: DEFAULT_CADENCE,
    thresholds: { ...th, ...over },
    now,
    tickMs: 3_600_000,
  });
}

describe('controller detections', () => {
  let dir: string;
  let c: IncidentController | undefined;
  afterEach(() => {
    c?.close();
    c = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function health(store: AppStore, up: boolean) {
    store.setState((s) => ({
      sources: {
        ...s.sources,
        health: {
          status: 'ok',
          since: 0,
          failures: 0,
          staleAfterMs: 60_000,
          fetchedAt: 0,
          data: {
            endpoints: [
              {
                name: 'api',
                up,
                url: 'http://x/health',
                stateSince: 0,
                checkedAt: 0,
                reason: up ? undefined : 'HTTP 503',
              },
            ],
          },
        },
      },
    }));
  }

  it('writes a detection start and end into the journal, once each, with hysteresis', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-detect-'));
    let now = Date.parse('2026-11-23T10:00:00Z');
    const store = createAppStore();
    c = controllerOn(store, dir, () => now, { raiseAfterSeconds: 5, clearAfterSeconds: 20 });
    c.declare({ title: 'API down', severity: 'SEV1', impact: 'all users', startedAt: now });
    health(store, false);
    c.evaluateDetections();
    now += 4_000;
    c.evaluateDetections();
    expect(c.state!.activeDetections.size).toBe(0);
    now += 1_000;
    c.evaluateDetections();
    expect([...c.state!.activeDetections.keys()]).toEqual(['health.down:api']);
    health(store, true);
    now += 10_000;
    c.evaluateDetections();
    health(store, false); // flaps back within clearAfter: still the same detection
    now += 1_000;
    c.evaluateDetections();
    health(store, true);
    now += 1_000;
    c.evaluateDetections();
    now += 20_000;
    c.evaluateDetections();
    const dets = loadJournal(c.journal!.path).events.filter((e) => e.kind === 'detection');
    expect(dets.map((e) => (e.kind === 'detection' ? `${e.state} ${e.text}` : ''))).toEqual([
      'start health endpoint api down: HTTP 503',
      'end health endpoint api up again',
    ]);
    // Recorded by the detector, from this console: not attributed to its user.
    expect(dets.map((e) => [e.actor, e.console])).toEqual([
      ['warroom', 'alice'],
      ['warroom', 'alice'],
    ]);
    expect(getSlice(store, INCIDENT)?.state?.activeDetections.size).toBe(0);
    // Figures and the recovery checklist read the same snapshots.
    expect(figures(store.getState())).toEqual(['Health checks: 1/1 up']);
    const items = recoveryChecklist(store.getState(), th);
    expect(items.find((i) => i.name === 'Health checks green')?.ok).toBe(true);
    expect(items.find((i) => i.name === 'No failing pods')?.ok).toBeNull();
    expect(checklistPassed(items)).toBe(true);
  });

  it('an initial update written after recovery lists the symptoms at the first detection; one connections figure', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-symptoms-'));
    let now = Date.parse('2026-11-23T10:00:00Z');
    const store = createAppStore();
    const pg = { total: 1, maxConnections: 100, reservedConnections: 3, sessions: [], history: [] };
    const set = (up: boolean) => {
      health(store, up);
      store.setState((s) => ({
        sources: {
          ...s.sources,
          postgres: { status: 'ok', since: 0, failures: 0, staleAfterMs: 60_000, fetchedAt: 0, data: pg },
        } as never,
      }));
    };
    c = controllerOn(store, dir, () => now, { raiseAfterSeconds: 0, clearAfterSeconds: 0 });
    c.declare({ title: 'API down', severity: 'SEV2', impact: 'checkout fails', startedAt: now });
    set(false);
    c.evaluateDetections(); // detected at 10:00
    now += 5 * 60_000;
    set(true); // recovered
    c.evaluateDetections();
    const initial = c.template('initial');
    expect(initial).toContain('Initial symptoms (at the first detection, 10:00 UTC):');
    expect(initial).toContain('- Health checks: 0/1 up (down: api)');
    expect(initial).not.toContain('Health checks: 1/1 up');
    // Postgres: the pane's figure (usable slots: max_connections minus the reserved ones) everywhere.
    expect(initial).toContain('- Postgres connections: 1/97 (1%)');
    expect(c.template('progress')).toContain('- Postgres connections: 1/97 (1%)');
    expect(gaugeLine(pg as never, 80).text).toMatch(/^conns 1\/97 /);
    expect(c.checklist().find((i) => i.name === 'Postgres within limits')?.detail).toBe('1/97 connections');
  });
});

describe('adapters over store snapshots', () => {
  const src = (data: unknown, status: 'ok' | 'error' = 'ok') => ({
    status,
    data,
    since: 0,
    failures: 0,
    staleAfterMs: 60_000,
    fetchedAt: 0,
  });
  it('reads Postgres, Redis, chain and the newest logs snapshot; ignores erroring sources', () => {
    const store = createAppStore();
    store.setState({
      sources: {
        postgres: src({
          total: 90,
          maxConnections: 100,
          sessions: [{ pid: 7, state: 'active', waitEventType: 'Lock', queryMs: 45_000 }],
        }),
        redis: src({
          info: { usedMemory: 95, maxmemory: 100, evictedKeys: 10 },
          rates: { evictedPerSec: 3 },
        }),
        chain: src({
          stallAfterMs: 36_000,
          endpoints: [{ name: 'infura', headAgeMs: 60_000, head: { height: 123 } }],
        }),
        'logs.k8s': src({ version: 1, errorsLastMinute: 0, errorsPerMinute: [0, 0, 0, 0] }),
        // The last 60 s hold 60 errors against a baseline of 1-2 a minute.
        'logs.cloudwatch': src({ version: 2, errorsLastMinute: 60, errorsPerMinute: [1, 2, 1, 2, 1, 60] }),
        'k8s.pods': src({ pods: [] }, 'error'),
      } as never,
    });
    const memos = new Map();
    const { conditions, scope } = evaluate(store.getState(), () => false, th, memos);
    expect(conditions.map((c) => c.key).sort()).toEqual([
      'chain.stalled:infura',
      'errors.rate:logs',
      'pg.blocked',
      'pg.connections',
      'redis.evictions:redis',
      'redis.memory:redis',
    ]);
    expect(scope('pod.CrashLoopBackOff:x')).toBe(false); // pods erroring: their conditions are left alone
    expect(scope('errors.rate:logs')).toBe(true);
    const items = recoveryChecklist(store.getState(), th);
    expect(items.filter((i) => i.ok === false).map((i) => i.name)).toEqual([
      'Error rate under threshold',
      'Error rate under 1 %',
      'Postgres within limits',
      'Redis within limits',
      'Chain head current',
    ]);
  });
});
