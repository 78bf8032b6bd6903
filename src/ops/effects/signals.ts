// The signals that show whether an action helped, each read from the store's source snapshots
// (the same snapshots the panes draw): one reading = a figure, whether it is good now, and the
// figure in words. Readers that need a rate (restarts, errors) keep their samples in `memo`
// and judge the last `windowMs` (the follower's settle window); their first reading (the
// "before") is the snapshot's own last-minute figure. A signal whose source has no data
// returns undefined and is left out. UI-free.
import type { HealthData } from '../../data/health/source.js';
import { HEALTH_SOURCE } from '../../data/health/source.js';
import { ownedReplicaSets, podStatus, rolloutState } from '../../data/kubernetes/status.js';
import type { Deployment, DeploymentsData, Pod, PodsData } from '../../data/kubernetes/types.js';
import { DEPLOYMENTS_SOURCE, PODS_SOURCE } from '../../data/kubernetes/types.js';
import type { LogsSnapshot } from '../../data/logs/types.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from '../../data/logs/types.js';
import { connectionUse, idleInTransaction } from '../../data/postgres/queries.js';
import { POSTGRES_SOURCE } from '../../data/postgres/source.js';
import type { PgSnapshot } from '../../data/postgres/types.js';
import { REDIS_SOURCE, type RedisSnapshot } from '../../data/redis/types.js';
import type { AppState, SourceState } from '../../store/store.js';
import type { SignalId, SignalReading, Target } from '../operation.js';

/** What the signals of one action look at: a deployment, a pod (and its owner), a namespace. */
export interface EffectScope {
  namespace?: string;
  deployment?: string;
  /** The pod a delete acted on. */
  pod?: string;
  /** The database a Postgres action acted on (its sessions are judged, not the whole server's). */
  database?: string;
}

/** The limits a reading is judged against (from incident.thresholds; defaults as detect.ts). */
export interface SignalLimits {
  errorRatePerMinute: number;
  pgConnectionsHigh: number;
  redisMemoryHigh: number;
}
export const DEFAULT_LIMITS: SignalLimits = {
  errorRatePerMinute: 10,
  pgConnectionsHigh: 0.8,
  redisMemoryHigh: 0.9,
};

export interface ReadContext {
  scope: EffectScope;
  limits: SignalLimits;
  now: number;
  /** How far back a rate looks (the settle window). */
  windowMs: number;
  /** The reader's own samples, kept between readings of one follower. */
  memo: Map<string, unknown>;
}

export interface SignalDef {
  id: SignalId;
  label: string;
  /** Which way is better, to tell "worse" from "better" between two bad readings. */
  better: 'lower' | 'higher';
  /** Reported only: never holds back settling and never decides the verdict. */
  info?: boolean;
  read(st: AppState, c: ReadContext): SignalReading | undefined;
}

function data<T>(st: AppState, id: string): T | undefined {
  const s: SourceState | undefined = st.sources[id];
  if (!s || s.status === 'unconfigured' || s.data === undefined) return undefined;
  return s.data as T;
}

/** The scope of a target: its deployment, or the pod and the deployment that owns it. */
export function scopeOf(target: Target, st: AppState): EffectScope {
  const ns = target.namespace;
  if (target.kind === 'deployment' || target.kind === 'deployment-scale')
    return { namespace: ns, deployment: target.name };
  if (target.kind === 'pod') {
    const pod = data<PodsData>(st, PODS_SOURCE)?.pods.find(
      (p) => p.metadata?.name === target.name && p.metadata?.namespace === ns,
    );
    const deps = data<DeploymentsData>(st, DEPLOYMENTS_SOURCE);
    const rs = pod?.metadata?.ownerReferences?.find((o) => o.controller)?.name;
    const dep = rs
      ? deps?.deployments.find((d) =>
          ownedReplicaSets(d, deps.replicaSets).some((r) => r.metadata?.name === rs),
        )
      : undefined;
    return { namespace: ns, pod: target.name, deployment: dep?.metadata?.name };
  }
  if (target.backend === 'postgres') return { database: target.context };
  return target.backend === 'kubernetes' ? { namespace: ns } : {};
}

