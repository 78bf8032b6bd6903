// The PostgreSQL source against a private cluster of the test's own (never the shared one):
// wrong password, role connection limit, too many clients (small max_connections), server
// killed and started again, least privilege (no pg_monitor → <insufficient privilege>), and
// top statements from a preloaded pg_stat_statements.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServerFull } from '../../src/data/postgres/connection.js';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';
import { pgSourceConfig, startPgSource } from '../helpers/pg-source.js';
import { waitFor } from '../helpers/wait.js';

const cfg = (url: string) => pgSourceConfig(url);
const start = startPgSource;

let cl: PgCluster;
const held: pg.Client[] = [];
async function hold(url: string, app = 'filler'): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: app });
  c.on('error', () => undefined);
  await c.connect();
  held.push(c);
  return c;
}
async function releaseAll() {
  await Promise.allSettled(held.splice(0).map((c) => c.end()));
}

beforeAll(async () => {
  cl = await startPgCluster({
    maxConnections: 8,
    superuserReserved: 2,
    settings: { shared_preload_libraries: 'pg_stat_statements' },
  });
  await cl.sql(`CREATE ROLE app_limited LOGIN PASSWORD 'app-pw' CONNECTION LIMIT 1`);
  await cl.sql(`CREATE ROLE mon LOGIN PASSWORD 'mon-pw'`);
  await cl.sql(`CREATE EXTENSION pg_stat_statements`);
}, 60_000);
afterAll(async () => {
  await releaseAll();
  await cl?.destroy();
});

describe('postgres source (private cluster)', () => {
  it('wrong password: says so, without the password', async () => {
    const { hub, state, neighbourMoves } = start(cfg(cl.url('postgres', 'not-the-password')));
    try {
      const s = await waitFor(state, (s) => s?.status === 'error', { what: 'auth error' });
      expect(s!.error).toMatch(/^wrong password — password authentication failed for user "postgres"/);
      expect(s!.error).not.toContain('not-the-password');
      await neighbourMoves();
    } finally {
      await hub.stopAll();
    }
  });

  it('role connection limit reached: SERVER FULL for the role, recovers when a slot frees', async () => {
    const other = await hold(cl.url('app_limited', 'app-pw'));
    const { hub, state, neighbourMoves } = start(cfg(cl.url('app_limited', 'app-pw')));
    try {
      const s = await waitFor(state, (s) => s?.status === 'error', { what: 'role limit error' });
      expect(s!.error).toMatch(/^SERVER FULL: too many connections for role "app_limited"/);
      expect(isServerFull(s!.error)).toBe(true);
      await neighbourMoves();
      await other.end();
      await waitFor(state, (s) => s?.status === 'ok', { what: 'connected once the slot freed' });
    } finally {
      await hub.stopAll();
      await releaseAll();
    }
  });

  it('too many clients: SERVER FULL in words, holds no connection, recovers', async () => {
    // Fill every slot (the superuser may use the reserved ones too).
    for (;;) {
      try {
        await hold(cl.url());
      } catch (err) {
        expect(String((err as Error).message)).toMatch(/too many clients/);
        break;
      }
    }
    const { hub, state, neighbourMoves } = start(cfg(cl.url()));
    try {
      const s = await waitFor(state, (s) => (s?.failures ?? 0) >= 2, { what: 'server full error' });
      expect(s!.error).toMatch(
        /^SERVER FULL: sorry, too many clients already.* — connection slots exhausted; the console holds no connection/,
      );
      await neighbourMoves();
      await releaseAll();
      const ok = await waitFor(state, (s) => s?.status === 'ok', { what: 'connected after the storm' });
      expect(ok!.data!.sessions.filter((x) => x.application === 'warroom')).toHaveLength(1);
      expect(ok!.data!.maxConnections).toBe(8);
      expect(ok!.data!.reservedConnections).toBe(2);
    } finally {
      await hub.stopAll();
      await releaseAll();
    }
  });

  it('server killed mid-session and started again: error in words, then recovers without a restart', async () => {
    const { hub, state, neighbourMoves } = start(cfg(cl.url()));
    try {
      await waitFor(state, (s) => s?.status === 'ok', { what: 'ok' });
      cl.stop('immediate');
      const s = await waitFor(state, (s) => s?.status === 'error', { what: 'error after kill' });
      expect(s!.error).toMatch(
        /connection to the server was lost|server closed the connection|connection refused/,
      );
      await waitFor(state, (s) => /connection refused/.test(s?.error ?? ''), { what: 'refused while down' });
      await neighbourMoves();
      cl.start();
      await waitFor(state, (s) => s?.status === 'ok' && !s.error, { what: 'recovered', timeoutMs: 20_000 });
    } finally {
      await hub.stopAll();
    }
  });

  it('least privilege: sessions it may not see are counted hidden and the pane is told why; pg_monitor shows them', async () => {
    const secret = await hold(cl.url(), 'secret-app');
    const sleeping = secret.query('SELECT pg_sleep(60) /* secret report */').catch(() => undefined);
    const low = start(cfg(cl.url('mon', 'mon-pw')));
    try {
      const s = await waitFor(low.state, (s) => (s?.data?.hidden ?? 0) >= 1, { what: 'hidden sessions' });
      const d = s!.data!;
      expect(d.role).toMatchObject({ name: 'mon', superuser: false, monitor: false });
      const hidden = d.sessions.find((x) => x.application === 'secret-app')!;
      expect(hidden.state).toBe('hidden');
      expect(hidden.query).toBe('<insufficient privilege>');
      expect(d.statements.available).toBe(true); // readable, but others' texts are hidden
    } finally {
      await low.hub.stopAll();
    }
    await cl.sql('GRANT pg_monitor TO mon');
    const mon = start(cfg(cl.url('mon', 'mon-pw')));
    try {
      const s = await waitFor(
        mon.state,
        (s) =>
          !!s?.data?.sessions.some(
            (x) => x.application === 'secret-app' && x.query.includes('secret report'),
          ),
        { what: 'query text visible with pg_monitor' },
      );
      expect(s!.data!.role.monitor).toBe(true);
      expect(s!.data!.hidden).toBe(0);
    } finally {
      await mon.hub.stopAll();
      await cl.sql(
        `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'secret-app'`,
      );
      await sleeping;
      await releaseAll();
    }
  });

  it('top statements by total time from pg_stat_statements (PG 13+ column names)', async () => {
    const c = await hold(cl.url(), 'workload');
    await c.query('CREATE TABLE IF NOT EXISTS t (id int)');
    for (let i = 0; i < 20; i++)
      await c.query('SELECT count(*) FROM t, generate_series(1, 2000) g WHERE g > $1', [i]);
    const { hub, state } = start(cfg(cl.url()));
    try {
      const s = await waitFor(
        state,
        (s) => !!s?.data?.statements.rows.some((r) => r.query.includes('generate_series')),
        { what: 'the workload among top statements' },
      );
      const st = s!.data!.statements;
      expect(st.available).toBe(true);
      const w = st.rows.find((r) => r.query.includes('generate_series'))!;
      expect(w.calls).toBe(20);
      expect(w.totalMs).toBeGreaterThan(0);
      expect(w.meanMs).toBeCloseTo(w.totalMs / 20, 3);
      const totals = st.rows.map((r) => r.totalMs);
      expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    } finally {
      await hub.stopAll();
      await releaseAll();
    }
  });
});
