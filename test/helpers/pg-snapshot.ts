// PostgreSQL sessions and snapshots for the pane's tests: an active session of app/api on
// prod (anything overridden), and a snapshot of a PostgreSQL 15 server holding them.
import { summarize } from '../../src/data/postgres/queries.js';
import type { PgSession, PgSnapshot } from '../../src/data/postgres/types.js';

/** An active session (SELECT 1 for a second), with `p` overriding. */
export function sess(pid: number, p: Partial<PgSession> = {}): PgSession {
  return {
    pid,
    user: 'app',
    application: 'api',
    client: '10.0.0.5',
    database: 'prod',
    state: 'active',
    query: 'SELECT 1',
    blockedBy: [],
    self: false,
    queryMs: 1000,
    xactMs: 1000,
    ...p,
  };
}

/** A snapshot of these sessions (their counts summarized), with `extra` overriding. */
export function snap(sessions: PgSession[], extra: Partial<PgSnapshot> = {}): PgSnapshot {
  return {
    at: 1_000_000,
    serverVersion: 150004,
    database: 'prod',
    role: { name: 'monitor', superuser: false, monitor: true },
    maxConnections: 100,
    reservedConnections: 3,
    ...summarize(sessions),
    history: [1, 3, 5, 9, sessions.length],
    sessions,
    locks: [],
    databaseSize: 1.5 * 1024 ** 3,
    statements: {
      available: false,
      reason: 'pg_stat_statements is not installed in database prod',
      rows: [],
    },
    longQueryMs: 30_000,
    idleInTransactionMs: 30_000,
    ...extra,
  };
}
