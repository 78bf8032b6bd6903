// Database connection exhaustion: a code path in the backend leaks connections inside open
// transactions (BEGIN, SELECT ... FOR UPDATE, then nothing). Sessions pile up "idle in
// transaction" holding row locks on orders, the pool (DB_POOL_SIZE=20) runs dry and
// /health/database fails. The leak stops only while the deployment's DB_POOL_SIZE is 50 or
// more (the runbook's fix), and the sessions already leaked stay until they are terminated
// (pg_terminate_backend on idle in transaction): both are needed.
import type pg from 'pg';
import { errorText } from '../../util/redact.js';
import { log } from '../../util/log.js';
import { json, type Scenario } from '../scenario.js';

export const APP_NAME = 'marketplace-backend';
export const FIXED_POOL = 50;

export const scenario: Scenario = {
  name: 'db-exhaustion',
  title: 'Database connection exhaustion: sessions idle in transaction',
  summary: 'leaked sessions pile up idle in transaction holding locks; the pool runs dry and /health fails',
  mitigation: `terminate the idle-in-transaction sessions and raise DB_POOL_SIZE to ${FIXED_POOL} (kubectl set env)`,
  needs: ['postgres'],
  async start(env) {
    if (!env.pg) return () => undefined;
    const { default: PG } = await import('pg');
    const url = env.pg.url;
    const setup = new PG.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    setup.on('error', () => undefined);
    await setup.connect();
    await setup.query(
      `CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY, status text NOT NULL DEFAULT 'payment_pending', total numeric NOT NULL DEFAULT 0);
       INSERT INTO orders (id, total) SELECT g, (g % 97) * 1.5 FROM generate_series(1, 500) g ON CONFLICT DO NOTHING;`,
    );
    await setup.end().catch(() => undefined);

    const leaked = new Set<pg.Client>();
    let idle = 0;
    let stopped = false;
    let opening = false;
    const poolSize = () => Number(env.envOf(env.deployment('backend'), 'DB_POOL_SIZE') ?? 20) || 20;
    const leak = async () => {
      if (stopped || opening || poolSize() >= FIXED_POOL || leaked.size >= poolSize()) return;
      opening = true;
      const c = new PG.Client({
        connectionString: url,
        connectionTimeoutMillis: 2000,
        application_name: APP_NAME,
      });
      c.on('error', () => leaked.delete(c));
      c.on('end', () => leaked.delete(c));
      try {
        await c.connect();
        leaked.add(c);
        await c.query('BEGIN');
        // SKIP LOCKED: each leaked session holds other rows, and none waits on another.
        await c.query(
          'SELECT id, status FROM orders WHERE id >= $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED',
          [1 + Math.floor(Math.random() * 450)],
        );
        // The pool was raised while this one was connecting: the new pods do not leak.
        if (stopped || poolSize() >= FIXED_POOL) {
          leaked.delete(c);
          await c.end().catch(() => undefined);
        }
      } catch (err) {
        leaked.delete(c);
        log('info', `demo db-exhaustion: leak: ${errorText(err)}`);
        await c.end().catch(() => undefined);
      } finally {
        opening = false;
      }
    };
    const probe = new PG.Client({
      connectionString: url,
      connectionTimeoutMillis: 2000,
      application_name: 'warroom-demo-probe',
    });
    probe.on('error', () => undefined);
    await probe.connect();
    let probing = false;
    const measure = async () => {
      if (probing || stopped) return;
      probing = true;
      try {
        const r = await probe.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = $1 AND state LIKE 'idle in transaction%'`,
          [APP_NAME],
        );
        idle = r.rows[0]?.n ?? 0;
      } catch (err) {
        log('info', `demo db-exhaustion: probe: ${errorText(err)}`);
      } finally {
        probing = false;
      }
    };
    // A burst first (the drill shows within seconds), then one more every 1.5 s.
    const burst = async () => {
      for (let i = 0; i < 8 && !stopped; i++) await leak();
      await measure();
    };
    env.after(1500, () => void burst());
    const offLeak = env.every(1500, () => void leak());
    const offMeasure = env.every(1000, () => void measure());
    const exhausted = () => idle >= 5;
    const offCheck = env.api.addCheck(
      'database',
      () =>
        (exhausted() || undefined) &&
        `pool exhausted: ${idle} connections idle in transaction holding locks on orders (pool ${poolSize()})`,
    );
    const offLogs = env.addLogs((pod, _c, now) => {
      if (pod?.metadata?.labels?.app !== 'backend' || !exhausted()) return [];
      const ts = now.toISOString();
      return Math.random() < 0.5
        ? [
            json({
              level: 'error',
              ts,
              msg: 'timeout exceeded when trying to connect',
              pool: { max: poolSize(), idle: 0, waiting: 31 },
              path: '/api/orders',
              status: 500,
            }),
          ]
        : [
            json({
              level: 'error',
              ts,
              msg: 'canceling statement due to lock timeout',
              code: '55P03',
              query: 'UPDATE orders SET status = $1 WHERE id = $2',
              path: '/api/checkout',
              status: 500,
            }),
          ];
    });
    return () => {
      stopped = true;
      offLeak();
      offMeasure();
      offCheck();
      offLogs();
      for (const c of leaked) void c.end().catch(() => undefined);
      leaked.clear();
      void probe.end().catch(() => undefined);
    };
  },
};
