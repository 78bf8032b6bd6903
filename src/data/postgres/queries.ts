// The SQL the console runs, and the pure functions that turn rows into a PgSnapshot. Kept few
// and cheap (measured in bench/postgres.bench.ts against pg_activity):
//   once per connection: INFO_SQL (version, limits, role, pg_stat_statements presence);
//   every refresh:       ACTIVITY_SQL (one pass over pg_stat_activity; pg_blocking_pids only
//                        for backends waiting on a lock, as it takes the lock manager's state);
//   only when a backend waits on a lock: LOCKS_SQL (pg_locks WHERE NOT granted);
//   every few refreshes: SIZE_SQL, and statementsSql() when pg_stat_statements is installed.
// Works with least privilege (pg_monitor on RDS): what a role may not see is counted as hidden.
import type {
  PgCount,
  PgLockWait,
  PgSession,
  PgSnapshot,
  PgState,
  PgStatement,
  PgTreeNode,
} from './types.js';

export const INFO_SQL = `SELECT current_setting('server_version_num')::int AS version,
  current_setting('max_connections')::int AS max_connections,
  current_setting('superuser_reserved_connections')::int
    + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int AS reserved,
  current_database() AS database, current_user AS role,
  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
  EXISTS (SELECT 1 FROM pg_roles m WHERE m.rolname IN ('pg_read_all_stats', 'pg_monitor')
          AND pg_has_role(current_user, m.oid, 'MEMBER')) AS monitor,
  (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_stat_statements') AS pgss_schema,
  (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_version`;

export interface PgInfo {
  version: number;
  maxConnections: number;
  reserved: number;
  database: string;
  role: string;
  superuser: boolean;
  monitor: boolean;
  pgssSchema?: string;
  pgssVersion?: string;
}

export function parseInfo(r: Record<string, unknown>): PgInfo {
  return {
    version: Number(r.version),
    maxConnections: Number(r.max_connections),
    reserved: Number(r.reserved),
    database: String(r.database ?? ''),
    role: String(r.role ?? ''),
    superuser: r.superuser === true,
    monitor: r.monitor === true,
    pgssSchema: typeof r.pgss_schema === 'string' ? r.pgss_schema : undefined,
    pgssVersion: typeof r.pgss_version === 'string' ? r.pgss_version : undefined,
  };
}

const QUERY_CHARS = 2048;

/**
 * One pass over pg_stat_activity. PG 10+ filters client backends by backend_type; rows the
 * role may not see have no backend_type, so a row with a database and a user but no
 * backend_type counts as a hidden client session (autovacuum workers have no user; the
 * launchers have no database).
 */
export function activitySql(version: number): string {
  const clientOnly =
    version >= 100000
      ? `(a.backend_type = 'client backend' OR (a.backend_type IS NULL AND a.datname IS NOT NULL AND a.usename IS NOT NULL))`
      : 'true';
  return `SELECT (extract(epoch FROM s.now) * 1000)::float8 AS now_ms,
  a.pid, a.usename, a.application_name, a.client_addr::text AS client_addr, a.client_hostname,
  a.client_port, a.datname, a.state, a.wait_event_type, a.wait_event,
  (extract(epoch FROM a.backend_start) * 1000)::float8 AS backend_start,
  (extract(epoch FROM a.query_start) * 1000)::float8 AS query_start,
  (extract(epoch FROM a.xact_start) * 1000)::float8 AS xact_start,
  (extract(epoch FROM a.state_change) * 1000)::float8 AS state_change,
  (extract(epoch FROM s.now - a.query_start) * 1000)::float8 AS query_ms,
  (extract(epoch FROM s.now - a.xact_start) * 1000)::float8 AS xact_ms,
  left(a.query, ${QUERY_CHARS}) AS query,
  CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END AS blocked_by,
  a.pid = pg_backend_pid() AS self
FROM (SELECT clock_timestamp() AS now) s
LEFT JOIN pg_stat_activity a ON ${clientOnly}`;
}

/**
 * Ungranted locks, and the tuple locks of waiting backends (a row-lock waiter waits on a
 * transaction id; its tuple lock names the relation). Relations of other databases are
 * named by OID: regclass only resolves names in the current database.
 */
export const LOCKS_SQL = `SELECT l.pid, l.locktype, l.mode, l.granted,
  CASE WHEN l.relation IS NULL THEN NULL
       WHEN l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         THEN l.relation::regclass::text
       ELSE 'oid ' || l.relation || ' in ' || coalesce((SELECT datname FROM pg_database d WHERE d.oid = l.database), '?')
  END AS relation,
  CASE l.locktype
    WHEN 'transactionid' THEN 'xid ' || l.transactionid
    WHEN 'virtualxid' THEN 'vxid ' || l.virtualxid
    WHEN 'tuple' THEN 'tuple (' || l.page || ',' || l.tuple || ')'
    WHEN 'advisory' THEN 'advisory ' || l.classid || ':' || l.objid
    WHEN 'page' THEN 'page ' || l.page
    ELSE NULL END AS target
FROM pg_locks l
WHERE NOT l.granted OR l.locktype = 'tuple'`;

