// Thin adapters from the store's source snapshots to the detectors' inputs (detect.ts), the
// current figures the status-update templates quote, and the recovery checklist. Each adapter
// reads one source; a source with no data (not configured, not yet connected) contributes
// nothing, and its conditions are left as they were (unknown is not "recovered").
import type { ChainSnapshot } from '../data/chain/types.js';
import type { HealthData } from '../data/health/source.js';
import { HEALTH_SOURCE } from '../data/health/source.js';
import type { DeploymentsData, PodsData } from '../data/kubernetes/types.js';
import { DEPLOYMENTS_SOURCE, PODS_SOURCE, keyOf, ts } from '../data/kubernetes/types.js';
import { podStatus, rolloutState, REVISION } from '../data/kubernetes/status.js';
import type { LogsSnapshot } from '../data/logs/types.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from '../data/logs/types.js';
import { connectionUse, idleInTransaction } from '../data/postgres/queries.js';
import type { PgSession, PgSnapshot } from '../data/postgres/types.js';
import { REDIS_SOURCE, type RedisSnapshot } from '../data/redis/types.js';
import type { AppState, SourceState } from '../store/store.js';
import {
  chainDetector,
  errorRateDetector,
  healthDetector,
  pgDetector,
  podsDetector,
  redisDetector,
  rolloutDetector,
  type Condition,
  type ErrorRateInput,
  type Thresholds,
} from './detect.js';
import type { CheckItem } from './model.js';

export const PG_SOURCE = 'postgres';
export const CHAIN_SOURCE = 'chain';
/** The runbooks' resolution criterion for latency, where a health endpoint measures it. */
export const P95_LIMIT_MS = 200;

export interface Adapter {
  /** The source this adapter reads (`also`: sources publishing the same snapshot; the newest wins). */
  source: string;
  also?: string[];
  /** Key prefixes of the conditions it speaks for. */
  prefixes: string[];
  /** Conditions holding in this snapshot; `memo` keeps the adapter's own previous values. */
  conditions(
    data: unknown,
    was: (k: string) => boolean,
    th: Thresholds,
    memo: Map<string, unknown>,
    now: number,
  ): Condition[];
}

function data<T>(st: AppState, id: string): T | undefined {
  const s: SourceState | undefined = st.sources[id];
  if (!s || s.status === 'unconfigured') return undefined;
  return s.data as T | undefined;
}

/** A container restarted after a crash counts as crashing until it has run this long. */
export const CRASH_STEADY_MS = 60_000;

/**
 * Pods with the reasons they fail. A crash loop alternates waiting (CrashLoopBackOff),
 * running for a few seconds and terminated (OOMKilled, Error): read state by state, the
 * condition would come and go and never hold long enough to be recorded (30-40 s late, or
 * never). So a container whose last termination was a crash counts as crash-looping (and
 * OOMKilled when it was killed for memory) while it waits or until it has run a minute.
 */
export const podsInput = (d: PodsData, now = Date.now()) => ({
  pods: d.pods.map((p) => {
    const reasons = new Set<string>([podStatus(p).reason]);
    for (const c of p.status?.containerStatuses ?? []) {
      if (c.state?.waiting?.reason) reasons.add(c.state.waiting.reason);
      if (c.state?.terminated?.reason) reasons.add(c.state.terminated.reason);
      const term = c.state?.terminated;
      const crash = [term, c.lastState?.terminated].find(
        (x) => !!x && (x.reason === 'OOMKilled' || (x.exitCode ?? 0) !== 0),
      );
      const ranSince = ts(c.state?.running?.startedAt);
      const unsteady = !c.state?.running || ranSince === undefined || now - ranSince < CRASH_STEADY_MS;
      if (crash && unsteady) {
        if (crash.reason === 'OOMKilled') reasons.add('OOMKilled');
        if ((c.restartCount ?? 0) >= 2) reasons.add('CrashLoopBackOff');
      }
    }
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller)?.name;
    return {
      id: keyOf(p),
      reasons: [...reasons],
      owner: owner ? `${p.metadata?.namespace ?? ''}/${owner}` : undefined,
    };
  }),
});

export const rolloutsInput = (d: DeploymentsData) => ({
  deployments: d.deployments.map((dep) => {
    const phase = rolloutState(dep).phase;
    return {
      id: keyOf(dep),
      progressing: phase === 'progressing' || phase === 'stalled',
      revision: dep.metadata?.annotations?.[REVISION],
      image: dep.spec?.template?.spec?.containers?.map((c) => c.image).join(', '),
    };
  }),
});

