// One pure summary per pane, from the data of its sources: its level (problem / warn / ok), a
// few words with the count (`3 failing`, `1 DOWN`, `5/97`) for the status board and the tab of
// the pane, and how many rows of content it wants (the layout gives it that much when it can).
// Computed on every store update for every pane: each reads only counts, cached per snapshot.
import { rolloutState } from '../data/kubernetes/status.js';
import {
  DEPLOYMENTS_SOURCE,
  EVENTS_SOURCE,
  METRICS_SOURCE,
  PODS_SOURCE,
  type DeploymentsData,
  type EventsData,
  type MetricsData,
  type PodsData,
} from '../data/kubernetes/types.js';
import type { IngressData } from '../data/kubernetes/ingress.js';
import { INGRESS_SOURCE } from '../data/kubernetes/types.js';
import { ingressSummary } from '../data/kubernetes/ingress-status.js';
import { HEALTH_SOURCE, type HealthData } from '../data/health/source.js';
import { CDN_SOURCE, type CdnSnapshot } from '../data/cdn/status.js';
import { CHAIN_SOURCE } from '../data/chain/source.js';
import type { ChainSnapshot } from '../data/chain/types.js';
import { POSTGRES_SOURCE } from '../data/postgres/source.js';
import type { PgSnapshot } from '../data/postgres/types.js';
import { RDS_OK_STATUS, RDS_SOURCE, type RdsSnapshot } from '../data/rds/types.js';
import { REDIS_SOURCE, type RedisSnapshot } from '../data/redis/types.js';
import { LOGS_CLOUDWATCH, LOGS_K8S, type LogsSnapshot } from '../data/logs/types.js';
import { INCIDENT, type IncidentSlice } from '../incident/controller.js';
import type { AppState } from '../store/store.js';
import type { PaneLevel } from '../ui/layout.js';
import { foldWarnings } from './events/columns.js';
import { podTotals } from './pods/columns.js';
import { ingressRows } from './deployments/ingress.js';

export interface PaneSummary {
  level: PaneLevel;
  /** A few words with the count, e.g. `3 failing`, `1 DOWN`, `5/97`. */
  text: string;
  /** Rows of content the pane wants (inside its frame). */
  rows: number;
}

export type Summarize = (s: AppState) => PaneSummary | undefined;

/** Caches a summary per data object (snapshots are replaced, never mutated). */
function perData<T extends object>(fn: (d: T) => PaneSummary): (d: T | undefined) => PaneSummary | undefined {
  const cache = new WeakMap<T, PaneSummary>();
  return (d) => {
    if (!d) return undefined;
    let v = cache.get(d);
    if (!v) cache.set(d, (v = fn(d)));
    return v;
  };
}
const data = <T>(s: AppState, id: string) => s.sources[id]?.data as T | undefined;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const pods = perData<PodsData>((d) => {
  const t = podTotals(d.pods);
  return t.failing
    ? { level: 'problem', text: `${t.failing} failing`, rows: 2 + t.total }
    : { level: 'ok', text: plural(t.total, 'pod'), rows: 2 + t.total };
});

const deployments = perData<DeploymentsData>((d) => {
  let stalled = 0;
  let moving = 0;
  let unavailable = 0;
  for (const x of d.deployments) {
    const r = rolloutState(x);
    if (r.phase === 'stalled') stalled++;
    else if (r.phase === 'progressing') moving++;
    else if (r.unavailable) unavailable++;
  }
  const rows = 2 + d.deployments.length;
  if (stalled) return { level: 'problem', text: `${stalled} stalled`, rows };
  if (unavailable) return { level: 'problem', text: `${unavailable} unavailable`, rows };
  if (moving) return { level: 'warn', text: `${moving} rolling`, rows };
  return { level: 'ok', text: `${d.deployments.length} ok`, rows };
});

/**
 * The Deployments pane also shows the ingress routes in front of them: a route whose backend
 * Service has no ready endpoint makes the pane a problem (`1 route down`), partly ready ones
 * a warning; the pane wants rows for its routes too.
 */