export const SIZE_SQL = `SELECT pg_database_size(current_database())::float8 AS bytes`;

function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Top statements by total time: PG 13+ (pg_stat_statements 1.8+) renamed the time columns. */
export function statementsSql(schema: string, extVersion: string, limit = 25): string {
  const [maj = 0, min = 0] = extVersion.split('.').map(Number);
  const modern = maj > 1 || (maj === 1 && min >= 8);
  const total = modern ? 'total_exec_time' : 'total_time';
  const mean = modern ? 'mean_exec_time' : 'mean_time';
  return `SELECT queryid::text AS queryid, left(query, 1024) AS query, calls::float8 AS calls,
  ${total}::float8 AS total_ms, ${mean}::float8 AS mean_ms, rows::float8 AS rows
FROM ${ident(schema)}.pg_stat_statements ORDER BY ${total} DESC LIMIT ${limit}`;
}

const STATES: PgState[] = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
];

const num = (v: unknown): number | undefined =>
  v === null || v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** pg returns int[] as number[]; older drivers or types may give '{1,2}'. */
export function parsePidArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number).filter((n) => Number.isFinite(n));
  if (typeof v === 'string')
    return v
      .replace(/[{}]/g, '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((n) => Number.isFinite(n));
  return [];
}

export function parseSession(r: Record<string, unknown>): PgSession {
  const raw = str(r.state);
  const state: PgState = (STATES as string[]).includes(raw) ? (raw as PgState) : 'hidden';
  const addr = str(r.client_addr);
  const host = str(r.client_hostname);
  // client_port -1: a Unix socket; no address and no port: hidden (or an internal process).
  const client = addr ? host || addr.replace(/\/(32|128)$/, '') : Number(r.client_port) === -1 ? 'local' : '';
  return {
    pid: Number(r.pid),
    user: str(r.usename),
    application: str(r.application_name),
    client,
    database: str(r.datname),
    state,
    waitEventType: str(r.wait_event_type) || undefined,
    waitEvent: str(r.wait_event) || undefined,
    backendStart: num(r.backend_start),
    queryStart: num(r.query_start),
    xactStart: num(r.xact_start),
    stateChange: num(r.state_change),
    queryMs: num(r.query_ms),
    xactMs: num(r.xact_ms),
    query: str(r.query),
    blockedBy: parsePidArray(r.blocked_by),
    self: r.self === true,
  };
}

export function parseLocks(rows: Record<string, unknown>[]): PgLockWait[] {
  // Ungranted locks; a waiter without a relation borrows the one of its granted tuple lock.
  const tupleRel = new Map<number, string>();
  for (const r of rows)
    if (r.granted === true && r.locktype === 'tuple' && r.relation)
      tupleRel.set(Number(r.pid), str(r.relation));
  return rows
    .filter((r) => r.granted !== true)
    .map((r) => ({
      pid: Number(r.pid),
      locktype: str(r.locktype),
      mode: str(r.mode),
      relation: str(r.relation) || tupleRel.get(Number(r.pid)) || undefined,
      target: str(r.target) || undefined,
    }));
}

export function parseStatement(r: Record<string, unknown>): PgStatement {
  return {
    queryid: str(r.queryid),
    query: str(r.query),
    calls: num(r.calls) ?? 0,
    totalMs: num(r.total_ms) ?? 0,
    meanMs: num(r.mean_ms) ?? 0,
    rows: num(r.rows) ?? 0,
  };
}