export const pgInput = (d: PgSnapshot) => ({
  // Against the usable slots (max_connections minus the reserved ones), as the pane shows them.
  connections: d.total,
  maxConnections: connectionUse(d).usable,
  blocked: d.sessions
    .filter((s) => s.waitEventType === 'Lock' && s.queryMs !== undefined)
    .map((s) => ({ pid: s.pid, waitingSeconds: (s.queryMs ?? 0) / 1000 })),
  // Idle in transaction longer than postgres.idleInTransactionSeconds (the pane's threshold).
  idleInTransaction: idleInTransaction(d.sessions)
    .filter((s) => idleMs(d, s) > d.idleInTransactionMs)
    .map((s) => ({ pid: s.pid, application: s.application })),
  idleSeconds: Math.round(d.idleInTransactionMs / 1000),
  perApplication: (d.byApplication ?? []).map((a) => ({ application: a.key, sessions: a.count })),
});

/** How long a session has been idle in its transaction (since its last state change). */
const idleMs = (d: PgSnapshot, s: PgSession) =>
  s.stateChange !== undefined ? d.at - s.stateChange : (s.xactMs ?? 0);

export const chainInput = (d: ChainSnapshot) => ({
  endpoints: d.endpoints.map((e) => ({
    name: e.name,
    // Stalled: a head older than block time × stallMultiple (an endpoint that is down is the
    // health of the RPC, not a stalled chain; it shows as its own alert in the chain pane).
    stalled: e.headAgeMs !== undefined && e.headAgeMs > d.stallAfterMs,
    height: e.head?.height,
    headAgeSeconds: e.headAgeMs !== undefined ? e.headAgeMs / 1000 : undefined,
  })),
});

/**
 * The error rate now (errors in the last 60 s, the pipeline's one definition) against a
 * baseline: the median of the 15 earlier 60-s windows.
 */
export function errorRateInput(d: LogsSnapshot, name: string): ErrorRateInput {
  const earlier = d.errorsPerMinute.slice(-16, -1).sort((a, b) => a - b);
  const baseline = earlier.length ? earlier[Math.floor(earlier.length / 2)]! : 0;
  return { streams: [{ name, perMinute: d.errorsLastMinute, baseline }] };
}

export const adapters: Adapter[] = [
  {
    source: HEALTH_SOURCE,
    prefixes: ['health.'],
    conditions: (d, was, th) =>
      healthDetector(
        { endpoints: (d as HealthData).endpoints.map((e) => ({ name: e.name, up: e.up, reason: e.reason })) },
        was,
        th,
      ),
  },
  {
    source: PODS_SOURCE,
    prefixes: ['pod.'],
    conditions: (d, was, th, _memo, now) => podsDetector(podsInput(d as PodsData, now), was, th),
  },
  {
    source: DEPLOYMENTS_SOURCE,
    prefixes: ['rollout:'],
    conditions: (d, was, th) => rolloutDetector(rolloutsInput(d as DeploymentsData), was, th),
  },
  {
    source: PG_SOURCE,
    prefixes: ['pg.'],
    conditions: (d, was, th) => pgDetector(pgInput(d as PgSnapshot), was, th),
  },
  {
    source: REDIS_SOURCE,
    prefixes: ['redis.'],
    conditions: (d, was, th, memo) => {
      const r = d as RedisSnapshot;
      const prev = memo.get('evicted') as number | undefined;
      const cur = r.info.evictedKeys;
      memo.set('evicted', cur);
      const delta =
        r.rates.evictedPerSec !== undefined
          ? r.rates.evictedPerSec
          : prev !== undefined && cur !== undefined
            ? cur - prev
            : 0;
      return redisDetector(
        { name: 'redis', usedMemory: r.info.usedMemory, maxMemory: r.info.maxmemory, evictedDelta: delta },
        was,
        th,
      );
    },
  },
  {
    source: CHAIN_SOURCE,
    prefixes: ['chain.'],
    conditions: (d, was, th) => chainDetector(chainInput(d as ChainSnapshot), was, th),
  },
  {
    // Both log sources publish the one pipeline's snapshot: read the newer (see logsSnapshot).
    source: LOGS_K8S,
    also: [LOGS_CLOUDWATCH],
    prefixes: ['errors.rate:'],
    conditions: (d, was, th) => errorRateDetector(errorRateInput(d as LogsSnapshot, 'logs'), was, th),
  },
];

