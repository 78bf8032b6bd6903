// The PostgreSQL operations against a real server: the backend is really gone afterwards,
// the preview names exactly the pids hit, read-only refuses, a gone pid is reported in words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait.js';
import { runOperation } from '../../src/ops/runner.js';
import { operation as cancelQuery } from '../../src/data/postgres/ops/cancel-query.js';
import { operation as terminateBackend } from '../../src/data/postgres/ops/terminate-backend.js';
import { operation as terminateIdle } from '../../src/data/postgres/ops/terminate-idle-in-transaction.js';
import { operation as terminateLong } from '../../src/data/postgres/ops/terminate-long-queries.js';
import { envFor, MemRecorder, refuseConfirm, typingConfirm, runOp } from './helpers.js';

let db: TestDb;
const clients: pg.Client[] = [];

async function session(app = 'victim'): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({ connectionString: db.url, application_name: app });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return { client, pid };
}

async function alive(pid: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const r = await c.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  await c.end();
  return r.rowCount === 1;
}

beforeEach(async () => {
  db = await createTestDb('warroom_actions');
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  await db.drop();
});

const env = () => envFor({ postgres: { url: db.url } });

describe('postgres ops', () => {
  it('terminate backend: the preview names the pid, user and query; afterwards it is gone', async () => {
    const { pid } = await session();
    const target = terminateBackend.appliesTo({ kind: 'pg-session', id: String(pid) }, env())!;
    expect(target.confirmName).toBe(String(pid));
    const rec = new MemRecorder();
    const confirm = typingConfirm();
    const res = await runOperation({
      op: terminateBackend,
      target,
      params: {},
      env: env(),
      confirm,
      recorder: rec,
    });
    expect(res.outcome).toBe('succeeded');
    expect(confirm.asked[0]!.requireName).toBe(String(pid));
    expect(confirm.asked[0]!.plan.impact.join('\n')).toMatch(new RegExp(`pid ${pid}\\s+postgres@${db.name}`));
    expect(res.plan!.command).toBe(`psql "${db.url}" -c "SELECT pg_terminate_backend(${pid})"`);
    await waitFor(
      () => alive(pid),
      (a) => !a,
      { what: 'backend gone' },
    );
    expect(rec.records[0]).toMatchObject({ operation: 'postgres.terminate-backend', outcome: 'succeeded' });
  });

  it('cancel query: the running statement is cancelled, the session stays', async () => {
    const { client, pid } = await session();
    const running = client.query('SELECT pg_sleep(60)').then(
      () => 'finished',
      (e: Error) => e.message,
    );
    await waitFor(
      async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        const r = await c.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [pid]);
        await c.end();
        return r.rows[0]?.state;
      },
      (s) => s === 'active',
    );
    const target = cancelQuery.appliesTo({ kind: 'pg-session', id: String(pid) }, env())!;
    const res = await runOp(cancelQuery, target, {}, env());
    expect(res.outcome).toBe('succeeded');
    expect(res.plan!.impact.join(' ')).toContain('pg_sleep(60)');
    expect(await running).toMatch(/canceling statement due to user request/);
    expect(await alive(pid)).toBe(true);
  });

  it('cancelled confirmation and wrong typing change nothing; read-only refuses', async () => {
    const { pid } = await session();
    const target = terminateBackend.appliesTo({ kind: 'pg-session', id: String(pid) }, env())!;
    const rec = new MemRecorder();
    const r1 = await runOperation({
      op: terminateBackend,
      target,
      params: {},
      env: env(),
      confirm: refuseConfirm,
      recorder: rec,
    });
    expect(r1.outcome).toBe('cancelled');
    const r2 = await runOperation({
      op: terminateBackend,
      target,
      params: {},
      env: env(),
      confirm: typingConfirm({ name: 'y' }),
      recorder: rec,
    });
    expect(r2.outcome).toBe('cancelled');
    const roEnv = envFor({ postgres: { url: db.url }, actions: { readOnly: true } });
    const r3 = await runOperation({
      op: terminateBackend,
      target,
      params: {},
      env: roEnv,
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(r3.outcome).toBe('refused');
    expect(r3.detail).toMatch(/read-only/);
    expect(await alive(pid)).toBe(true);
    expect(rec.records.map((r) => r.outcome)).toEqual(['cancelled', 'cancelled', 'refused']);
  });

  it('a backend that is gone is reported in words', async () => {
    const target = terminateBackend.appliesTo({ kind: 'pg-session', id: '999999' }, env())!;
    const res = await runOp(terminateBackend, target, {}, env());
    expect(res.outcome).toBe('failed');
    expect(res.detail).toMatch(/backend 999999 is gone/);
  });

  it('terminate idle in transaction: lists exactly the idle-in-transaction pids, needs the context for several', async () => {
    const a = await session();
    const b = await session();
    const busy = await session();
    await a.client.query('BEGIN');
    await b.client.query('BEGIN');
    await busy.client.query('SELECT 1');
    const e = env();
    const target = terminateIdle.appliesTo({ kind: 'pg-session' }, e)!;
    // wait until both have been idle in transaction for more than 1 s
    await waitFor(
      async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        const r = await c.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND now() - state_change > interval '1 second' AND datname = $1`,
          [db.name],
        );
        await c.end();
        return r.rows[0].n as number;
      },
      (n) => n === 2,
    );
    const confirm = typingConfirm();
    const res = await runOp(terminateIdle, target, { n: '1' }, e, { confirm });
    expect(res.outcome).toBe('succeeded');
    const req = confirm.asked[0]!;
    // One risk (issue 12 item 18): the palette's (the op's) is the confirmation's.
    expect(req.plan.risk).toBe('destructive');
    expect(terminateIdle.risk).toBe(req.plan.risk);
    expect(req.requireName).toBe('2-backends');
    expect(req.requireContext).toBe(db.name);
    const impact = req.plan.impact.join('\n');
    expect(impact).toContain(`pid ${a.pid}`);
    expect(impact).toContain(`pid ${b.pid}`);
    expect(impact).not.toContain(`pid ${busy.pid}`);
    await waitFor(
      async () => [await alive(a.pid), await alive(b.pid)],
      (v) => !v[0] && !v[1],
    );
    expect(await alive(busy.pid)).toBe(true);
  });

  it('terminate long queries: nothing to do is reported, nothing changes; bad N is refused', async () => {
    const e = env();
    const target = terminateLong.appliesTo({ kind: 'pg-session' }, e)!;
    const res = await runOp(terminateLong, target, { n: '60' }, e);
    expect(res.outcome).toBe('cancelled');
    expect(res.detail).toMatch(/nothing to do: no backend is running a query longer than 60 min/);
    const bad = await runOp(terminateLong, target, { n: 'abc' }, e);
    expect(bad.outcome).toBe('refused');
    expect(bad.detail).toMatch(/whole number/);
  });
});
