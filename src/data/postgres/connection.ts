// Connection handling for PostgreSQL, in one place: the client configuration (our own
// application_name and statement_timeout always win over the URL), connecting with a deadline
// that really closes the socket, and errors in words. The monitoring source keeps one
// long-lived connection with these; actions (src/data/postgres/ops/) open a SECOND,
// short-lived one with `withPgClient`, with their own timeout.
import { userInfo } from 'node:os';
import type pg from 'pg';
import { errorText, redact } from '../../util/redact.js';

export interface PgConnOptions {
  /** A postgres:// URL, or 'libpq-env' to use the PG* environment variables. */
  url: string;
  applicationName?: string;
  /** statement_timeout of the session (ms); 0 = none. */
  statementTimeoutMs?: number;
  /** lock_timeout of the session (ms); 0 = none. */
  lockTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export const MONITOR_APP = 'warroom';
export const ACTION_APP = 'warroom-action';

/** An error with a message in words (no stack shown, no secret), and the SQLSTATE if any. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    /** Whether the connection is unusable after it. */
    readonly fatal = true,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

let pgModule: Promise<typeof pg> | undefined;
/** pg is loaded on first use only (an unconfigured backend costs nothing at start-up). */
export function loadPg(): Promise<typeof pg> {
  pgModule ??= import('pg').then((m) => (m.default ?? m) as typeof pg);
  return pgModule;
}

export async function clientConfig(o: PgConnOptions): Promise<pg.ClientConfig> {
  const base: pg.ClientConfig = {};
  if (o.url !== 'libpq-env') {
    const { parseIntoClientConfig } = await import('pg-connection-string');
    Object.assign(base, parseIntoClientConfig(o.url));
  }
  // Without a user in the URL or PGUSER, libpq (psql) connects as the OS user; pg takes $USER,
  // which a bastion's sudo, cron or tmux server can leave unset ("no PostgreSQL user name").
  if (!base.user && !process.env.PGUSER && !process.env.USER) base.user = osUser();
  return {
    ...base,
    application_name: o.applicationName ?? MONITOR_APP,
    statement_timeout: o.statementTimeoutMs || undefined,
    lock_timeout: o.lockTimeoutMs || undefined,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
    keepAlive: true,
  };
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // no passwd entry for this uid: pg says which name is missing
  }
}

/** Where we connect, for messages (never the password). */
export function target(cfg: pg.ClientConfig): string {
  const host = cfg.host ?? process.env.PGHOST ?? 'localhost';
  const port = cfg.port ?? process.env.PGPORT ?? 5432;
  const user = cfg.user ?? process.env.PGUSER ?? 'default user';
  const db = cfg.database ?? process.env.PGDATABASE ?? user;
  return redact(`${user}@${host}:${port}/${db}`);
}