function countBy(sessions: PgSession[], key: (s: PgSession) => string): PgCount[] {
  const m = new Map<string, number>();
  for (const s of sessions) {
    const k = key(s);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The connection-related part of a snapshot, from parsed sessions. */
export function summarize(
  sessions: PgSession[],
): Pick<PgSnapshot, 'total' | 'byState' | 'byApplication' | 'byUser' | 'byClient' | 'hidden'> {
  const byState: Partial<Record<PgState, number>> = {};
  for (const s of sessions) byState[s.state] = (byState[s.state] ?? 0) + 1;
  return {
    total: sessions.length,
    byState,
    byApplication: countBy(sessions, (s) => s.application || '(none)'),
    byUser: countBy(sessions, (s) => s.user || '(unknown)'),
    byClient: countBy(sessions, (s) => s.client || (s.state === 'hidden' ? '(hidden)' : 'local')),
    hidden: byState.hidden ?? 0,
  };
}

/** Sessions running a query (not idle), longest first. */
export function longRunning(sessions: PgSession[]): PgSession[] {
  return sessions
    .filter((s) => s.state !== 'idle' && s.state !== 'hidden' && !s.self && s.queryMs !== undefined)
    .filter((s) => !s.state.startsWith('idle in transaction'))
    .sort((a, b) => (b.queryMs ?? 0) - (a.queryMs ?? 0));
}

/** Idle in transaction (and aborted), oldest transaction first. */
export function idleInTransaction(sessions: PgSession[]): PgSession[] {
  return sessions
    .filter((s) => s.state.startsWith('idle in transaction'))
    .sort((a, b) => (b.xactMs ?? 0) - (a.xactMs ?? 0));
}

/**
 * The blocking tree from pg_blocking_pids: roots are sessions that block others and wait for
 * no one (the head of each chain); children are the sessions waiting on them. A session with
 * two blockers appears under each (marked repeat after the first); cycles stop.
 */
export function lockTree(sessions: PgSession[], locks: PgLockWait[]): PgTreeNode[] {
  const byPid = new Map(sessions.map((s) => [s.pid, s]));
  const waitOf = new Map<number, PgLockWait>();
  for (const l of locks)
    if (!waitOf.has(l.pid) || (!waitOf.get(l.pid)!.relation && l.relation)) waitOf.set(l.pid, l);
  const children = new Map<number, number[]>();
  const waiting = new Set<number>();
  for (const s of sessions) {
    if (!s.blockedBy.length) continue;
    waiting.add(s.pid);
    for (const b of s.blockedBy) {
      const list = children.get(b) ?? [];
      list.push(s.pid);
      children.set(b, list);
    }
  }
  if (!children.size) return [];
  const countBehind = (pid: number, seen = new Set<number>()): number => {
    for (const c of children.get(pid) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      countBehind(c, seen);
    }
    return seen.size;
  };
  let roots = [...children.keys()].filter((p) => !waiting.has(p));
  // Pure cycles (deadlock not yet detected): start from the lowest pid.
  if (!roots.length) roots = [Math.min(...children.keys())];
  roots.sort((a, b) => countBehind(b) - countBehind(a) || a - b);
  const out: PgTreeNode[] = [];
  const shown = new Set<number>();
  const walk = (pid: number, depth: number, path: Set<number>) => {
    const repeat = shown.has(pid);
    out.push({
      pid,
      depth,
      session: byPid.get(pid),
      wait: waitOf.get(pid),
      blocking: countBehind(pid),
      ...(repeat ? { repeat: true } : {}),
    });
    shown.add(pid);
    if (repeat || path.has(pid)) return;
    path.add(pid);
    const kids = [...(children.get(pid) ?? [])].sort(
      (a, b) => (byPid.get(b)?.queryMs ?? 0) - (byPid.get(a)?.queryMs ?? 0) || a - b,
    );
    for (const c of kids) walk(c, depth + 1, path);
    path.delete(pid);
  };
  for (const r of roots) if (!shown.has(r)) walk(r, 0, new Set());
  // Waiters whose blockers we cannot see (other database, hidden): still listed.
  for (const p of waiting) if (!shown.has(p)) walk(p, 0, new Set());
  return out;
}

/** A session of the snapshot by the pid a pane selected (row ids of session rows are pids). */
export function sessionByPid(
  snap: Pick<PgSnapshot, 'sessions'>,
  id: string | number | undefined,
): PgSession | undefined {
  const pid = typeof id === 'number' ? id : /^\d+$/.test(id ?? '') ? Number(id) : NaN;
  return Number.isFinite(pid) ? snap.sessions.find((s) => s.pid === pid) : undefined;
}

/** The usable connection slots: max_connections minus those reserved for superusers. */
export function usableConnections(s: Pick<PgSnapshot, 'maxConnections' | 'reservedConnections'>): number {
  return Math.max(1, s.maxConnections - (s.reservedConnections || 0));
}

export interface ConnectionUse {
  used: number;
  usable: number;
  ratio: number;
  /** '1/97': what the pane, the detections, the checklist and the status updates all quote. */
  text: string;
}

/** Client connections against the usable slots: the one connections figure everywhere. */
export function connectionUse(
  s: Pick<PgSnapshot, 'total' | 'maxConnections' | 'reservedConnections'>,
): ConnectionUse {
  const usable = usableConnections(s);
  return { used: s.total, usable, ratio: s.total / usable, text: `${s.total}/${usable}` };
}