/** The conditions of every adapter whose source has data now, with the key scope of each. */
export function evaluate(
  st: AppState,
  was: (k: string) => boolean,
  th: Thresholds,
  memos: Map<string, Map<string, unknown>>,
  now: number = Date.now(),
): { conditions: Condition[]; scope: (key: string) => boolean } {
  const conditions: Condition[] = [];
  const prefixes: string[] = [];
  for (const a of adapters) {
    // Only live data speaks: an erroring source's last data is not evidence either way.
    const live = [a.source, ...(a.also ?? [])]
      .map((id) => st.sources[id])
      .filter((x): x is SourceState => !!x && x.status === 'ok' && x.data !== undefined);
    const s = live.sort((x, y) => version(y.data) - version(x.data))[0];
    if (!s) continue;
    let memo = memos.get(a.source);
    if (!memo) memos.set(a.source, (memo = new Map()));
    try {
      conditions.push(...a.conditions(s.data, was, th, memo, now));
      prefixes.push(...a.prefixes);
    } catch {
      // A snapshot shape this adapter does not understand: skip it rather than crash.
    }
  }
  return { conditions, scope: (k) => prefixes.some((p) => k.startsWith(p)) };
}

const version = (d: unknown) => (d as { version?: number } | undefined)?.version ?? 0;

/** The logs pipeline's newest snapshot, whichever source published it. */
function logsSnapshot(st: AppState): LogsSnapshot | undefined {
  const a = data<LogsSnapshot>(st, LOGS_K8S);
  const b = data<LogsSnapshot>(st, LOGS_CLOUDWATCH);
  return a && b ? (b.version > a.version ? b : a) : (a ?? b);
}

const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
const mib = (n: number) => `${Math.round(n / 1048576)} MiB`;

/** The current figures from the panes, for status updates. */
export function figures(st: AppState): string[] {
  const out: string[] = [];
  const h = data<HealthData>(st, HEALTH_SOURCE);
  if (h?.endpoints.length) {
    const down = h.endpoints.filter((e) => !e.up);
    out.push(
      `Health checks: ${h.endpoints.length - down.length}/${h.endpoints.length} up${down.length ? ` (down: ${down.map((d) => d.name).join(', ')})` : ''}`,
    );
  }
  const pods = data<PodsData>(st, PODS_SOURCE);
  if (pods) {
    const failing = pods.pods.filter((p) => podStatus(p).failing);
    out.push(
      `Pods: ${pods.pods.length - failing.length}/${pods.pods.length} healthy${failing.length ? ` (${failing.length} failing)` : ''}`,
    );
  }
  const logs = logsSnapshot(st);
  if (logs) {
    out.push(
      `Error rate: ${(logs.errorRate * 100).toFixed(1)}% of log lines, ${logs.errorsLastMinute} errors/min (last 60 s)`,
    );
  }
  const pg = data<PgSnapshot>(st, PG_SOURCE);
  if (pg) {
    const c = connectionUse(pg);
    out.push(`Postgres connections: ${c.text} (${pct(c.used, c.usable)})`);
  }
  const r = data<RedisSnapshot>(st, REDIS_SOURCE);
  if (r?.info.usedMemory !== undefined)
    out.push(
      `Redis memory: ${mib(r.info.usedMemory)}${r.info.maxmemory ? ` of ${mib(r.info.maxmemory)} (${pct(r.info.usedMemory, r.info.maxmemory)})` : ''}${r.rates.evictedPerSec ? `, evicting ${r.rates.evictedPerSec.toFixed(1)} keys/s` : ''}`,
    );
  const ch = data<ChainSnapshot>(st, CHAIN_SOURCE);
  if (ch?.highest !== undefined)
    out.push(
      `Chain head: block ${ch.highest}${ch.highestAgeMs !== undefined ? ` (${Math.round(ch.highestAgeMs / 1000)}s old)` : ''}`,
    );
  return out;
}