/** The sessions of the scope's database (all of them when the scope names none). */
const sessionsOf = (pg: PgSnapshot, s: EffectScope) =>
  s.database ? pg.sessions.filter((x) => !x.database || x.database === s.database) : pg.sessions;

function deploymentOf(st: AppState, s: EffectScope): { dep: Deployment; all: DeploymentsData } | undefined {
  if (!s.deployment) return undefined;
  const all = data<DeploymentsData>(st, DEPLOYMENTS_SOURCE);
  const dep = all?.deployments.find(
    (d) => d.metadata?.name === s.deployment && (!s.namespace || d.metadata?.namespace === s.namespace),
  );
  return dep && all ? { dep, all } : undefined;
}

/** The pods of the scope: the deployment's (through its ReplicaSets), or the namespace's. */
function podsOf(st: AppState, s: EffectScope): Pod[] | undefined {
  const pods = data<PodsData>(st, PODS_SOURCE)?.pods;
  if (!pods) return undefined;
  const inNs = pods.filter((p) => !s.namespace || p.metadata?.namespace === s.namespace);
  if (!s.deployment) return inNs;
  const d = deploymentOf(st, s);
  const rsNames = new Set(d ? ownedReplicaSets(d.dep, d.all.replicaSets).map((r) => r.metadata?.name) : []);
  return inNs.filter((p) => {
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller)?.name;
    return owner ? rsNames.has(owner) || owner.startsWith(`${s.deployment}-`) : false;
  });
}

function readyOf(dep: Deployment): { ready: number; want: number } {
  return { ready: dep.status?.readyReplicas ?? 0, want: dep.spec?.replicas ?? 1 };
}

/** Increments of a per-key counter since the last reading, kept as timed samples in memo. */
function increments(
  c: ReadContext,
  key: string,
  counts: Map<string, number>,
): { inWindow: number; first: boolean } {
  const last = c.memo.get(`${key}.last`) as Map<string, number> | undefined;
  const samples = (c.memo.get(`${key}.samples`) as { at: number; n: number }[] | undefined) ?? [];
  if (last) {
    let n = 0;
    for (const [k, v] of counts) n += Math.max(0, v - (last.get(k) ?? 0));
    samples.push({ at: c.now, n });
  }
  c.memo.set(`${key}.last`, counts);
  const since = c.now - c.windowMs;
  const kept = samples.filter((x) => x.at > since - 60_000);
  c.memo.set(`${key}.samples`, kept);
  if (!c.memo.has(`${key}.start`)) c.memo.set(`${key}.start`, c.now);
  const covered = c.now - (c.memo.get(`${key}.start`) as number) >= c.windowMs;
  return { inWindow: kept.filter((x) => x.at > since).reduce((a, x) => a + x.n, 0), first: !covered };
}

function logsSnapshot(st: AppState): LogsSnapshot | undefined {
  const a = data<LogsSnapshot>(st, LOGS_K8S);
  const b = data<LogsSnapshot>(st, LOGS_CLOUDWATCH);
  return a && b ? (b.version > a.version ? b : a) : (a ?? b);
}

const mib = (n: number) => `${Math.round(n / 1048576)} MiB`;

type Reader = SignalDef['read'];

/** A reader over one part of the store: nothing to judge (undefined) while that part is missing. */
function over<T>(
  pick: (st: AppState, c: ReadContext) => T | undefined,
  read: (part: T, c: ReadContext) => SignalReading | undefined,
): Reader {
  return (st, c) => {
    const part = pick(st, c);
    return part === undefined ? undefined : read(part, c);
  };
}
const deployment = (st: AppState, c: ReadContext) => deploymentOf(st, c.scope);
const scopePods = (st: AppState, c: ReadContext) => podsOf(st, c.scope);
const postgres = (st: AppState) => data<PgSnapshot>(st, POSTGRES_SOURCE);
const redis = (st: AppState) => data<RedisSnapshot>(st, REDIS_SOURCE);

