// The built console in tmux against the real PostgreSQL server (through a TCP proxy of our own,
// in a database of the test's own): the pane goes live with the gauge and a lock chain, keys
// switch to the blocking tree, zoom shows the full table; the server goes away and the pane
// says so in words while the other panes keep updating; it comes back without a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../helpers/http-health.js';
import { startPgCluster } from '../helpers/pg-cluster.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

let db: TestDb;
let proxy: TcpProxy;
let health: HealthServer;
let t: Tmux | undefined;
const clients: pg.Client[] = [];

async function session(app: string) {
  const c = new pg.Client({ connectionString: db.url, application_name: app });
  c.on('error', () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

beforeAll(async () => {
  db = await createTestDb('warroom_pge2e');
  proxy = await startTcpProxy(5432);
  health = await startHealthServer('healthy');
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.end()));
  await proxy.close();
  await health.close();
  await db.drop();
});
afterEach(() => {
  t?.kill();
  t = undefined;
});

describe('postgres pane in tmux', () => {
  it('live against the real server: gauge, lock chain as a tree, zoom, server gone and back', async () => {
    const setup = await session('setup');
    await setup.query(
      'CREATE TABLE accounts (id int primary key, v int); INSERT INTO accounts VALUES (1, 0)',
    );
    const holder = await session('holder-app');
    await holder.query('BEGIN; UPDATE accounts SET v = 1 WHERE id = 1');
    const waiter = await session('waiter-app');
    const waiterPid = (await waiter.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
    const waiting = waiter.query('UPDATE accounts SET v = 2 WHERE id = 1').catch(() => undefined);

    t = await Tmux.start({ cols: 200, rows: 50 });
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(
      cfg,
      [
        'postgres:',
        `  url: "${db.urlVia(proxy.port)}"`,
        '  intervalMs: 500',
        'health:',
        '  endpoints:',
        `    - { name: api, url: "${health.url}", intervalMs: 300 }`,
        '',
      ].join('\n'),
    );
    t.run(warroomCmd(`--config ${cfg}`));
    const s = await t.waitFor(
      (x) => /7 Postgres\s+● live/.test(x) && /conns \d+\/97 [█░]+ \d+%/.test(x) && x.includes('1 blocked'),
      { what: 'postgres pane live with a blocked session', timeoutMs: 20_000 },
    );
    expect(s).toMatch(/active \d+ · idle \d+ · idle-in-tx 1/);
    expect(s).toMatch(/✖ 1 blocked · pid \d+ \(idle-tx, holder-app\) blocks 1/);

    t.send('7');
    await t.waitForText('▶7 Postgre'); // focused: its keys are live only now
    t.send('b');
    await t.waitFor((x) => x.includes('▸ blocking tree (1 blocked)') && x.includes(`└ ${waiterPid}`), {
      what: 'blocking tree',
    });
    t.send('z');
    const zoomed = await t.waitFor(
      (x) => x.includes('WAITS FOR') && x.includes('ShareLock') && x.includes('accounts'),
      {
        what: 'zoomed tree with lock mode and relation',
      },
    );
    expect(zoomed).toContain('holds the lock');
    t.send('l');
    await t.waitForText('▸ long queries');
    t.send('z');

    // The server goes away: the pane says so in words; the health pane keeps updating.
    await proxy.down();
    await t.waitFor(
      (x) =>
        /7 Postgre\S*\s+✖ ERROR · data \d+s old: (connection refused|connection to the server was lost)/.test(
          x,
        ),
      {
        what: 'postgres error in the title',
      },
    );
    health.mode = 'error500';
    await t.waitForText('✖ DOWN');
    await proxy.up();
    await t.waitFor((x) => /7 Postgre\S*\s+● live/.test(x), {
      what: 'postgres live again',
      timeoutMs: 30_000,
    });

    t.send('q');
    await t.waitFor((x) => !x.includes('7 Postgres'), { what: 'console gone' });
    await holder.query('ROLLBACK');
    await waiting;
    // The console left no connection behind.
    await waitFor(
      () => proxy.connections(),
      (n) => n === 0,
      { what: 'no connection after quit' },
    );
  });

  it('server full (private cluster, small max_connections): SERVER FULL first, then live once slots free', async () => {
    const cl = await startPgCluster({ maxConnections: 5, superuserReserved: 1 });
    const fillers: pg.Client[] = [];
    try {
      for (;;) {
        const c = new pg.Client({ connectionString: cl.url(), application_name: 'storm' });
        c.on('error', () => undefined);
        try {
          await c.connect();
          fillers.push(c);
        } catch {
          break;
        }
      }
      t = await Tmux.start({ cols: 200, rows: 50 });
      const cfg = join(t.home, 'warroom.yaml');
      writeFileSync(
        cfg,
        [
          'postgres:',
          `  url: "${cl.url()}"`,
          '  intervalMs: 500',
          'health:',
          '  endpoints:',
          `    - { name: api, url: "${health.url}", intervalMs: 300 }`,
          '',
        ].join('\n'),
      );
      t.run(warroomCmd(`--config ${cfg}`));
      const s = await t.waitFor((x) => x.includes('✖ SERVER FULL: sorry, too many clients already'), {
        what: 'server full in the postgres pane',
        timeoutMs: 20_000,
      });
      expect(s).not.toContain('warroom-test-pw'); // the password of the URL is never shown
      health.mode = 'healthy';
      await t.waitForText('● up'); // the other panes keep updating
      await Promise.allSettled(fillers.splice(0).map((c) => c.end()));
      await t.waitFor((x) => /7 Postgres\s+● live/.test(x) && x.includes('conns 1/4'), {
        what: 'live once slots free',
        timeoutMs: 30_000,
      });
    } finally {
      await Promise.allSettled(fillers.map((c) => c.end()));
      t?.kill();
      t = undefined;
      await cl.destroy();
    }
  });
});
