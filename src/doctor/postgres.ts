// PostgreSQL: reach and authenticate, pg_monitor-level visibility (other sessions' queries
// readable), pg_stat_statements (optional), and the right to signal backends (for actions).
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

export async function checkPostgres(config: Config, push: Push): Promise<void> {
  const { withPgClient } = await import('../data/postgres/connection.js');
  const readOnly = !!config.actions?.readOnly;
  try {
    await withPgClient(
      config.postgres!.url!,
      async (c) => {
        const v = await c.query<{
          version: string;
          user: string;
          db: string;
          superuser: boolean;
          monitor: boolean;
          signal: boolean;
        }>(
          `SELECT split_part(version(), ' ', 2) AS version, current_user AS user, current_database() AS db,
                  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
                  pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS monitor,
                  pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS signal`,
        );
        const r = v.rows[0]!;
        push({
          check: 'reach + authenticate',
          level: 'ok',
          detail: `PostgreSQL ${r.version} as ${r.user} on ${r.db}`,
          required: true,
        });
        const hidden = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE query = '<insufficient privilege>'`,
        );
        const n = Number(hidden.rows[0]!.n);
        push({
          check: 'visibility (pg_monitor)',
          level: r.superuser || r.monitor ? 'ok' : n ? 'fail' : 'warn',
          detail: r.superuser
            ? 'superuser'
            : r.monitor
              ? 'member of pg_monitor'
              : `not in pg_monitor; ${n} sessions show <insufficient privilege>`,
          fix: r.superuser || r.monitor ? undefined : `GRANT pg_monitor TO ${r.user};`,
          required: true,
        });
        const ext = await c.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
        push({
          check: 'pg_stat_statements',
          level: ext.rowCount ? 'ok' : 'warn',
          detail: ext.rowCount
            ? 'installed (top statements shown)'
            : 'not installed (top statements not shown)',
          fix: ext.rowCount
            ? undefined
            : "shared_preload_libraries = 'pg_stat_statements', then CREATE EXTENSION pg_stat_statements;",
          required: false,
        });
        push({
          check: 'cancel / terminate backends',
          level: r.superuser || r.signal ? 'ok' : readOnly ? 'skip' : 'fail',
          detail: r.superuser
            ? 'superuser'
            : r.signal
              ? 'member of pg_signal_backend'
              : 'may only signal its own sessions',
          fix: r.superuser || r.signal ? undefined : `GRANT pg_signal_backend TO ${r.user};`,
          required: !readOnly,
        });
      },
      { applicationName: 'warroom-doctor', statementTimeoutMs: 5000 },
    );
  } catch (err) {
    push({
      check: 'reach + authenticate',
      level: 'fail',
      detail: errorText(err),
      fix: 'check postgres.url (host, port, user, password) and that the server accepts connections',
      required: true,
    });
  }
}
