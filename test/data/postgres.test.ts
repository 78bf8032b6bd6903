// The PostgreSQL source against the real shared server, in a database of the test's own:
// one connection named warroom with a statement_timeout, connections by state, a lock chain
// as a tree (pg_blocking_pids), ungranted locks with mode and relation, long and
// idle-in-transaction sessions, database size, pg_stat_statements absent said in words.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, withPgClient } from '../../src/data/postgres/connection.js';
import { idleInTransaction, lockTree, longRunning } from '../../src/data/postgres/queries.js';
import { POSTGRES_SOURCE, postgresSource, type PostgresConfig } from '../../src/data/postgres/source.js';
import type { PgSnapshot } from '../../src/data/postgres/types.js';
import { SourceHub } from '../../src/data/source.js';
import { createAppStore, createBatcher, type SourceState } from '../../src/store/store.js';
import { createTestDb, PG_ADMIN_URL, type TestDb } from '../helpers/pg.js';
import { pgSourceConfig } from '../helpers/pg-source.js';
import { waitFor } from '../helpers/wait.js';

/** Polling every 150 ms, with thresholds of a second (the tests' sessions are short). */
export const pgConfig = (url: string, extra: Partial<PostgresConfig> = {}): PostgresConfig =>
  pgSourceConfig(url, {
    intervalMs: 150,
    statementTimeoutMs: 1500,
    longQuerySeconds: 1,
    idleInTransactionSeconds: 1,
    ...extra,
  });

export function startSource(cfg: PostgresConfig, opts: Parameters<typeof postgresSource>[1] = {}) {
  const store = createAppStore();
  const hub = new SourceHub(createBatcher(store, 5));
  hub.add(postgresSource(cfg, { slowEveryMs: 0, backoffCapMs: 500, ...opts }), 10_000);
  const state = () => store.getState().sources[POSTGRES_SOURCE] as SourceState<PgSnapshot> | undefined;
  return { store, hub, state };
}

let db: TestDb;
const clients: pg.Client[] = [];
async function session(appName: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: db.url, application_name: appName });
  c.on('error', () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

beforeAll(async () => {
  db = await createTestDb('warroom_pgsrc');
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.end()));
  await db.drop();
});

