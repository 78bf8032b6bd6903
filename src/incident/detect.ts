// Detections: what the infrastructure did, written to the timeline without anyone typing it.
// Each detector is a pure function over a small input shape of its own (so it is tested with
// plain objects) that says which conditions hold right now, by key. Threshold detectors take
// the previous state into account (enter above `high`, leave below `low`); then one debouncer
// with a controlled clock turns conditions into start/end events only after a condition has
// held (or been gone) long enough, so that a flapping signal does not flood the timeline.
// Adapters from store snapshots to these inputs live in detect-adapters.ts.

export interface Condition {
  /** Stable key, e.g. 'pod.crashloop:ns/name'. */
  key: string;
  detector: string;
  /** Timeline text when it starts / ends. */
  start: string;
  end: string;
  /** Overrides `Thresholds.raiseAfterSeconds` for this condition (signals that do not flap). */
  raiseAfterSeconds?: number;
}

/** Who records automatic detections in the journal (the console's user goes in `console`). */
export const DETECTOR_ACTOR = 'warroom';

/** What a detector sees as active; `wasActive` gives threshold hysteresis. */
export type Detector<I> = (input: I, wasActive: (key: string) => boolean, th: Thresholds) => Condition[];

export interface Thresholds {
  /** A condition must hold this long before it is recorded (flapping guard). */
  raiseAfterSeconds: number;
  /**
   * Pods crash-looping or OOMKilled: their input is already steady (a container that restarted
   * after a crash counts until it has run a minute), so they are recorded sooner, within 10 s
   * of the pods pane showing them.
   */
  podRaiseAfterSeconds: number;
  /** …and be gone this long before its end is recorded. */
  clearAfterSeconds: number;
  /** Postgres connections: enter at or above high × max_connections, leave below low ×. */
  pgConnectionsHigh: number;
  pgConnectionsLow: number;
  /** Sessions waiting on a lock for longer than this many seconds. */
  pgBlockedSeconds: number;
  /** Sessions idle in transaction (longer than postgres.idleInTransactionSeconds): enter at this many. */
  pgIdleInTransactionSessions: number;
  /** An application's connection pool is exhausted when this share of its sessions (and at least `pgPoolMinSessions`) is idle in transaction. */
  pgPoolIdleShare: number;
  pgPoolMinSessions: number;
  /** Redis used_memory / maxmemory: enter at high, leave below low. */
  redisMemoryHigh: number;
  redisMemoryLow: number;
  /** Error rate: above baseline × factor and at least minPerMinute errors a minute. */
  errorRateFactor: number;
  errorRateMinPerMinute: number;
  /** Error rate above which the recovery checklist fails (errors per minute). */
  errorRateRecovered: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  raiseAfterSeconds: 10,
  podRaiseAfterSeconds: 5,
  clearAfterSeconds: 30,
  pgConnectionsHigh: 0.8,
  pgConnectionsLow: 0.7,
  pgBlockedSeconds: 30,
  pgIdleInTransactionSessions: 5,
  pgPoolIdleShare: 0.8,
  pgPoolMinSessions: 5,
  redisMemoryHigh: 0.9,
  redisMemoryLow: 0.85,
  errorRateFactor: 3,
  errorRateMinPerMinute: 10,
  errorRateRecovered: 10,
};

// ---- inputs ---------------------------------------------------------------------------------

export interface PodsInput {
  /** `id` is 'namespace/name'; `owner` 'namespace/replicaset' when the pod has a controller. */
  pods: { id: string; reasons: string[]; owner?: string }[];
}
export interface RolloutsInput {
  deployments: {
    id: string;
    /** True while a rollout is in progress (new ReplicaSet not fully available). */
    progressing: boolean;
    revision?: string;
    image?: string;
  }[];
}
export interface PgInput {
  connections?: number;
  /** The usable connection slots (max_connections minus the reserved ones). */
  maxConnections?: number;
  /** Sessions waiting on locks, with how long each has waited. */
  blocked?: { pid: number; waitingSeconds: number }[];
  /** Sessions idle in transaction longer than the configured threshold (`idleSeconds`). */
  idleInTransaction?: { pid: number; application: string }[];
  idleSeconds?: number;
  /** Client sessions per application (for pool exhaustion). */
  perApplication?: { application: string; sessions: number }[];
}
export interface RedisInput {
  name: string;
  usedMemory?: number;
  maxMemory?: number;
  /** Keys evicted since the previous snapshot (the adapter computes the difference). */
  evictedDelta?: number;
}
export interface ChainInput {
  endpoints: { name: string; stalled: boolean; height?: number; headAgeSeconds?: number }[];
}
export interface HealthInput {
  endpoints: { name: string; up: boolean; reason?: string }[];
}
export interface ErrorRateInput {
  /** Errors per minute now, and the baseline (errors per minute) to compare with. */
  streams: { name: string; perMinute: number; baseline: number }[];
}