function withIngress(dep: PaneSummary | undefined, ing: IngressData | undefined): PaneSummary | undefined {
  if (!dep || !ing) return dep;
  const s = ingressSummary(ing);
  const rows = dep.rows + ingressRows(ing);
  if (s.down) {
    const down = `${s.down} ${s.down === 1 ? 'route' : 'routes'} down`;
    return { level: 'problem', text: dep.level === 'problem' ? `${dep.text} · ${down}` : down, rows };
  }
  if (s.degraded && dep.level === 'ok')
    return { level: 'warn', text: `${s.degraded} ${s.degraded === 1 ? 'route' : 'routes'} degraded`, rows };
  return { ...dep, rows };
}

const events = perData<EventsData>((d) => {
  const f = foldWarnings(d.events);
  const n = f.reduce((s, x) => s + x.count, 0);
  return f.length
    ? { level: 'warn', text: plural(n, 'warning'), rows: 2 + f.length }
    : { level: 'ok', text: 'no warnings', rows: 1 };
});

const top = perData<MetricsData>((d) =>
  d.available
    ? { level: 'ok', text: plural(d.pods.length, 'pod'), rows: 2 + d.pods.length }
    : { level: 'ok', text: 'no metrics', rows: 2 },
);

const health = perData<HealthData>((d) => {
  const down = d.endpoints.filter((e) => !e.up).length;
  const rows = 2 + d.endpoints.length;
  return down
    ? { level: 'problem', text: `${down} DOWN`, rows }
    : { level: 'ok', text: `${d.endpoints.length} up`, rows };
});

const chain = perData<ChainSnapshot>((d) => {
  const bad = d.alerts.filter((a) => a.level === 'bad').length;
  const warn = d.alerts.length - bad;
  const rows = 4 + d.endpoints.length;
  if (bad) return { level: 'problem', text: plural(bad, 'alert'), rows };
  if (warn) return { level: 'warn', text: plural(warn, 'warning'), rows };
  return { level: 'ok', text: d.highest !== undefined ? `#${d.highest}` : 'no head', rows };
});

/** Sessions idle in transaction that make the Postgres pane a problem (the detection's default). */
const IDLE_TX_PROBLEM = 5;

const postgres = perData<PgSnapshot>((d) => {
  const blocked = d.sessions.filter((x) => x.blockedBy.length).length;
  const usable = Math.max(1, d.maxConnections - d.reservedConnections);
  const full = d.total >= usable * 0.9;
  // Sessions idle in transaction past the threshold hold their connection (and their locks):
  // a handful means an application pool is leaking (the drill db-exhaustion, detections too).
  const idleTx = d.sessions.filter(
    (x) => x.state.startsWith('idle in transaction') && (x.xactMs ?? 0) >= d.idleInTransactionMs,
  ).length;
  const text = `${d.total}/${usable}${blocked ? ` · ${blocked} blocked` : ''}${idleTx ? ` · ${idleTx} idle-in-tx` : ''}`;
  const long = d.sessions.filter((x) => x.state === 'active' && (x.queryMs ?? 0) >= d.longQueryMs).length;
  // Blocked sessions: room for the overview, the blocking tree and the longest queries.
  const rows = blocked ? 15 + Math.min(10, blocked) : 8 + Math.min(8, long + idleTx);
  const level: PaneLevel = blocked || full || idleTx >= IDLE_TX_PROBLEM ? 'problem' : idleTx ? 'warn' : 'ok';
  return { level, text, rows };
});

/** The RDS instance's part: a status other than available is a problem; its lines' rows. */
const rds = perData<RdsSnapshot>((d) => {
  const i = d.instance;
  // Rows asked for: the status line, a failure, pending changes; events and maintenance are
  // shown when the pane has room, they do not take room from other panes.
  const rows = 1 + (i && d.error ? 1 : 0) + (i?.pending.length ? 1 : 0);
  if (!i) return { level: 'ok', text: '', rows };
  return i.status === RDS_OK_STATUS
    ? { level: 'ok', text: '', rows }
    : { level: 'problem', text: `RDS ${i.status}`, rows };
});

