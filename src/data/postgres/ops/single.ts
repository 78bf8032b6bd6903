// pg_cancel_backend / pg_terminate_backend of the selected backend (one pid): the preview
// reads the backend from pg_stat_activity (user, database, state, query); the run checks
// that the pid still runs the same session (same backend_start) before signalling it.
import { defineOperation, type Operation } from '../../../ops/operation.js';
import { backendsQuery, describeBackend, pgTarget, psql, withActionClient, type Backend } from './common.js';

export function singleBackendOp(kind: 'cancel' | 'terminate'): Operation {
  const fn = kind === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  const id = kind === 'cancel' ? 'postgres.cancel-query' : 'postgres.terminate-backend';
  return defineOperation({
    id,
    title: kind === 'cancel' ? 'Cancel the query of this backend' : 'Terminate this backend',
    backend: 'postgres',
    risk: 'disruptive',
    on: 'pg-session',
    effect: { signals: ['pgBlocked', 'pgIdleInTransaction', 'pgConnections', 'health'] },
    keywords: [fn, 'pid', 'session', kind],
    params: [],
    command: (target, _params, env) => psql(env, `SELECT ${fn}(${Number(target.name)})`),
    appliesTo(sel, env) {
      // Session rows have the pid as id; blocking-tree repeats are 'pid@parent'.
      const m = sel.kind === 'pg-session' && sel.id ? /^(\d+)(?:@.*)?$/.exec(sel.id) : null;
      return m ? pgTarget(env, 'backend', m[1]!, m[1]!) : undefined;
    },
    async plan(target, params, env, signal) {
      const pid = Number(target.name);
      const rows = await withActionClient(env, signal, async (c) => {
        const r = await c.query<Backend & { started: string }>(
          backendsQuery('pid = $1').replace('SELECT ', 'SELECT backend_start::text AS started, '),
          [pid],
        );
        return r.rows;
      });
      const b = rows[0];
      if (!b) throw new Error(`backend ${pid} is gone (not in pg_stat_activity)`);
      const sql = `SELECT ${fn}(${pid})`;
      return {
        op: id,
        target,
        params,
        risk: 'disruptive',
        impact: [
          kind === 'cancel'
            ? `cancels the running statement of backend ${pid}; the session stays connected`
            : `closes backend ${pid}: its open transaction is rolled back and the client is disconnected`,
          describeBackend(b),
        ],
        command: psql(env, sql),
        data: { pid, started: b.started },
      };
    },
    async run(plan, env, signal) {
      const { pid, started } = plan.data as { pid: number; started: string };
      return withActionClient(env, signal, async (c) => {
        const r = await c.query<{ done: boolean | null }>(
          `SELECT ${fn}(pid) AS done FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2`,
          [pid, started],
        );
        if (!r.rows.length)
          return { ok: false, detail: `backend ${pid} is gone (it ended before the action)` };
        if (!r.rows[0]!.done) return { ok: false, detail: `the server did not signal backend ${pid}` };
        return {
          ok: true,
          detail: kind === 'cancel' ? `cancelled the query of backend ${pid}` : `terminated backend ${pid}`,
        };
      });
    },
  });
}
