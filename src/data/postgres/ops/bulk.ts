// Bulk terminate: every session idle in transaction longer than N seconds, or every query
// running longer than N minutes. The preview lists exactly the pids, users and queries that
// would be hit; the run terminates only those pids, re-checking each one still matches (same
// session, same condition), so a pid reused meanwhile is never hit.
import { defineOperation, type Operation, type Target } from '../../../ops/operation.js';
import { backendsQuery, describeBackend, pgTarget, psql, withActionClient, type Backend } from './common.js';

// One risk, computed once (issue 12 item 18): a bulk terminate disconnects every session it
// finds and rolls back their transactions, so it is destructive in the palette, the footer and
// the confirmation alike, whatever the count turns out to be.
const RISK = 'destructive';

export function bulkTerminateOp(kind: 'idle' | 'long'): Operation {
  const id = kind === 'idle' ? 'postgres.terminate-idle-in-transaction' : 'postgres.terminate-long-queries';
  const unit = kind === 'idle' ? 'seconds' : 'minutes';
  // Scoped to the database the console is connected to (other databases on the server are not touched).
  const cond = (n: number) =>
    'datname = current_database() AND ' +
    (kind === 'idle'
      ? `state IN ('idle in transaction', 'idle in transaction (aborted)') AND now() - state_change > interval '${n} seconds'`
      : `state = 'active' AND now() - query_start > interval '${n} minutes'`);
  return defineOperation({
    id,
    title:
      kind === 'idle'
        ? 'Terminate sessions idle in transaction longer than N seconds'
        : 'Terminate queries running longer than N minutes',
    backend: 'postgres',
    risk: RISK,
    on: 'pg-session',
    effect: { signals: ['pgBlocked', 'pgIdleInTransaction', 'pgConnections', 'health'] },
    keywords: ['pg_terminate_backend', 'bulk', kind === 'idle' ? 'idle in transaction' : 'long running'],
    params: [
      {
        name: 'n',
        label:
          kind === 'idle' ? 'Idle in transaction longer than (seconds)' : 'Running longer than (minutes)',
        kind: 'int',
        initial: (_t, env) =>
          kind === 'idle'
            ? String(Math.round(env.config.postgres?.idleInTransactionSeconds ?? 30))
            : String(Math.max(1, Math.round((env.config.postgres?.longQuerySeconds ?? 300) / 60))),
        validate: (v) => (typeof v === 'number' && v >= 1 && v <= 100_000 ? undefined : `at least 1 ${unit}`),
      },
    ],
    // Without a preview (a refusal): the statement by its condition, not the pids it would find.
    command: (_target, params, env) =>
      psql(env, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${cond(Number(params.n))}`),
    appliesTo(sel, env) {
      if (sel.kind !== 'pg-session') return undefined;
      return pgTarget(env, 'backends', kind === 'idle' ? 'idle in transaction' : 'long queries', '');
    },
    async plan(target, params, env, signal) {
      const n = Number(params.n);
      const rows = await withActionClient(env, signal, async (c) => {
        const r = await c.query<Backend & { started: string }>(
          backendsQuery(cond(n), kind === 'idle' ? 'state_change' : 'query_start').replace(
            'SELECT ',
            'SELECT backend_start::text AS started, ',
          ),
        );
        return r.rows;
      });
      const pids = rows.map((r) => r.pid);
      const sql = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (${pids.join(', ') || 'NULL'}) AND ${cond(n)}`;
      const t: Target = {
        ...target,
        name: `${pids.length} backend${pids.length === 1 ? '' : 's'} (${kind === 'idle' ? `idle in transaction > ${n}s` : `running > ${n} min`})`,
        confirmName: pids.length === 1 ? String(pids[0]) : `${pids.length}-backends`,
      };
      return {
        op: id,
        target: t,
        params,
        risk: RISK,
        impact: rows.length
          ? [
              `terminates ${rows.length} backend${rows.length === 1 ? '' : 's'}:`,
              ...rows.map(describeBackend),
            ]
          : [],
        ...(pids.length
          ? {
              blastRadius: `${pids.length} session${pids.length === 1 ? '' : 's'} of users ${[...new Set(rows.map((r) => r.user))].join(', ')} are disconnected; their open transactions roll back`,
            }
          : {}),
        command: psql(env, sql),
        ...(pids.length
          ? {}
          : {
              nothingToDo: `no backend is ${kind === 'idle' ? `idle in transaction longer than ${n} s` : `running a query longer than ${n} min`}`,
            }),
        data: { rows: rows.map((r) => ({ pid: r.pid, started: r.started })), n },
      };
    },
    async run(plan, env, signal) {
      const { rows, n } = plan.data as { rows: { pid: number; started: string }[]; n: number };
      const done = await withActionClient(env, signal, async (c) => {
        const r = await c.query<{ pid: number; done: boolean }>(
          `SELECT a.pid, pg_terminate_backend(a.pid) AS done FROM pg_stat_activity a
             JOIN unnest($1::int[], $2::text[]) AS t(pid, started) ON t.pid = a.pid AND a.backend_start::text = t.started
            WHERE ${cond(n)}`,
          [rows.map((r) => r.pid), rows.map((r) => r.started)],
        );
        return r.rows.filter((x) => x.done).map((x) => x.pid);
      });
      const gone = rows.length - done.length;
      if (!done.length)
        return {
          ok: false,
          detail: `no backend terminated: all ${rows.length} ended or changed before the action`,
        };
      return {
        ok: true,
        detail: `terminated ${done.length} backend${done.length === 1 ? '' : 's'} (${done.join(', ')})${gone ? `; ${gone} had already ended or changed` : ''}`,
      };
    },
  });
}