// ---- detectors ------------------------------------------------------------------------------

const BAD_POD = /^(CrashLoopBackOff|OOMKilled)$/;

/**
 * Pods in CrashLoopBackOff / OOMKilled, one condition per controller (ReplicaSet) and reason,
 * so that a broken rollout of fifty pods is one timeline event, not fifty; pods without a
 * controller get one each.
 */
export const podsDetector: Detector<PodsInput> = (input, _was, th) => {
  const groups = new Map<string, { reason: string; owner?: string; pods: string[] }>();
  for (const p of input.pods) {
    for (const r of new Set(p.reasons)) {
      if (!BAD_POD.test(r)) continue;
      const key = `pod.${r}:${p.owner ?? p.id}`;
      const g = groups.get(key) ?? { reason: r, owner: p.owner, pods: [] };
      g.pods.push(p.id);
      groups.set(key, g);
    }
  }
  return [...groups].map(([key, g]) => {
    if (!g.owner || g.pods.length === 1) {
      const who = g.pods.length === 1 ? `pod ${g.pods[0]}` : `pods of ${g.owner}`;
      return {
        key,
        detector: 'pods',
        start: `${who} entered ${g.reason}`,
        end: `${g.owner ? `pods of ${g.owner}` : who} left ${g.reason}`,
        raiseAfterSeconds: th.podRaiseAfterSeconds,
      };
    }
    const names = g.pods.map((id) => id.slice(id.indexOf('/') + 1));
    return {
      key,
      detector: 'pods',
      raiseAfterSeconds: th.podRaiseAfterSeconds,
      start: `${g.pods.length} pods of ${g.owner} entered ${g.reason}: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`,
      end: `pods of ${g.owner} left ${g.reason}`,
    };
  });
};

export const rolloutDetector: Detector<RolloutsInput> = (input) =>
  input.deployments
    .filter((d) => d.progressing)
    .map((d) => {
      const what = [d.revision ? `revision ${d.revision}` : '', d.image ?? ''].filter(Boolean).join(', ');
      return {
        key: `rollout:${d.id}`,
        detector: 'rollout',
        start: `rollout of deployment ${d.id} started${what ? ` (${what})` : ''}`,
        end: `rollout of deployment ${d.id} completed${what ? ` (${what})` : ''}`,
      };
    });

