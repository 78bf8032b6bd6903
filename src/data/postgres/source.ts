// The PostgreSQL source: exactly one connection of its own (application_name=warroom, a short
// statement_timeout), polled by pollSource (never two refreshes in flight, capped backoff with
// jitter on failure). A refresh that does not answer in time destroys the socket, so the next
// attempt reconnects; a failed connect never leaves a socket behind. When the server is full,
// the console holds no connection at all and says so.
import type pg from 'pg';
import type { Config } from '../../config/schema.js';
import { pollSource, type Source } from '../source.js';
import {
  connectClient,
  describePgError,
  destroyClient,
  PgError,
  target,
  clientConfig,
} from './connection.js';
import {
  activitySql,
  INFO_SQL,
  LOCKS_SQL,
  parseInfo,
  parseLocks,
  parseSession,
  parseStatement,
  SIZE_SQL,
  statementsSql,
  summarize,
  type PgInfo,
} from './queries.js';
import type { PgSnapshot, PgStatements } from './types.js';

export const POSTGRES_SOURCE = 'postgres';

export type PostgresConfig = NonNullable<Config['postgres']>;

export interface PostgresSourceOptions {
  /** How often the database size and top statements are refreshed (they cost more). */
  slowEveryMs?: number;
  historyLength?: number;
  backoffCapMs?: number;
  /** Called with every statement the source sends (tests, benchmarks). */
  onQuery?: (sql: string) => void;
}

export function postgresSource(cfg: PostgresConfig, opts: PostgresSourceOptions = {}): Source {
  const url = cfg.url ?? 'libpq-env';
  const statementTimeoutMs = cfg.statementTimeoutMs;
  // One refresh (connect included) must finish within this budget, or the socket is destroyed.
  const budgetMs = Math.max(statementTimeoutMs + 1000, 2000);
  const slowEveryMs = opts.slowEveryMs ?? 10_000;
  const historyLength = opts.historyLength ?? 120;

  let client: pg.Client | undefined;
  let info: PgInfo | undefined;
  let lost: PgError | undefined;
  let where = '';
  let slowAt = 0;
  let size: number | undefined;
  let statements: PgStatements = { available: false, reason: 'not read yet', rows: [] };
  const history: number[] = [];

  const drop = () => {
    destroyClient(client);
    client = undefined;
    info = undefined;
  };

  const q = async (c: pg.Client, sql: string) => {
    opts.onQuery?.(sql);
    return (await c.query(sql)).rows as Record<string, unknown>[];
  };

  const refresh = async (signal: AbortSignal): Promise<PgSnapshot> => {
    if (lost) {
      // The connection died while idle (server restart, cut): report it once, then reconnect.
      const e = lost;
      lost = undefined;
      drop();
      throw e;
    }
    if (!client) {
      where ||= target(await clientConfig({ url }));
      let c: pg.Client | undefined = undefined;
      c = await connectClient({ url, statementTimeoutMs, connectTimeoutMs: budgetMs }, signal, (err) => {
        if (c && client === c && !lost) lost = describePgError(err);
      });
      client = c;
      const [row] = await q(c, INFO_SQL);
      info = parseInfo(row ?? {});
      slowAt = 0;
    }
    const c = client;
    const i = info!;
    const rows = await q(c, activitySql(i.version));
    const now = Number(rows[0]?.now_ms ?? Date.now());
    const sessions = rows.filter((r) => r.pid !== null && r.pid !== undefined).map(parseSession);
    const waiting = sessions.some((s) => s.waitEventType === 'Lock');
    const locks = waiting ? parseLocks(await q(c, LOCKS_SQL)) : [];
    if (Date.now() - slowAt >= slowEveryMs) {
      slowAt = Date.now();
      size = Number((await q(c, SIZE_SQL))[0]?.bytes ?? NaN);
      statements = await readStatements(c, i);
    }
    const sum = summarize(sessions);
    history.push(sum.total);
    if (history.length > historyLength) history.splice(0, history.length - historyLength);
    return {
      at: now,
      serverVersion: i.version,
      database: i.database,
      role: { name: i.role, superuser: i.superuser, monitor: i.superuser || i.monitor },
      maxConnections: i.maxConnections,
      reservedConnections: i.reserved,
      ...sum,
      history: [...history],
      sessions,
      locks,
      databaseSize: Number.isFinite(size) ? size : undefined,
      statements,
      longQueryMs: cfg.longQuerySeconds * 1000,
      idleInTransactionMs: cfg.idleInTransactionSeconds * 1000,
    };
  };

  const readStatements = async (c: pg.Client, i: PgInfo): Promise<PgStatements> => {
    if (!i.pgssSchema || !i.pgssVersion)
      return {
        available: false,
        reason: `pg_stat_statements is not installed in database ${i.database}`,
        rows: [],
      };
    try {
      const rows = await q(c, statementsSql(i.pgssSchema, i.pgssVersion));
      return { available: true, rows: rows.map(parseStatement) };
    } catch (err) {
      const e = describePgError(err);
      if (e.fatal) throw e;
      const msg = /shared_preload_libraries/.test(e.message)
        ? 'pg_stat_statements is installed but not loaded (shared_preload_libraries)'
        : `pg_stat_statements: ${e.message}`;
      return { available: false, reason: msg, rows: [] };
    }
  };

  const fetch = async (signal: AbortSignal): Promise<PgSnapshot> => {
    const inner = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const onOuter = () => inner.abort(signal.reason);
    signal.addEventListener('abort', onOuter, { once: true });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new PgError(
          `PostgreSQL did not answer within ${budgetMs} ms (${where}) — the server or the network stopped answering; reconnecting`,
          'timeout',
        );
        inner.abort(e);
        reject(e);
      }, budgetMs);
    });
    // Whatever ends the refresh early (deadline, stop) destroys the socket: never two connections.
    inner.signal.addEventListener('abort', drop, { once: true });
    try {
      return await Promise.race([refresh(inner.signal), deadline]);
    } catch (err) {
      const e =
        inner.signal.aborted && inner.signal.reason instanceof PgError
          ? inner.signal.reason
          : describePgError(err, { where });
      if (e.fatal) drop();
      throw e;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onOuter);
      inner.signal.removeEventListener('abort', drop);
    }
  };

  return pollSource({
    id: POSTGRES_SOURCE,
    intervalMs: cfg.intervalMs,
    timeoutMs: budgetMs + 1000,
    backoffBaseMs: Math.min(cfg.intervalMs, 1000),
    backoffCapMs: opts.backoffCapMs ?? 15_000,
    fetch,
    close: async () => {
      const c = client;
      client = undefined;
      if (c) await Promise.race([c.end().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
      destroyClient(c);
    },
  });
}