const RANK: Record<PaneLevel, number> = { problem: 2, warn: 1, ok: 0 };
/**
 * A pane's summary with the part of a second source (RDS under Postgres, CloudFront under
 * Health): the worse level, the part's words first, both parts' rows. Cached on the pair.
 */
function joined(alone: string) {
  let last: [PaneSummary | undefined, PaneSummary | undefined, PaneSummary | undefined] | undefined;
  return (main: PaneSummary | undefined, part: PaneSummary | undefined): PaneSummary | undefined => {
    if (last && last[0] === main && last[1] === part) return last[2];
    let out = main;
    if (part && main)
      out = {
        level: RANK[part.level] > RANK[main.level] ? part.level : main.level,
        text: part.text ? `${part.text} · ${main.text}` : main.text,
        rows: main.rows + part.rows,
      };
    else if (part) out = { ...part, text: part.text || alone, rows: part.rows + 1 };
    last = [main, part, out];
    return out;
  };
}
const postgresAndRds = joined('RDS available');

/** The CloudFront distribution's part of the health pane: the rows it asks for. */
const cdn = perData<CdnSnapshot>((d) => ({
  level: 'ok',
  text: '',
  // The status line, a failure, invalidations in progress (completed ones only when room).
  rows:
    1 +
    (d.error && d.status ? 1 : 0) +
    Math.min(2, d.invalidations.filter((x) => x.status !== 'Completed').length),
}));
const healthAndCdn = joined('CloudFront');

const redis = perData<RedisSnapshot>((d) => {
  const i = d.info;
  const pct =
    i.maxmemory && i.usedMemory !== undefined ? Math.round((100 * i.usedMemory) / i.maxmemory) : undefined;
  const bad = d.alerts.some((a) => a.level === 'bad');
  const text = pct !== undefined ? `${pct}%` : 'mem —';
  return {
    level: bad ? 'problem' : d.alerts.length ? 'warn' : 'ok',
    text,
    // The essentials, then (from 15 rows) the slowest commands: a heading and one row each.
    rows: 8 + Math.min(4, d.alerts.length) + (d.slowlog.length ? 1 + d.slowlog.length : 0),
  };
});

const logs = perData<LogsSnapshot>((d) =>
  d.errorsLastMinute
    ? { level: 'problem', text: `${d.errorsLastMinute}/min`, rows: 40 }
    : { level: 'ok', text: 'no errors', rows: 6 },
);

const timeline = perData<IncidentSlice>((sl) => {
  const s = sl.state;
  if (!s) return { level: 'ok', text: 'no incident', rows: 2 };
  const active = s.activeDetections.size;
  const rows = 2 + s.events.length;
  return active
    ? { level: 'problem', text: plural(active, 'detection'), rows }
    : { level: 'ok', text: plural(s.events.length, 'event'), rows };
});

/** The newest of the two logs snapshots (both sources feed one pipeline). */
function logsData(s: AppState): LogsSnapshot | undefined {
  const a = data<LogsSnapshot>(s, LOGS_K8S);
  const b = data<LogsSnapshot>(s, LOGS_CLOUDWATCH);
  if (!a) return b;
  if (!b) return a;
  return a.version >= b.version ? a : b;
}

export const summaries: Record<string, Summarize> = {
  pods: (s) => pods(data(s, PODS_SOURCE)),
  deployments: (s) => withIngress(deployments(data(s, DEPLOYMENTS_SOURCE)), data(s, INGRESS_SOURCE)),
  events: (s) => events(data(s, EVENTS_SOURCE)),
  top: (s) => top(data(s, METRICS_SOURCE)),
  health: (s) => healthAndCdn(health(data(s, HEALTH_SOURCE)), cdn(data(s, CDN_SOURCE))),
  chain: (s) => chain(data(s, CHAIN_SOURCE)),
  postgres: (s) => postgresAndRds(postgres(data(s, POSTGRES_SOURCE)), rds(data(s, RDS_SOURCE))),
  redis: (s) => redis(data(s, REDIS_SOURCE)),
  logs: (s) => logs(logsData(s)),
  timeline: (s) => timeline(s.slices[INCIDENT]),
};
