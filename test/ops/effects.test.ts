// The effect follower on store snapshots shaped as the sources publish them (Redis INFO,
// pg_stat_activity, health checks), with a controlled clock: a settled fix is effective, a
// figure that comes back is no improvement at the deadline, an action that breaks what was
// good is worse, nothing to read is unknown; and every operation declares its signals.
import { afterEach, describe, expect, it } from 'vitest';
import { followEffect, type EffectFollow } from '../../src/ops/effects/follower.js';
import { SIGNALS } from '../../src/ops/effects/signals.js';
import type { EffectSpec, Plan, Target } from '../../src/ops/operation.js';
import { operations } from '../../src/ops/registry.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import type { HealthData } from '../../src/data/health/source.js';
import type { RedisSnapshot } from '../../src/data/redis/types.js';
import type { PgSession, PgSnapshot } from '../../src/data/postgres/types.js';
import { envFor } from '../actions/helpers.js';

const MiB = 1048576;
let clock = Date.parse('2026-12-01T14:00:00Z');
const now = () => clock;
const running: EffectFollow[] = [];
afterEach(() => running.splice(0).forEach((f) => f.stop()));

function publish(store: AppStore, id: string, data: unknown) {
  store.setState((s) => ({
    sources: {
      ...s.sources,
      [id]: { status: 'ok', data, fetchedAt: clock, since: clock, failures: 0, staleAfterMs: 10_000 },
    },
  }));
}

const redis = (usedMiB: number, evictedPerSec: number, hitRate: number) =>
  ({
    at: clock,
    target: '127.0.0.1:6379',
    mode: 'standalone',
    info: { usedMemory: usedMiB * MiB, maxmemory: 100 * MiB, evictedKeys: 1000, replicas: [], keyspace: [] },
    pingMs: 1,
    rates: { intervalMs: 2000, evictedPerSec, hitRate },
  }) as unknown as RedisSnapshot;

const health = (down: string[]): HealthData => ({
  endpoints: ['api /health', 'api /health/redis'].map((name) => ({
    name,
    url: `http://127.0.0.1:1/${name}`,
    up: !down.includes(name),
    checkedAt: clock,
    stateSince: clock,
  })),
});

const session = (pid: number, state: string): PgSession =>
  ({ pid, state, stateChange: clock - 60_000, xactMs: 60_000 }) as unknown as PgSession;
const pg = (idle: number): PgSnapshot =>
  ({
    at: clock,
    maxConnections: 100,
    reservedConnections: 3,
    total: idle + 5,
    sessions: [
      ...Array.from({ length: idle }, (_, i) => session(100 + i, 'idle in transaction')),
      ...Array.from({ length: 5 }, (_, i) => session(900 + i, 'active')),
    ],
    locks: [],
    idleInTransactionMs: 10_000,
  }) as unknown as PgSnapshot;

const target = (backend: Target['backend'], kind: string, name: string): Target => ({
  backend,
  context: 'test',
  kind,
  name,
  confirmName: name,
});

function follow(
  store: AppStore,
  spec: EffectSpec,
  t: Target,
  operation: string,
  o = { settle: 1000, deadline: 5000 },
) {
  const plan: Plan = { op: operation, target: t, params: {}, risk: 'disruptive', impact: [], command: '' };
  const f = followEffect({
    spec,
    target: t,
    plan,
    env: envFor(),
    store,
    before: store.getState(),
    record: 'rec-1',
    operation,
    settleMs: o.settle,
    deadlineMs: o.deadline,
    tickMs: 5,
    now,
  });
  running.push(f);
  return f;
}

/** Advances the clock in steps, letting the follower tick, until it decides. */
async function until(f: EffectFollow, stepMs = 250, maxMs = 10_000) {
  let decided = false;
  void f.done.then(() => (decided = true));
  for (let t = 0; !decided && t <= maxMs; t += stepMs) {
    await new Promise((r) => setTimeout(r, 10));
    clock += stepMs;
  }
  return f.done;
}

describe('effect follower', () => {
  it('FLUSHDB that frees memory and stops evictions is effective once the signals hold', async () => {
    const store = createAppStore();
    publish(store, 'redis', redis(97, 50, 0.9));
    publish(store, 'health', health(['api /health/redis']));
    const f = follow(
      store,
      { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
      target('redis', 'database', 'db0'),
      'redis.flushdb',
    );
    publish(store, 'redis', redis(3, 0, 0.1));
    publish(store, 'health', health([]));
    const r = await until(f);
    expect(r.verdict, r.text).toBe('effective');
    expect(r.settled).toBe(true);
    expect(r.text).toMatch(
      /^flushdb db0: memory 97 MiB of 100 MiB → 3 MiB of 100 MiB within 0 s; evictions 50\/s → 0\/s/,
    );
    // The hit rate fell (an empty cache): reported, not held against the flush.
    expect(r.text).toContain('hit rate 90% → 10%');
    expect(r.signals.find((s) => s.signal === 'redisHitRate')?.info).toBe(true);
  });

  it('terminating idle-in-transaction sessions that pile up again is no improvement at the deadline', async () => {
    const store = createAppStore();
    publish(store, 'postgres', pg(12));
    const f = follow(
      store,
      { signals: ['pgBlocked', 'pgIdleInTransaction', 'pgConnections'] },
      target('postgres', 'backends', 'idle'),
      'postgres.terminate-idle-in-transaction',
    );
    publish(store, 'postgres', pg(0));
    await new Promise((r) => setTimeout(r, 30));
    publish(store, 'postgres', pg(40));
    const r = await until(f);
    expect(r.verdict, r.text).toBe('no improvement');
    expect(r.settled).toBe(false);
    expect(r.afterSeconds).toBeGreaterThanOrEqual(5);
    expect(r.text).toContain('idle in transaction 12 → 40');
  });

  it('an action after which a good health check goes down is worse', async () => {
    const store = createAppStore();
    publish(store, 'health', health([]));
    const f = follow(
      store,
      { signals: ['health'] },
      target('kubernetes', 'configmap', 'app-config'),
      'kubernetes.configmap-set',
    );
    publish(store, 'health', health(['api /health']));
    const r = await until(f);
    expect(r.verdict, r.text).toBe('worse');
    expect(r.text).toBe('configmap-set app-config: health 2/2 up → 1/2 up (down: api /health)');
  });

  it('with no source to read, the verdict is unknown and says why', async () => {
    const store = createAppStore();
    const f = follow(
      store,
      { signals: ['rollout', 'ready'] },
      target('kubernetes', 'deployment', 'backend'),
      'kubernetes.rollout-undo',
    );
    const r = await until(f);
    expect(r.verdict).toBe('unknown');
    expect(r.text).toContain('no signal could be read');
  });

  it('every operation in the registry declares the signals that show its effect', () => {
    for (const op of operations) {
      expect(op.effect?.signals.length, op.id).toBeGreaterThan(0);
      for (const s of op.effect!.signals) expect(SIGNALS[s], `${op.id}: ${s}`).toBeDefined();
    }
    const cdn = operations.find((o) => o.id === 'cdn.invalidate');
    expect(cdn?.effect?.probe, 'the CDN invalidation is probed from CloudFront').toBeDefined();
  });
});