/** The runbooks' recovery checklist, evaluated from live data. */
export function recoveryChecklist(st: AppState, th: Thresholds): CheckItem[] {
  const unknown = (name: string, why: string): CheckItem => ({ name, ok: null, detail: why });
  const items: CheckItem[] = [];

  const pods = data<PodsData>(st, PODS_SOURCE);
  if (!pods) items.push(unknown('No failing pods', 'Kubernetes not configured or no data'));
  else {
    const failing = pods.pods.filter((p) => podStatus(p).failing);
    items.push({
      name: 'No failing pods',
      ok: failing.length === 0,
      detail: failing.length
        ? `${failing.length} failing: ${failing
            .slice(0, 3)
            .map((p) => `${keyOf(p)} ${podStatus(p).reason}`)
            .join(', ')}`
        : `${pods.pods.length} pods healthy`,
    });
  }

  const h = data<HealthData>(st, HEALTH_SOURCE);
  if (!h || !h.endpoints.length) items.push(unknown('Health checks green', 'no health endpoints checked'));
  else {
    const down = h.endpoints.filter((e) => !e.up);
    items.push({
      name: 'Health checks green',
      ok: down.length === 0,
      detail: down.length
        ? `down: ${down.map((d) => d.name).join(', ')}`
        : `${h.endpoints.length} endpoints up`,
    });
    // Where a health endpoint measures latency: the runbooks' p95 under 200 ms.
    const timed = h.endpoints.filter((e) => e.p95Ms !== undefined);
    if (timed.length) {
      const slow = timed.filter((e) => e.p95Ms! >= P95_LIMIT_MS);
      items.push({
        name: `p95 latency under ${P95_LIMIT_MS} ms`,
        ok: slow.length === 0,
        detail: (slow.length ? slow : timed)
          .slice(0, 3)
          .map((e) => `${e.name} p95 ${e.p95Ms} ms`)
          .concat(timed.length > 3 && !slow.length ? [`${timed.length - 3} more`] : [])
          .join(', '),
      });
    }
  }

  const logs = logsSnapshot(st);
  if (!logs) items.push(unknown('Error rate under threshold', 'logs not configured or no data'));
  else {
    const last = logs.errorsLastMinute;
    items.push({
      name: 'Error rate under threshold',
      ok: last < th.errorRateRecovered,
      detail: `${last} errors/min (threshold ${th.errorRateRecovered})`,
    });
    // The runbooks' criterion: errors under 1 % of the log lines of the last 60 s.
    items.push({
      name: 'Error rate under 1 %',
      ok: logs.errorRate < 0.01,
      detail: `${(logs.errorRate * 100).toFixed(1)} % of log lines in the last 60 s`,
    });
  }

  const pg = data<PgSnapshot>(st, PG_SOURCE);
  if (!pg) items.push(unknown('Postgres within limits', 'Postgres not configured or no data'));
  else {
    const c = connectionUse(pg);
    const blocked = pgInput(pg).blocked.filter((b) => b.waitingSeconds > th.pgBlockedSeconds).length;
    items.push({
      name: 'Postgres within limits',
      ok: c.ratio < th.pgConnectionsHigh && blocked === 0,
      detail: `${c.text} connections${blocked ? `, ${blocked} blocked` : ''}`,
    });
  }

  const r = data<RedisSnapshot>(st, REDIS_SOURCE);
  if (!r) items.push(unknown('Redis within limits', 'Redis not configured or no data'));
  else {
    const used = r.info.usedMemory ?? 0;
    const max = r.info.maxmemory ?? 0;
    const evicting = (r.rates.evictedPerSec ?? 0) > 0;
    items.push({
      name: 'Redis within limits',
      ok: (!max || used / max < th.redisMemoryHigh) && !evicting,
      detail: `${mib(used)}${max ? ` of ${mib(max)}` : ' (no maxmemory)'}${evicting ? ', evicting' : ''}`,
    });
  }

  const ch = data<ChainSnapshot>(st, CHAIN_SOURCE);
  if (!ch || !ch.endpoints.length)
    items.push(unknown('Chain head current', 'chain not configured or no data'));
  else {
    const stalled = chainInput(ch).endpoints.filter((e) => e.stalled || e.height === undefined);
    items.push({
      name: 'Chain head current',
      ok: stalled.length === 0,
      detail: stalled.length
        ? `stalled or down: ${stalled.map((e) => e.name).join(', ')}`
        : `head ${ch.highest ?? '?'}${ch.highestAgeMs !== undefined ? `, ${Math.round(ch.highestAgeMs / 1000)}s old` : ''}`,
    });
  }
  return items;
}

/**
 * Passed when nothing failed and at least one item could be checked (items that could not be
 * checked are reported, not failed; a checklist with nothing checked proves nothing).
 */
export const checklistPassed = (items: CheckItem[]) =>
  items.every((i) => i.ok !== false) && items.some((i) => i.ok === true);