/** Destroys the client's socket at once (no goodbye to a server that does not answer). */
export function destroyClient(c: pg.Client | undefined): void {
  if (!c) return;
  const conn = (c as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection;
  try {
    conn?.stream?.destroy?.();
  } catch {
    // already gone
  }
  c.end().catch(() => undefined);
}

/**
 * Connects one client. On `signal` abort or failure the socket is destroyed before this
 * rejects, so a failed attempt never leaves a connection behind.
 */
export async function connectClient(
  o: PgConnOptions,
  signal?: AbortSignal,
  onLost?: (err: Error) => void,
): Promise<pg.Client> {
  const pgm = await loadPg();
  const cfg = await clientConfig(o);
  const client = new pgm.Client(cfg);
  // An idle client whose server goes away emits 'error': without a listener it would crash.
  client.on('error', (err) => onLost?.(err));
  client.on('end', () => onLost?.(new PgError('connection to the server was lost')));
  const abort = () => destroyClient(client);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    if (signal?.aborted) throw signal.reason;
    await client.connect();
    return client;
  } catch (err) {
    destroyClient(client);
    throw describePgError(err, { where: target(cfg), connecting: true, signal });
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/** SQLSTATE → words. The server's own message follows when it adds something. */
export function describePgError(
  err: unknown,
  opts: { where?: string; connecting?: boolean; signal?: AbortSignal; timeoutMs?: number } = {},
): PgError {
  if (err instanceof PgError) return err;
  const e = err as { code?: string; message?: string; name?: string } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const msg = errorText(err);
  const at = opts.where ? ` (${opts.where})` : '';
  const signalReason = opts.signal?.aborted
    ? (opts.signal.reason as { name?: string } | undefined)
    : undefined;
  if (e?.name === 'TimeoutError' || signalReason?.name === 'TimeoutError')
    return new PgError(
      `${opts.connecting ? 'connecting to PostgreSQL' : 'PostgreSQL'}: no answer${opts.timeoutMs ? ` within ${opts.timeoutMs} ms` : ''}${at} — the server or network stopped answering; reconnecting`,
      'timeout',
    );
  switch (code) {
    case '53300':
      return new PgError(
        `SERVER FULL: ${msg} — connection slots exhausted; the console holds no connection and retries with backoff`,
        code,
      );
    case '53400':
      return new PgError(`configuration limit exceeded: ${msg}`, code);
    case '28P01':
      return new PgError(`wrong password — ${msg}${at}`, code);
    case '28000':
      return new PgError(`not allowed to connect: ${msg}${at}`, code);
    case '3D000':
      return new PgError(`${msg}${at}`, code);
    case '57P01':
    case '57P02':
      return new PgError(`the server closed the connection (${msg}); reconnecting`, code);
    case '57P03':
      return new PgError(`the server is not accepting connections yet: ${msg}`, code);
    case '57014':
      return new PgError(`a refresh query was cancelled (${msg})`, code, false);
    case '42501':
      return new PgError(`permission denied: ${msg}`, code, false);
    case 'ECONNREFUSED':
      return new PgError(`connection refused${at} — is the server down?`, code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PgError(`host not found${at}`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new PgError(`connection to the server was lost (${code}); reconnecting`, code);
    case 'ETIMEDOUT':
      return new PgError(`connection timed out${at}`, code);
  }
  if (
    /Connection terminated|connection (was )?lost|Client has encountered a connection error|not queryable/i.test(
      msg,
    )
  )
    return new PgError(`connection to the server was lost mid-query (${msg}); reconnecting`, code);
  if (/timeout expired|Connection terminated due to connection timeout/i.test(msg))
    return new PgError(`connecting to PostgreSQL: no answer${at}; retrying`, code);
  if (opts.signal?.aborted) return new PgError(`PostgreSQL: request abandoned${at}`, code);
  // Errors from queries with a SQLSTATE keep the connection usable (syntax, privileges…).
  return new PgError(msg, code, !(code && /^[0-9A-Z]{5}$/.test(code)));
}

/** Whether a message is the "server is full" kind, the most important thing a pane shows. */
export function isServerFull(text: string | undefined): boolean {
  return !!text && /SERVER FULL|too many (clients|connections)|connection slots are reserved/i.test(text);
}

/**
 * A SECOND, short-lived connection for one job (actions: cancel, terminate…): its own
 * application_name and timeouts (never the monitoring connection's), always closed after.
 */
export async function withPgClient<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
  opts: {
    statementTimeoutMs?: number;
    connectTimeoutMs?: number;
    signal?: AbortSignal;
    applicationName?: string;
  } = {},
): Promise<T> {
  const client = await connectClient(
    {
      url,
      applicationName: opts.applicationName ?? ACTION_APP,
      statementTimeoutMs: opts.statementTimeoutMs ?? 10_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5000,
    },
    opts.signal,
  );
  const abort = () => destroyClient(client);
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    return await fn(client);
  } catch (err) {
    throw describePgError(err, { signal: opts.signal });
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
  }
}
