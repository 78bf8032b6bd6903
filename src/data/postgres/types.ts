// What the PostgreSQL source publishes: one snapshot per refresh, built from a handful of
// cheap queries (see queries.ts). Text is raw here (query text, names); panes sanitize it.

/** Connection states as pg_stat_activity names them, plus 'hidden' (no privilege to see). */
export type PgState =
  | 'active'
  | 'idle'
  | 'idle in transaction'
  | 'idle in transaction (aborted)'
  | 'fastpath function call'
  | 'disabled'
  | 'hidden';

export interface PgSession {
  pid: number;
  user: string;
  application: string;
  /** Client address (or 'local' for a Unix socket), '' when hidden. */
  client: string;
  database: string;
  state: PgState;
  waitEventType?: string;
  waitEvent?: string;
  /** When the backend started (epoch ms): with the pid, identifies it (pids are reused). */
  backendStart?: number;
  /** Epoch ms; undefined when hidden or never ran a query. */
  queryStart?: number;
  xactStart?: number;
  stateChange?: number;
  /** now() - query_start on the server's clock (ms). */
  queryMs?: number;
  /** now() - xact_start on the server's clock (ms). */
  xactMs?: number;
  /** Raw query text, cut to a few KiB; '<insufficient privilege>' when the role may not see it. */
  query: string;
  /** Pids holding the lock this session waits for (only asked for backends waiting on a lock). */
  blockedBy: number[];
  /** Whether this is the console's own connection. */
  self: boolean;
}

/** A lock that is not granted (pg_locks WHERE NOT granted). */
export interface PgLockWait {
  pid: number;
  locktype: string;
  mode: string;
  /** The relation's name when the lock is on a relation (schema-qualified when needed). */
  relation?: string;
  /** Other lock targets in words: transaction id, tuple, virtualxid… */
  target?: string;
}

export interface PgStatement {
  queryid: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

export interface PgStatements {
  available: boolean;
  /** Why they are not shown, in words (not installed, not preloaded, no privilege). */
  reason?: string;
  rows: PgStatement[];
}

export interface PgCount {
  key: string;
  count: number;
}

export interface PgSnapshot {
  /** Server time of the refresh (epoch ms). */
  at: number;
  serverVersion: number;
  database: string;
  /** The role the console connects as, and whether it can see every session's details. */
  role: { name: string; superuser: boolean; monitor: boolean };
  maxConnections: number;
  /** superuser_reserved_connections + reserved_connections (PG 16+). */
  reservedConnections: number;
  /** Client backends counted against max_connections (includes the console's own one). */
  total: number;
  byState: Partial<Record<PgState, number>>;
  byApplication: PgCount[];
  byUser: PgCount[];
  byClient: PgCount[];
  /** Sessions whose details the role may not see (`<insufficient privilege>`). */
  hidden: number;
  /** Totals of the last refreshes, oldest first (for the sparkline). */
  history: number[];
  /** Client sessions (all of them; panes pick and sort). */
  sessions: PgSession[];
  locks: PgLockWait[];
  databaseSize?: number;
  statements: PgStatements;
  /** Thresholds from the config: queries running / transactions idle longer are flagged. */
  longQueryMs: number;
  idleInTransactionMs: number;
}

/** A row of the blocking tree: blockers at depth 0, who they block below them. */
export interface PgTreeNode {
  pid: number;
  depth: number;
  session?: PgSession;
  /** The lock this session waits for (mode and relation), when it waits. */
  wait?: PgLockWait;
  /** How many sessions wait behind this one, directly or not. */
  blocking: number;
  /** This pid already appears above (a cycle or a second blocker). */
  repeat?: boolean;
}
