// The shared journal (incident.shared.url): reachable, the `warroom` schema's version and the
// rights replication needs, and a warning when it is the very database under incident
// (postgres.url): the incidents about that database must not depend on it. Read-only: the
// doctor creates nothing (the first console does).
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import { SCHEMA_VERSION } from '../incident/shared/schema.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

interface Where {
  host: string;
  port: string;
  db: string;
}

/** host, port and database of a URL as libpq would resolve them ('libpq-env': the PG* variables). */
export function whereOf(url: string, env: NodeJS.ProcessEnv = process.env): Where | undefined {
  const local = (h: string) =>
    h === '' || h === 'localhost' || h === '::1' || h === '[::1]' ? '127.0.0.1' : h;
  if (url === 'libpq-env') {
    const user = env.PGUSER ?? env.USER ?? 'postgres';
    return { host: local(env.PGHOST ?? ''), port: env.PGPORT ?? '5432', db: env.PGDATABASE ?? user };
  }
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username) || env.PGUSER || env.USER || 'postgres';
    const host = u.searchParams.get('host') ?? u.hostname;
    return {
      host: local(host.toLowerCase()),
      port: u.port || '5432',
      db: decodeURIComponent(u.pathname.slice(1)) || user,
    };
  } catch {
    return undefined;
  }
}

interface Identity {
  db: string;
  started: string;
  port: number | null;
}

export async function checkShared(config: Config, push: Push): Promise<void> {
  const url = config.incident!.shared!.url;
  const { withPgClient } = await import('../data/postgres/connection.js');
  const identity = (c: import('pg').Client) =>
    c
      .query<Identity>(
        `SELECT current_database() AS db, pg_postmaster_start_time()::text AS started, inet_server_port() AS port`,
      )
      .then((r) => r.rows[0]!);
  let mine: Identity | undefined;
  try {
    mine = await withPgClient(
      url,
      async (c) => {
        const id = await identity(c);
        const r = await c.query<{ user: string; ns: string | null; meta: boolean }>(
          `SELECT current_user AS user, to_regnamespace('warroom')::text AS ns,
                  to_regclass('warroom.meta') IS NOT NULL AND has_table_privilege('warroom.meta', 'SELECT') AS meta`,
        );
        const row = r.rows[0]!;
        const version = row.meta
          ? (await c.query<{ value: string }>(`SELECT value FROM warroom.meta WHERE key = 'schema_version'`))
              .rows[0]?.value
          : undefined;
        push({
          check: 'reach + authenticate',
          level: 'ok',
          detail: `as ${row.user} on ${id.db}`,
          required: true,
        });
        if (!row.ns) {
          const can = await c.query<{ ok: boolean }>(
            `SELECT has_database_privilege(current_database(), 'CREATE') AS ok`,
          );
          push({
            check: 'schema warroom',
            level: can.rows[0]!.ok ? 'ok' : 'fail',
            detail: can.rows[0]!.ok
              ? 'not created yet: the first console creates it'
              : `missing, and ${row.user} may not create it`,
            fix: can.rows[0]!.ok ? undefined : `GRANT CREATE ON DATABASE ${id.db} TO ${row.user};`,
            required: true,
          });
          return id;
        }
        const v = Number(version ?? 0);
        push({
          check: 'schema warroom',
          level: v > SCHEMA_VERSION ? 'fail' : 'ok',
          detail:
            v > SCHEMA_VERSION
              ? `version ${v}, newer than this warroom's (${SCHEMA_VERSION}): consoles stay offline`
              : `version ${v || 'unknown'}${v < SCHEMA_VERSION ? ` (migrated to ${SCHEMA_VERSION} by the next console)` : ''}`,
          fix: v > SCHEMA_VERSION ? 'upgrade warroom on this bastion' : undefined,
          required: true,
        });
        const p = await c.query<{ ok: boolean }>(
          `SELECT has_schema_privilege('warroom', 'USAGE')
                  AND to_regclass('warroom.events') IS NOT NULL
                  AND has_table_privilege('warroom.events', 'SELECT, INSERT') AS ok`,
        );
        push({
          check: 'rights (read + append events)',
          level: p.rows[0]!.ok ? 'ok' : 'fail',
          detail: p.rows[0]!.ok
            ? 'SELECT, INSERT on warroom.events'
            : `${row.user} may not read and append events`,
          fix: p.rows[0]!.ok
            ? undefined
            : `GRANT USAGE ON SCHEMA warroom TO ${row.user}; GRANT SELECT, INSERT ON warroom.events TO ${row.user}; GRANT USAGE ON SEQUENCE warroom.events_seq_seq TO ${row.user};`,
          required: true,
        });
        return id;
      },
      { connectTimeoutMs: 5000, statementTimeoutMs: 5000, applicationName: 'warroom doctor' },
    );
  } catch (err) {
    push({
      check: 'reach + authenticate',
      level: 'warn',
      detail: `${errorText(err)}: consoles work on their local journals and catch up later`,
      fix: 'check incident.shared.url / WARROOM_SHARED_URL',
      required: false,
    });
  }
  const pgUrl = config.postgres?.url;
  if (!pgUrl) return;
  const a = whereOf(url);
  const b = whereOf(pgUrl);
  let same = !!a && !!b && a.host === b.host && a.port === b.port && a.db === b.db;
  if (!same && mine) {
    // Another name for the same server (a proxy, a DNS alias): compare what the servers say.
    try {
      const theirs = await withPgClient(pgUrl, identity, {
        connectTimeoutMs: 3000,
        statementTimeoutMs: 3000,
      });
      same = theirs.db === mine.db && theirs.started === mine.started && theirs.port === mine.port;
    } catch (e) {
      // the postgres backend's own checks report it
    }
  }
  push({
    check: 'a database of its own',
    level: same ? 'warn' : 'ok',
    detail: same
      ? 'the shared journal is the database under incident (postgres.url): when it is down, so is the incident record'
      : 'not the database under incident (postgres.url)',
    fix: same
      ? 'give the shared journal a small database of its own (another server, or at least another database)'
      : undefined,
    required: false,
  });
}