export const pgDetector: Detector<PgInput> = (input, was, th) => {
  const out: Condition[] = [];
  const { connections: c, maxConnections: max } = input;
  if (c !== undefined && max) {
    const key = 'pg.connections';
    const ratio = c / max;
    const on = was(key) ? ratio >= th.pgConnectionsLow : ratio >= th.pgConnectionsHigh;
    if (on)
      out.push({
        key,
        detector: 'postgres',
        start: `Postgres connections ${c}/${max} (${Math.round(ratio * 100)}%) above ${Math.round(th.pgConnectionsHigh * 100)}% of max_connections`,
        end: `Postgres connections back under ${Math.round(th.pgConnectionsLow * 100)}% of max_connections`,
      });
  }
  const blocked = (input.blocked ?? []).filter((b) => b.waitingSeconds > th.pgBlockedSeconds);
  if (blocked.length)
    out.push({
      key: 'pg.blocked',
      detector: 'postgres',
      start: `${blocked.length} Postgres session${blocked.length === 1 ? '' : 's'} blocked for more than ${th.pgBlockedSeconds}s (pid ${blocked
        .slice(0, 5)
        .map((b) => b.pid)
        .join(', ')})`,
      end: `no Postgres session blocked for more than ${th.pgBlockedSeconds}s`,
    });
  const idle = input.idleInTransaction ?? [];
  const idleKey = 'pg.idle-in-transaction';
  const idleMin = th.pgIdleInTransactionSessions;
  if (was(idleKey) ? idle.length >= Math.ceil(idleMin / 2) : idle.length >= idleMin)
    out.push({
      key: idleKey,
      detector: 'postgres',
      start: `${idle.length} Postgres sessions idle in transaction for more than ${input.idleSeconds ?? '?'}s (pid ${pidList(idle.map((s) => s.pid))})`,
      end: `Postgres sessions idle in transaction back under ${Math.ceil(idleMin / 2)}`,
    });
  // An application whose sessions are (nearly) all held idle in open transactions has no free
  // connection left in its pool: its requests queue or fail although Postgres has slots.
  for (const a of input.perApplication ?? []) {
    if (!a.application || a.sessions < th.pgPoolMinSessions) continue;
    const held = idle.filter((s) => s.application === a.application).length;
    if (held / a.sessions < th.pgPoolIdleShare) continue;
    out.push({
      key: `pg.pool:${a.application}`,
      detector: 'postgres',
      start: `connection pool of ${a.application} exhausted: ${held} of its ${a.sessions} Postgres sessions idle in transaction`,
      end: `connection pool of ${a.application} has free connections again`,
    });
  }
  if (c !== undefined && max && c >= max)
    out.push({
      key: 'pg.slots',
      detector: 'postgres',
      start: `Postgres connection slots exhausted (${c}/${max}): new connections are refused`,
      end: 'Postgres has free connection slots again',
    });
  return out;
};

/** '101, 102, 103, … (20 in all)': the first few pids and the count. */
function pidList(pids: number[], keep = 3): string {
  return pids.length > keep + 2
    ? `${pids.slice(0, keep).join(', ')}, … (${pids.length} in all)`
    : pids.join(', ');
}

export const redisDetector: Detector<RedisInput> = (input, was, th) => {
  const out: Condition[] = [];
  // 'Redis cache memory…'; the default instance is just 'Redis' (not 'Redis redis').
  const who = input.name && input.name.toLowerCase() !== 'redis' ? `Redis ${input.name}` : 'Redis';
  const { usedMemory: used, maxMemory: max } = input;
  if (used !== undefined && max) {
    const key = `redis.memory:${input.name}`;
    const ratio = used / max;
    const on = was(key) ? ratio >= th.redisMemoryLow : ratio >= th.redisMemoryHigh;
    if (on)
      out.push({
        key,
        detector: 'redis',
        start: `${who} memory at ${Math.round(ratio * 100)}% of maxmemory`,
        end: `${who} memory back under ${Math.round(th.redisMemoryLow * 100)}% of maxmemory`,
      });
  }
  if ((input.evictedDelta ?? 0) > 0)
    out.push({
      key: `redis.evictions:${input.name}`,
      detector: 'redis',
      start: `${who} started evicting keys`,
      end: `${who} stopped evicting keys`,
    });
  return out;
};

export const chainDetector: Detector<ChainInput> = (input) =>
  input.endpoints
    .filter((e) => e.stalled)
    .map((e) => ({
      key: `chain.stalled:${e.name}`,
      detector: 'chain',
      start: `chain head on ${e.name} stalled${e.height !== undefined ? ` at block ${e.height}` : ''}${e.headAgeSeconds !== undefined ? ` (${Math.round(e.headAgeSeconds)}s old)` : ''}`,
      end: `chain head on ${e.name} advancing again`,
    }));

export const healthDetector: Detector<HealthInput> = (input) =>
  input.endpoints
    .filter((e) => !e.up)
    .map((e) => ({
      key: `health.down:${e.name}`,
      detector: 'health',
      start: `health endpoint ${e.name} down${e.reason ? `: ${e.reason}` : ''}`,
      end: `health endpoint ${e.name} up again`,
    }));

