// What one refresh of the PostgreSQL pane costs the database, compared in the same run with
// pg_activity (Debian `pg-activity`), the usual terminal tool for the same job.
//
// A private cluster (never the shared server) with pg_stat_statements preloaded; 90 client
// sessions, 20 of them in a lock chain; each tool connects as its own role (pg_monitor, the
// least privilege a managed database gives) so pg_stat_statements separates their statements
// by userid. Rounds alternate (warroom, pg_activity, warroom, pg_activity) after a reset of
// pg_stat_statements each; figures are execution time summed over the tool's statements
// divided by its refreshes. pg_activity runs for real, in tmux, in its default view.
//
// Run: npx tsx bench/postgres.bench.ts   (writes the "PostgreSQL overhead" section)
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { postgresSource } from '../src/data/postgres/source.js';
import { SourceHub } from '../src/data/source.js';
import { createAppStore, createBatcher } from '../src/store/store.js';
import { startPgCluster, type PgCluster } from '../test/helpers/pg-cluster.js';
import { Tmux } from '../test/helpers/tmux.js';
import { writeSection } from './report.js';

const ROUND_MS = Number(process.env.PG_BENCH_ROUND_MS ?? 20_000);
const ROUNDS = 2;
const WARROOM_INTERVAL_MS = 500;
const PGA_REFRESH_S = 0.5;