/** The table keyed by signal id, each definition given its id. */
function withIds(defs: Record<SignalId, Omit<SignalDef, 'id'>>): Record<SignalId, SignalDef> {
  const out = {} as Record<SignalId, SignalDef>;
  for (const id of Object.keys(defs) as SignalId[]) out[id] = { id, ...defs[id] };
  return out;
}

export const SIGNALS: Record<SignalId, SignalDef> = withIds({
  rollout: {
    label: 'rollout',
    better: 'higher',
    read: over(deployment, (d) => {
      const r = rolloutState(d.dep);
      const ok = r.phase === 'complete' && !r.unavailable;
      return { value: ok ? 1 : 0, ok, text: ok ? 'complete' : r.text };
    }),
  },
  ready: {
    label: 'ready',
    better: 'higher',
    read: over(deployment, (d) => {
      const { ready, want } = readyOf(d.dep);
      return { value: ready, ok: ready >= want, text: `${ready}/${want}` };
    }),
  },
  restarts: {
    label: 'restarts',
    better: 'lower',
    read: over(scopePods, (pods, c) => {
      const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
      const counts = new Map(live.map((p) => [p.metadata?.name ?? '', podStatus(p).restarts]));
      const crashing = live.filter((p) =>
        (p.status?.containerStatuses ?? []).some(
          (cs) =>
            cs.state?.waiting?.reason === 'CrashLoopBackOff' || cs.state?.terminated?.reason === 'OOMKilled',
        ),
      );
      const oom = live.filter((p) =>
        (p.status?.containerStatuses ?? []).some(
          (cs) =>
            cs.state?.terminated?.reason === 'OOMKilled' || cs.lastState?.terminated?.reason === 'OOMKilled',
        ),
      ).length;
      const inc = increments(c, 'restarts', counts);
      // The before: pods crashing now. After: no pod crashing and no restart in the window.
      const fresh = inc.first ? 0 : inc.inWindow;
      const ok = crashing.length === 0 && fresh === 0 && !live.some((p) => podStatus(p).failing);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const notReady = live.filter((p) => podStatus(p).failing).length;
      const text = ok
        ? 'none new'
        : crashing.length || fresh
          ? `${crashing.length} crash-looping${oom ? ` (${oom} OOMKilled)` : ''}, ${inc.first ? total : fresh} restarts`
          : `${notReady} pod${notReady === 1 ? '' : 's'} not ready`;
      return { value: crashing.length + fresh, ok, text };
    }),
  },
  errorRate: {
    label: 'error rate',
    better: 'lower',
    read: over(logsSnapshot, (logs, c) => {
      const prefix = c.scope.deployment
        ? `${c.scope.namespace ?? ''}/${c.scope.deployment}-`
        : c.scope.namespace
          ? `${c.scope.namespace}/`
          : '';
      const mine = logs.perSource.filter((s) => s.source.startsWith(prefix));
      const counts = new Map(mine.map((s) => [s.source, s.errors]));
      const inc = increments(c, 'errors', counts);
      const lastMinute = prefix ? mine.reduce((a, s) => a + s.errorsLastMinute, 0) : logs.errorsLastMinute;
      const rate = inc.first ? lastMinute : Math.round((inc.inWindow * 60_000) / Math.max(1, c.windowMs));
      return { value: rate, ok: rate < c.limits.errorRatePerMinute, text: `${rate}/min` };
    }),
  },
  health: {
    label: 'health',
    better: 'higher',
    read(st) {
      const h = data<HealthData>(st, HEALTH_SOURCE);
      if (!h?.endpoints.length) return undefined;
      const down = h.endpoints.filter((e) => !e.up).map((e) => e.name);
      const up = h.endpoints.length - down.length;
      return {
        value: up,
        ok: down.length === 0,
        text: `${up}/${h.endpoints.length} up${down.length ? ` (down: ${down.join(', ')})` : ''}`,
      };
    },
  },
  replacement: {
    label: 'replacement',
    better: 'higher',
    read(st, c) {
      const pods = data<PodsData>(st, PODS_SOURCE)?.pods;
      if (!pods || !c.scope.pod) return undefined;
      const old = pods.find(
        (p) => p.metadata?.name === c.scope.pod && p.metadata?.namespace === c.scope.namespace,
      );
      const gone = !old || !!old.metadata?.deletionTimestamp;
      const d = deploymentOf(st, c.scope);
      const r = d ? readyOf(d.dep) : undefined;
      const ok = gone && (!r || r.ready >= r.want);
      const text = !gone
        ? `${c.scope.pod} still there`
        : r
          ? `${r.ready}/${r.want} ready${ok ? '' : ' (replacement starting)'}`
          : `${c.scope.pod} gone`;
      return { value: ok ? 1 : 0, ok, text };
    },
  },
  pgBlocked: {
    label: 'blocked sessions',
    better: 'lower',
    read: over(postgres, (pg, c) => {
      const n = sessionsOf(pg, c.scope).filter((s) => s.waitEventType === 'Lock').length;
      return { value: n, ok: n === 0, text: String(n) };
    }),
  },
  pgIdleInTransaction: {
    label: 'idle in transaction',
    better: 'lower',
    read: over(postgres, (pg, c) => {
      const n = idleInTransaction(sessionsOf(pg, c.scope)).filter(
        (s) =>
          (s.stateChange !== undefined ? pg.at - s.stateChange : (s.xactMs ?? 0)) > pg.idleInTransactionMs,
      ).length;
      return { value: n, ok: n === 0, text: String(n) };
    }),
  },
  pgConnections: {
    label: 'connections',
    better: 'lower',
    read: over(postgres, (pg, c) => {
      const u = connectionUse(pg);
      return { value: u.used, ok: u.ratio < c.limits.pgConnectionsHigh, text: u.text };
    }),
  },
  redisMemory: {
    label: 'memory',
    better: 'lower',
    read: over(redis, (r, c) => {
      const used = r.info.usedMemory;
      if (used === undefined) return undefined;
      const max = r.info.maxmemory ?? 0;
      return {
        value: used,
        ok: !max || used / max < c.limits.redisMemoryHigh,
        text: max ? `${mib(used)} of ${mib(max)}` : mib(used),
      };
    }),
  },
  redisEvictions: {
    label: 'evictions',
    better: 'lower',
    read: over(redis, (r, c) => {
      const n = r.rates.evictedPerSec ?? 0;
      // Evictions come in bursts: none in the last interval while memory sits at the limit is
      // not good yet (the next write evicts), or a burst after the action would read as harm.
      const used = r.info.usedMemory ?? 0;
      const max = r.info.maxmemory ?? 0;
      const full = !!max && used / max >= c.limits.redisMemoryHigh;
      return { value: n, ok: n === 0 && !full, text: `${n.toFixed(n >= 10 || n === 0 ? 0 : 1)}/s` };
    }),
  },
  redisHitRate: {
    label: 'hit rate',
    better: 'higher',
    // A flush empties the cache: the hit rate falls by design, so it is reported, not judged.
    info: true,
    read: over(
      (st) => data<RedisSnapshot>(st, REDIS_SOURCE)?.rates.hitRate,
      (hr) => ({ value: hr, ok: true, text: `${Math.round(hr * 100)}%` }),
    ),
  },
  cdnInvalidation: {
    label: 'CDN',
    better: 'higher',
    // Probed from CloudFront by the operation (EffectSpec.probe): no source publishes it.
    read: () => undefined,
  },
});