export const errorRateDetector: Detector<ErrorRateInput> = (input, was, th) =>
  input.streams
    .filter((s) => {
      const key = `errors.rate:${s.name}`;
      const limit = Math.max(th.errorRateMinPerMinute, s.baseline * th.errorRateFactor);
      // Leave only below the baseline-based limit's lower band (half way back to baseline).
      const low = Math.max(th.errorRateMinPerMinute / 2, (s.baseline + limit) / 2);
      return was(key) ? s.perMinute >= low : s.perMinute >= limit;
    })
    .map((s) => ({
      key: `errors.rate:${s.name}`,
      detector: 'errors',
      start: `error rate in ${s.name} ${Math.round(s.perMinute)}/min, above its baseline of ${Math.round(s.baseline)}/min`,
      end: `error rate in ${s.name} back near its baseline`,
    }));

// ---- debouncer ------------------------------------------------------------------------------

export interface Transition {
  key: string;
  detector: string;
  state: 'start' | 'end';
  text: string;
  /** When the condition was first (or last) seen, epoch ms. */
  since: number;
}

interface Track {
  cond: Condition;
  /** Whether a start has been recorded. */
  active: boolean;
  /** When the condition was first seen holding in the current run. */
  seenSince?: number;
  /** When it was first seen gone in the current run. */
  goneSince?: number;
}

/**
 * Turns each evaluation's set of holding conditions into start/end transitions with time
 * hysteresis. `step` is pure with respect to time: the caller passes `now`.
 */
export class Debouncer {
  private readonly tracks = new Map<string, Track>();
  constructor(private th: Pick<Thresholds, 'raiseAfterSeconds' | 'clearAfterSeconds'>) {}

  /** Whether a start has been recorded for a key (threshold hysteresis reads this). */
  isActive = (key: string): boolean => this.tracks.get(key)?.active ?? false;

  /** Marks keys already active in the journal (resume, or another console recorded them). */
  adopt(key: string, detector: string, text: string, since: number): void {
    const t = this.tracks.get(key);
    if (t) t.active = true;
    else
      this.tracks.set(key, {
        cond: { key, detector, start: text, end: `${text} — over` },
        active: true,
        seenSince: since,
      });
  }

  /** Marks a key ended elsewhere (another console recorded its end). */
  release(key: string): void {
    const t = this.tracks.get(key);
    if (t) {
      t.active = false;
      t.goneSince = undefined;
      if (t.seenSince === undefined) this.tracks.delete(key);
    }
  }

  /**
   * One evaluation. `holding` are the conditions true now; `scope` limits which keys this
   * evaluation speaks for (the detector's key prefixes), so one source's snapshot never ends
   * another source's conditions.
   */
  step(holding: Condition[], now: number, scope: (key: string) => boolean): Transition[] {
    const out: Transition[] = [];
    const raise = this.th.raiseAfterSeconds * 1000;
    const clear = this.th.clearAfterSeconds * 1000;
    const present = new Set<string>();
    for (const c of holding) {
      present.add(c.key);
      let t = this.tracks.get(c.key);
      if (!t) this.tracks.set(c.key, (t = { cond: c, active: false }));
      t.cond = t.active ? { ...c, end: c.end } : c;
      t.goneSince = undefined;
      t.seenSince ??= now;
      const raiseAfter = c.raiseAfterSeconds !== undefined ? c.raiseAfterSeconds * 1000 : raise;
      if (!t.active && now - t.seenSince >= raiseAfter) {
        t.active = true;
        out.push({ key: c.key, detector: c.detector, state: 'start', text: c.start, since: t.seenSince });
      }
    }
    for (const [key, t] of this.tracks) {
      if (present.has(key) || !scope(key)) continue;
      if (!t.active) {
        // It never held long enough to be recorded: forget it (a blip).
        this.tracks.delete(key);
        continue;
      }
      t.goneSince ??= now;
      t.seenSince = undefined;
      if (now - t.goneSince >= clear) {
        out.push({ key, detector: t.cond.detector, state: 'end', text: t.cond.end, since: t.goneSince });
        this.tracks.delete(key);
      }
    }
    return out;
  }
}
