// Shared by the PostgreSQL operations: where to connect, the target's context (the database
// name), the short-lived action connection, and the preview of the backends an op would hit.
import type pg from 'pg';
import type { ActionEnv, Target } from '../../../ops/operation.js';
import { withPgClient } from '../connection.js';

export function pgUrl(env: ActionEnv): string | undefined {
  return env.postgresUrl ?? env.config.postgres?.url;
}

/** The database the console is connected to (the "context" typed for destructive actions). */
export function pgDatabase(env: ActionEnv): string {
  const url = pgUrl(env);
  if (!url || url === 'libpq-env') return process.env.PGDATABASE || process.env.PGUSER || 'postgres';
  try {
    const u = new URL(url);
    return decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  } catch {
    return 'postgres';
  }
}

export function pgTarget(
  env: ActionEnv,
  kind: string,
  name: string,
  confirmName: string,
): Target | undefined {
  if (!pgUrl(env)) return undefined;
  return { backend: 'postgres', context: pgDatabase(env), kind, name, confirmName };
}

export function withActionClient<T>(env: ActionEnv, signal: AbortSignal, fn: (c: pg.Client) => Promise<T>) {
  const url = pgUrl(env);
  if (!url) throw new Error('PostgreSQL is not configured (postgres.url)');
  return withPgClient(url, fn, { signal, statementTimeoutMs: 10_000 });
}

export interface Backend {
  pid: number;
  user: string;
  database: string;
  state: string;
  seconds: number;
  query: string;
}

const COLS = `pid, coalesce(usename, '') AS user, coalesce(datname, '') AS database,
  coalesce(state, '') AS state, coalesce(query, '') AS query,
  floor(extract(epoch FROM now() - coalesce(%TIME%, now())))::int AS seconds`;

export function backendsQuery(where: string, time = 'query_start'): string {
  return `SELECT ${COLS.replace('%TIME%', time)} FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND ${where} ORDER BY pid`;
}

export function describeBackend(b: Backend): string {
  const q = b.query.replace(/\s+/g, ' ').trim();
  return `pid ${b.pid}  ${b.user}@${b.database}  ${b.state} ${b.seconds}s  ${q.length > 120 ? q.slice(0, 119) + '…' : q}`;
}

/** Query parameters psql may keep (connection behaviour, never credentials). */
const PSQL_PARAMS = new Set(['sslmode', 'connect_timeout', 'application_name', 'target_session_attrs']);

/**
 * Where psql connects, without the secret: `postgres://user@host:port/db` (the password comes
 * from the responder's own PGPASSWORD or ~/.pgpass), or `-d DB` when libpq's environment is used.
 */
export function psqlTarget(env: ActionEnv): string {
  const url = pgUrl(env);
  if (url && url !== 'libpq-env') {
    try {
      const u = new URL(url);
      u.password = '';
      for (const k of [...u.searchParams.keys()]) if (!PSQL_PARAMS.has(k)) u.searchParams.delete(k);
      u.hash = '';
      return `"${u.toString()}"`;
    } catch {
      // fall through: name the database only
    }
  }
  return `-d ${pgDatabase(env)}`;
}

/** The psql line for a statement (what the responder can paste; runnable without the secret). */
export function psql(env: ActionEnv, sql: string): string {
  return `psql ${psqlTarget(env)} -c "${sql.replace(/\s+/g, ' ').replace(/"/g, '\\"')}"`;
}