function ensurePgActivity(): string {
  try {
    return execFileSync('pg_activity', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    console.log('installing pg-activity (apt-get)…');
    execFileSync('apt-get', ['install', '-y', '-qq', 'pg-activity'], { stdio: 'inherit' });
    return execFileSync('pg_activity', ['--version'], { encoding: 'utf8' }).trim();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Held {
  clients: pg.Client[];
  pending: Promise<unknown>[];
}

/** 90 client sessions: 20 in a lock chain, the rest idle, idle in transaction, aborted, active. */
async function workload(cl: PgCluster): Promise<Held> {
  const held: Held = { clients: [], pending: [] };
  const open = async (app: string) => {
    const c = new pg.Client({
      connectionString: cl.url('postgres', undefined, 'shop'),
      application_name: app,
    });
    c.on('error', () => undefined);
    await c.connect();
    held.clients.push(c);
    return c;
  };
  const setup = await open('setup');
  await setup.query('CREATE TABLE IF NOT EXISTS orders (id int primary key, v int)');
  await setup.query('INSERT INTO orders SELECT g, 0 FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING');
  const waitLock = async (n: number) => {
    for (;;) {
      const r = await setup.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`,
      );
      if (r.rows[0].n >= n) return;
      await sleep(20);
    }
  };
  // The chain: a holder idle in transaction, 10 row-lock waiters, one ACCESS EXCLUSIVE request
  // queued behind them, and 8 readers queued behind that (1 + 10 + 1 + 8 = 20).
  const holder = await open('chain-holder');
  await holder.query('BEGIN; UPDATE orders SET v = v + 1 WHERE id = 1');
  for (let i = 0; i < 10; i++) {
    const c = await open('chain-row');
    held.pending.push(c.query('UPDATE orders SET v = v + 1 WHERE id = 1').catch(() => undefined));
  }
  await waitLock(10);
  const ddl = await open('chain-ddl');
  await ddl.query('BEGIN');
  held.pending.push(ddl.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE').catch(() => undefined));
  await waitLock(11);
  for (let i = 0; i < 8; i++) {
    const c = await open('chain-reader');
    held.pending.push(c.query('SELECT count(*) FROM orders').catch(() => undefined));
  }
  await waitLock(19);
  // 70 more (the setup session is one of them): idle, idle in transaction, aborted, active.
  for (let i = 0; i < 29; i++) await open('api-idle');
  for (let i = 0; i < 15; i++) {
    const c = await open('worker-idle-tx');
    await c.query('BEGIN; SELECT 1');
  }
  for (let i = 0; i < 5; i++) {
    const c = await open('worker-aborted');
    await c.query('BEGIN');
    await c.query('SELECT 1/0').catch(() => undefined);
  }
  for (let i = 0; i < 20; i++) {
    const c = await open('report');
    held.pending.push(c.query('SELECT pg_sleep(3600)').catch(() => undefined));
  }
  const n = await setup.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`,
  );
  console.log(`workload: ${n.rows[0].n} client sessions (incl. this check), ${held.clients.length} opened`);
  return held;
}

interface Cost {
  tool: string;
  refreshes: number;
  calls: number;
  execMs: number;
  byStatement: { query: string; calls: number; ms: number }[];
}

async function costOf(cl: PgCluster, role: string, tool: string, refreshes: number): Promise<Cost> {
  const rows = await cl.sql(
    `SELECT left(regexp_replace(regexp_replace(query, '^(\\s*--[^\\n]*\\n)+', ''), '\\s+', ' ', 'g'), 90) AS query,
            calls::float8 AS calls, total_exec_time::float8 AS ms
       FROM pg_stat_statements WHERE userid = '${role}'::regrole ORDER BY total_exec_time DESC`,
  );
  const byStatement = rows.map((r) => ({ query: String(r.query), calls: Number(r.calls), ms: Number(r.ms) }));
  return {
    tool,
    refreshes,
    calls: byStatement.reduce((a, b) => a + b.calls, 0),
    execMs: byStatement.reduce((a, b) => a + b.ms, 0),
    byStatement,
  };
}

async function roundWarroom(cl: PgCluster): Promise<Cost> {
  await cl.sql('SELECT pg_stat_statements_reset()');
  const store = createAppStore();
  const batcher = createBatcher(store, 50);
  const hub = new SourceHub(batcher);
  let refreshes = 0;
  hub.add(
    postgresSource(
      {
        url: cl.url('bench_warroom', 'bench', 'shop'),
        intervalMs: WARROOM_INTERVAL_MS,
        statementTimeoutMs: 1500,
        longQuerySeconds: 30,
        idleInTransactionSeconds: 30,
      },
      {
        // The production ratio: size and top statements every 5th refresh (2 s / 10 s).
        slowEveryMs: WARROOM_INTERVAL_MS * 5,
        onQuery: (sql) => {
          if (sql.includes('FROM pg_stat_activity') || sql.includes('pg_stat_activity a')) refreshes++;
        },
      },
    ),
    60_000,
  );
  await sleep(ROUND_MS);
  await hub.stopAll();
  batcher.dispose();
  const st = store.getState().sources.postgres;
  if (st?.status !== 'ok') throw new Error(`warroom source not ok: ${st?.error}`);
  return costOf(cl, 'bench_warroom', 'warroom', refreshes);
}

async function roundPgActivity(cl: PgCluster, activitySqlMarker: string): Promise<Cost> {
  await cl.sql('SELECT pg_stat_statements_reset()');
  const t = await Tmux.start({ cols: 200, rows: 50, env: { PGPASSWORD: 'bench' } });
  try {
    t.run(
      `pg_activity -h 127.0.0.1 -p ${cl.port} -U bench_pga -d shop --refresh ${PGA_REFRESH_S} --no-app-name; echo pga-exit=$?`,
    );
    await t.waitFor((s) => /RUNNING QUERIES/i.test(s) || /pga-exit=\d/.test(s), {
      what: 'pg_activity screen',
      timeoutMs: 30_000,
    });
    if (/pga-exit=\d/.test(t.screen())) throw new Error(`pg_activity exited:\n${t.screen()}`);
    await sleep(ROUND_MS);
    if (process.env.PG_BENCH_SHOW) console.log(t.screen());
    t.send('q');
    await t
      .waitFor((s) => /pga-exit=\d/.test(s), { what: 'pg_activity exit', timeoutMs: 10_000 })
      .catch(() => '');
  } finally {
    t.kill();
  }
  const c = await costOf(cl, 'bench_pga', 'pg_activity', 0);
  // One refresh = one run of its activity query.
  c.refreshes = c.byStatement
    .filter((s) => s.query.includes(activitySqlMarker))
    .reduce((a, b) => a + b.calls, 0);
  return c;
}

function sum(costs: Cost[]): Cost {
  const out: Cost = { tool: costs[0]!.tool, refreshes: 0, calls: 0, execMs: 0, byStatement: [] };
  const m = new Map<string, { query: string; calls: number; ms: number }>();
  for (const c of costs) {
    out.refreshes += c.refreshes;
    out.calls += c.calls;
    out.execMs += c.execMs;
    for (const s of c.byStatement) {
      const e = m.get(s.query) ?? { query: s.query, calls: 0, ms: 0 };
      e.calls += s.calls;
      e.ms += s.ms;
      m.set(s.query, e);
    }
  }
  out.byStatement = [...m.values()].sort((a, b) => b.ms - a.ms);
  return out;
}

async function main() {
  const pgaVersion = ensurePgActivity();
  const cl = await startPgCluster({
    maxConnections: 150,
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' },
  });
  let held: Held | undefined;
  try {
    await cl.sql('CREATE DATABASE shop');
    await cl.sql('CREATE EXTENSION pg_stat_statements');
    await cl.sql('CREATE EXTENSION pg_stat_statements', 'shop');
    for (const r of ['bench_warroom', 'bench_pga'])
      await cl.sql(`CREATE ROLE ${r} LOGIN PASSWORD 'bench' IN ROLE pg_monitor`);
    held = await workload(cl);
    const version = String((await cl.sql('SHOW server_version'))[0]!.server_version);
    const w: Cost[] = [];
    const p: Cost[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      console.log(`round ${i + 1}: warroom`);
      w.push(await roundWarroom(cl));
      console.log(`round ${i + 1}: pg_activity`);
      p.push(await roundPgActivity(cl, 'a.pid AS pid, a.application_name'));
    }
    const W = sum(w);
    const P = sum(p);
    const per = (c: Cost) => c.execMs / Math.max(1, c.refreshes);
    const stm = (c: Cost) => c.calls / Math.max(1, c.refreshes);
    const fmt = (n: number, d = 2) => n.toFixed(d);
    const ratio = per(P) / per(W);
    const table = (c: Cost) =>
      c.byStatement
        .slice(0, 8)
        .map(
          (s) =>
            `| ${s.query.replace(/\|/g, '\\|')}… | ${s.calls} | ${fmt(s.ms / Math.max(1, c.refreshes), 3)} |`,
        )
        .join('\n');
    const date = new Date().toISOString().slice(0, 10);
    const body = `Measured ${date} by \`bench/postgres.bench.ts\`.

What one refresh costs the database, as execution time recorded by \`pg_stat_statements\`
(\`track = all\`), summed over the tool's statements and divided by its refreshes. Private
PostgreSQL ${version} cluster; **90 client sessions, 20 of them in a lock chain** (a holder idle
in transaction, 10 row-lock waiters, an ACCESS EXCLUSIVE request queued behind them, 8 readers
behind that), 20 active, 15 idle in transaction, 5 aborted, the rest idle. Each tool connects
as its own role with \`pg_monitor\` only; ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s each, in the
same run. warroom refreshes every ${WARROOM_INTERVAL_MS} ms with database size and top statements every
5th refresh (the production ratio of its 2 s / 10 s defaults); ${pgaVersion} runs for real in
tmux (\`--refresh ${PGA_REFRESH_S}\`, default view: running queries).

| tool | refreshes | statements / refresh | execution time / refresh | aim |
| --- | ---: | ---: | ---: | --- |
| warroom (lock tree, ungranted locks, size, top statements included) | ${W.refreshes} | ${fmt(stm(W))} | ${fmt(per(W), 3)} ms | cheaper than pg_activity |
| reference: pg_activity, default view | ${P.refreshes} | ${fmt(stm(P))} | ${fmt(per(P), 3)} ms | |

warroom costs the database **${ratio >= 1 ? `${fmt(ratio, 1)}× less` : `${fmt(1 / ratio, 1)}× more`}** per refresh than pg_activity here.
pg_activity sums \`pg_database_size()\` over every database and reads temp files
(\`pg_ls_tmpdir\`) on each refresh; warroom reads one database's size every few refreshes,
calls \`pg_blocking_pids()\` only for backends waiting on a lock, and reads \`pg_locks\` only
when one does.

warroom, by statement (execution ms per refresh):

| statement | calls | ms / refresh |
| --- | ---: | ---: |
${table(W)}

pg_activity, by statement:

| statement | calls | ms / refresh |
| --- | ---: | ---: |
${table(P)}
`;
    console.log(body);
    writeSection('PostgreSQL overhead', body);
  } finally {
    if (held) {
      await Promise.allSettled(held.clients.map((c) => c.end()));
    }
    await cl.destroy();
  }
}

await main();