describe('postgres source (real server)', () => {
  it('keeps exactly one connection named warroom with our statement_timeout, whatever the URL says', async () => {
    const url = `${db.url}?application_name=evil&statement_timeout=0`;
    const { hub, state } = startSource(pgConfig(url));
    try {
      const s = await waitFor(state, (s) => s?.status === 'ok' && (s.data?.history.length ?? 0) >= 3, {
        what: 'three refreshes',
      });
      const own = s!.data!.sessions.filter((x) => x.self);
      expect(own).toHaveLength(1);
      expect(own[0]!.application).toBe('warroom');
      expect(own[0]!.backendStart).toBeLessThanOrEqual(s!.data!.at);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const r = await admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'warroom'`,
        [db.name],
      );
      await admin.end();
      expect(r.rows[0].n).toBe(1);
      // The same configuration, checked from inside a session.
      const c = await connectClient({ url, statementTimeoutMs: 1500 });
      const t = await c.query('SHOW statement_timeout');
      const a = await c.query('SHOW application_name');
      await c.end();
      expect(t.rows[0].statement_timeout).toBe('1500ms');
      expect(a.rows[0].application_name).toBe('warroom');
    } finally {
      await hub.stopAll();
    }
  });

  it('shows connections by state, long and idle-in-transaction sessions, size, and says pg_stat_statements is missing', async () => {
    const idleTx = await session('billing-worker');
    await idleTx.query('BEGIN; SELECT 1');
    const aborted = await session('broken-worker');
    await aborted.query('BEGIN');
    await aborted.query('SELECT 1/0').catch(() => undefined);
    const sleeper = await session('reporting');
    const sleeping = sleeper.query('SELECT pg_sleep(30) /* nightly report */').catch(() => undefined);
    const { hub, state } = startSource(pgConfig(db.url));
    try {
      const s = await waitFor(
        state,
        (s) => {
          const d = s?.data;
          return (
            !!d &&
            (d.byState['idle in transaction'] ?? 0) >= 1 &&
            (d.byState['idle in transaction (aborted)'] ?? 0) >= 1 &&
            longRunning(d.sessions).some((x) => x.application === 'reporting' && (x.queryMs ?? 0) > 1000)
          );
        },
        { what: 'states, a long query', timeoutMs: 15_000 },
      );
      const d = s!.data!;
      expect(d.maxConnections).toBeGreaterThan(0);
      expect(d.reservedConnections).toBeGreaterThanOrEqual(0);
      expect(d.total).toBeGreaterThanOrEqual(4);
      expect(d.byApplication.find((x) => x.key === 'billing-worker')?.count).toBe(1);
      expect(d.byUser.find((x) => x.key === 'postgres')?.count).toBeGreaterThanOrEqual(4);
      expect(d.byClient.some((x) => x.key === '127.0.0.1')).toBe(true);
      const long = longRunning(d.sessions).find((x) => x.application === 'reporting')!;
      expect(long.query).toContain('nightly report');
      expect(long.waitEventType).toBe('Timeout');
      const idle = idleInTransaction(d.sessions).map((x) => x.application);
      expect(idle).toEqual(expect.arrayContaining(['billing-worker', 'broken-worker']));
      expect(d.databaseSize).toBeGreaterThan(1_000_000);
      expect(d.statements.available).toBe(false);
      expect(d.statements.reason).toMatch(/pg_stat_statements is not installed/);
      expect(d.role).toMatchObject({ name: 'postgres', superuser: true, monitor: true });
      expect(d.hidden).toBe(0);
    } finally {
      await hub.stopAll();
      const admin = await session('cleanup');
      await admin.query(
        `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'reporting'`,
        [db.name],
      );
      await sleeping;
      await idleTx.query('ROLLBACK');
      await aborted.query('ROLLBACK');
    }
  });

  it('draws a lock chain as a tree with lock modes and relations, and lists ungranted locks', async () => {
    const setup = await session('setup');
    await setup.query(
      'CREATE TABLE orders (id int primary key, v int); INSERT INTO orders VALUES (1, 0), (2, 0)',
    );
    const a = await session('holder'); // holds a row lock, idle in transaction
    await a.query('BEGIN; UPDATE orders SET v = 1 WHERE id = 1');
    const b = await session('row-waiter'); // waits for a's transaction on the same row
    await b.query('BEGIN');
    const bq = b.query('UPDATE orders SET v = 2 WHERE id = 1').catch(() => undefined);
    const c = await session('table-waiter'); // waits behind b for the whole table
    await waitFor(
      async () =>
        (
          await setup.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'row-waiter' AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n,
      (n) => n === 1,
      { what: 'row-waiter waiting' },
    );
    await c.query('BEGIN');
    const cq = c.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE').catch(() => undefined);
    const { hub, state } = startSource(pgConfig(db.url));
    try {
      const s = await waitFor(
        state,
        (s) => (s?.data?.sessions.filter((x) => x.blockedBy.length).length ?? 0) >= 2,
        { what: 'two blocked sessions', timeoutMs: 15_000 },
      );
      const d = s!.data!;
      const pid = (app: string) => d.sessions.find((x) => x.application === app)!.pid;
      const tree = lockTree(d.sessions, d.locks);
      expect(tree[0]).toMatchObject({ pid: pid('holder'), depth: 0, blocking: 2 });
      const rowWaiter = tree.find((n) => n.pid === pid('row-waiter'))!;
      expect(rowWaiter.depth).toBe(1);
      expect(rowWaiter.wait).toMatchObject({
        locktype: 'transactionid',
        mode: 'ShareLock',
        relation: 'orders',
      });
      const tableWaiter = tree.find((n) => n.pid === pid('table-waiter') && !n.repeat)!;
      expect(tableWaiter.depth).toBeGreaterThanOrEqual(1);
      expect(tableWaiter.wait).toMatchObject({
        locktype: 'relation',
        mode: 'AccessExclusiveLock',
        relation: 'orders',
      });
      // pg_blocking_pids was asked only for waiting backends.
      expect(d.sessions.filter((x) => x.blockedBy.length).every((x) => x.waitEventType === 'Lock')).toBe(
        true,
      );
      expect(d.locks.map((l) => l.pid).sort()).toEqual([pid('row-waiter'), pid('table-waiter')].sort());
    } finally {
      await hub.stopAll();
      await a.query('ROLLBACK');
      await bq;
      await b.query('ROLLBACK');
      await cq;
      await c.query('ROLLBACK');
    }
  });

  it('says when pg_stat_statements is installed but not preloaded, and the rest still works', async () => {
    const c = await session('ddl');
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { hub, state } = startSource(pgConfig(db.url));
    try {
      const s = await waitFor(state, (s) => s?.status === 'ok', { what: 'ok' });
      expect(s!.data!.statements).toEqual({
        available: false,
        reason: 'pg_stat_statements is installed but not loaded (shared_preload_libraries)',
        rows: [],
      });
      expect(s!.data!.total).toBeGreaterThan(0);
    } finally {
      await hub.stopAll();
    }
  });

  it('its backend terminated by an administrator: says so, reconnects by itself', async () => {
    const { hub, state } = startSource(pgConfig(db.url));
    try {
      const s = await waitFor(state, (s) => s?.status === 'ok', { what: 'ok' });
      const pid = s!.data!.sessions.find((x) => x.self)!.pid;
      const admin = await session('dba');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const e = await waitFor(state, (s) => s?.status === 'error', { what: 'error after terminate' });
      expect(e!.error).toMatch(
        /^the server closed the connection \(terminating connection due to administrator command/,
      );
      const back = await waitFor(state, (s) => s?.status === 'ok' && !s.error, { what: 'reconnected' });
      expect(back!.data!.sessions.find((x) => x.self)!.pid).not.toBe(pid);
    } finally {
      await hub.stopAll();
    }
  });

  it('gives actions a second, short-lived connection with their own name and timeout', async () => {
    const { hub, state } = startSource(pgConfig(db.url));
    try {
      await waitFor(state, (s) => s?.status === 'ok', { what: 'ok' });
      const r = await withPgClient(
        db.url,
        async (c) =>
          (
            await c.query(
              `SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS t`,
            )
          ).rows[0],
        { statementTimeoutMs: 7000 },
      );
      expect(r).toEqual({ app: 'warroom-action', t: '7s' });
      await expect(withPgClient(db.url, async (c) => c.query('SELECT * FROM no_such_table'))).rejects.toThrow(
        /relation "no_such_table" does not exist/,
      );
    } finally {
      await hub.stopAll();
    }
  });
});
