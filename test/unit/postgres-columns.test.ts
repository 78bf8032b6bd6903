// Pure parts of the PostgreSQL pane and source: parsing, the blocking tree, counts, SQL per
// version, rows and summary lines that fit their width.
import { describe, expect, it } from 'vitest';
import { describePgError, isServerFull } from '../../src/data/postgres/connection.js';
import {
  activitySql,
  idleInTransaction,
  lockTree,
  longRunning,
  parseLocks,
  parsePidArray,
  parseSession,
  sessionByPid,
  statementsSql,
  summarize,
  usableConnections,
} from '../../src/data/postgres/queries.js';
import { sess, snap } from '../helpers/pg-snapshot.js';
import {
  compactQuery,
  gaugeLine,
  overviewLines,
  queryRow,
  stateLine,
  treeRows,
  waitRows,
} from '../../src/panes/postgres/columns.js';

describe('parsing', () => {
  it('sessions: states, hidden rows, clients, pid arrays', () => {
    const hidden = parseSession({ pid: 7, usename: 'x', state: null, query: '<insufficient privilege>' });
    expect(hidden).toMatchObject({ pid: 7, state: 'hidden', client: '', query: '<insufficient privilege>' });
    const local = parseSession({ pid: 8, state: 'idle', client_addr: null, client_port: -1, query: '' });
    expect(local.client).toBe('local');
    const tcp = parseSession({ pid: 9, state: 'active', client_addr: '10.1.2.3/32', blocked_by: [4, 5] });
    expect(tcp).toMatchObject({ client: '10.1.2.3', blockedBy: [4, 5] });
    expect(parsePidArray('{1,22}')).toEqual([1, 22]);
    expect(parsePidArray(null)).toEqual([]);
  });

  it('locks: a row-lock waiter borrows the relation of its granted tuple lock', () => {
    const locks = parseLocks([
      { pid: 2, locktype: 'transactionid', mode: 'ShareLock', granted: false, target: 'xid 9' },
      { pid: 2, locktype: 'tuple', mode: 'ExclusiveLock', granted: true, relation: 'orders' },
      { pid: 3, locktype: 'tuple', mode: 'ExclusiveLock', granted: false, relation: 'orders' },
    ]);
    expect(locks).toEqual([
      { pid: 2, locktype: 'transactionid', mode: 'ShareLock', relation: 'orders', target: 'xid 9' },
      { pid: 3, locktype: 'tuple', mode: 'ExclusiveLock', relation: 'orders', target: undefined },
    ]);
  });

  it('SQL per version: client backends from PG 10, pg_stat_statements column names before and after 1.8', () => {
    expect(activitySql(150000)).toContain(`backend_type = 'client backend'`);
    expect(activitySql(90600)).not.toContain('backend_type');
    expect(activitySql(150000)).toContain(
      `CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END`,
    );
    expect(statementsSql('public', '1.10')).toContain('total_exec_time');
    expect(statementsSql('public', '1.7')).toMatch(/total_time::float8.*ORDER BY total_time DESC/s);
    expect(statementsSql('we"ird', '1.8')).toContain('FROM "we""ird".pg_stat_statements');
  });
});

describe('summaries', () => {
  const sessions = [
    sess(1, { state: 'idle in transaction', application: 'billing', xactMs: 90_000, stateChange: 960_000 }),
    sess(2, {
      state: 'active',
      blockedBy: [1],
      waitEventType: 'Lock',
      waitEvent: 'transactionid',
      queryMs: 80_000,
    }),
    sess(3, {
      state: 'active',
      blockedBy: [2],
      waitEventType: 'Lock',
      waitEvent: 'relation',
      queryMs: 20_000,
    }),
    sess(4, { state: 'active', blockedBy: [1, 2], waitEventType: 'Lock', queryMs: 10_000 }),
    sess(5, { state: 'idle', application: '', user: 'batch', client: '' }),
    sess(6, { state: 'hidden', application: '', client: '', query: '<insufficient privilege>' }),
    sess(7, { state: 'idle in transaction (aborted)', xactMs: 5000 }),
    sess(8, { self: true, application: 'warroom', queryMs: 1 }),
  ];

  it('counts by state, application, user, client', () => {
    const s = summarize(sessions);
    expect(s.total).toBe(8);
    expect(s.byState).toEqual({
      'idle in transaction': 1,
      active: 4,
      idle: 1,
      hidden: 1,
      'idle in transaction (aborted)': 1,
    });
    expect(s.hidden).toBe(1);
    expect(s.byApplication[0]).toEqual({ key: 'api', count: 4 });
    expect(s.byApplication).toContainEqual({ key: '(none)', count: 2 });
    expect(s.byUser).toContainEqual({ key: 'batch', count: 1 });
    expect(s.byClient).toContainEqual({ key: '(hidden)', count: 1 });
  });

  it('long-running excludes idle, hidden and ourselves; idle in transaction oldest first', () => {
    expect(longRunning(sessions).map((s) => s.pid)).toEqual([2, 3, 4]);
    expect(idleInTransaction(sessions).map((s) => s.pid)).toEqual([1, 7]);
  });

  it('blocking tree: the head of the chain first, waiters under who blocks them, second blockers marked', () => {
    const tree = lockTree(sessions, [
      { pid: 2, locktype: 'transactionid', mode: 'ShareLock', relation: 'orders' },
      { pid: 3, locktype: 'relation', mode: 'AccessExclusiveLock', relation: 'orders' },
      { pid: 4, locktype: 'relation', mode: 'RowExclusiveLock', relation: 'orders' },
    ]);
    expect(tree.map((n) => [n.pid, n.depth, n.blocking, !!n.repeat])).toEqual([
      [1, 0, 3, false],
      [2, 1, 2, false],
      [3, 2, 0, false],
      [4, 2, 0, false],
      [4, 1, 0, true],
    ]);
    expect(tree[1]!.wait?.mode).toBe('ShareLock');
  });

  it('blocking tree: cycles stop, invisible blockers still list their waiters', () => {
    const cyc = lockTree([sess(1, { blockedBy: [2] }), sess(2, { blockedBy: [1] })], []);
    expect(cyc.map((n) => n.pid)).toEqual([1, 2, 1]);
    expect(cyc[2]!.repeat).toBe(true);
    const ghost = lockTree([sess(5, { blockedBy: [99] })], []);
    expect(ghost.map((n) => [n.pid, n.depth, !!n.session])).toEqual([
      [99, 0, false],
      [5, 1, true],
    ]);
    expect(lockTree([sess(1)], [])).toEqual([]);
  });

  it('finds the selected session by its row id (the pid); other row ids find nothing', () => {
    const s = snap(sessions);
    expect(sessionByPid(s, '4')?.pid).toBe(4);
    expect(sessionByPid(s, 4)?.pid).toBe(4);
    expect(sessionByPid(s, 'stmt:42')).toBeUndefined();
    expect(sessionByPid(s, '4@2')).toBeUndefined();
    expect(sessionByPid(s, undefined)).toBeUndefined();
  });

  it('usable connections: max_connections minus reserved', () => {
    expect(usableConnections({ maxConnections: 100, reservedConnections: 3 })).toBe(97);
  });
});

describe('rows and lines', () => {
  const sessions = [
    sess(11, { state: 'idle in transaction', xactMs: 90_000 }),
    sess(12, {
      blockedBy: [11],
      waitEventType: 'Lock',
      waitEvent: 'transactionid',
      queryMs: 45_000,
      query: 'UPDATE orders\n  SET v = 1\x1b[31m',
    }),
  ];
  const s = snap(sessions, {
    locks: [{ pid: 12, locktype: 'transactionid', mode: 'ShareLock', relation: 'orders' }],
  });

  it('query rows: pid as id, tone by duration, compact terminal-safe text', () => {
    const r = queryRow(sessions[1]!, 30_000, true);
    expect(r.id).toBe('12');
    expect(r.tone).toBe('bad');
    expect(r.cells[7]).toBe('UPDATE orders SET v = 1␛');
    expect(queryRow(sess(5, { queryMs: 40_000 }), 30_000, false).tone).toBe('warn');
    expect(compactQuery('a\n\tb   c')).toBe('a b c');
  });

  it('tree and wait rows', () => {
    const rows = treeRows(s, 160);
    expect(rows.map((r) => r.id)).toEqual(['11', '12']);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['11', '1', 'holds the lock']);
    expect(rows[1]!.cells.slice(0, 4)).toEqual(['└ 12', '', 'ShareLock', 'orders']);
    const waits = waitRows(s, 160);
    expect(waits[0]!.cells.slice(0, 5)).toEqual(['12', 'transactionid', 'ShareLock', 'orders', '11']);
  });

  it('gauge line fits every width, with a sparkline', () => {
    for (const w of [30, 40, 64, 120, 196]) {
      const g = gaugeLine(s, w);
      expect(g.text.length).toBeLessThanOrEqual(w);
      expect(g.text).toMatch(/^conns 2\/97 [█░]+ 2%/);
    }
    expect(gaugeLine(s, 10).text.length).toBeLessThanOrEqual(10);
    expect(gaugeLine(s, 64).text).toMatch(/[▁▂▃▄▅▆▇█]{3,}$/);
    expect(gaugeLine(snap(Array.from({ length: 90 }, (_, i) => sess(i + 1))), 64).tone).toBe('bad');
  });

  it('state and overview lines name blockers, the longest query, hidden sessions', () => {
    expect(stateLine(s)).toBe('active 1 · idle 0 · idle-in-tx 1 · aborted-tx 0');
    const hidden = snap([sess(1, { state: 'hidden' })], {
      role: { name: 'mon', superuser: false, monitor: false },
    });
    const text = overviewLines(s).map((l) => l.text);
    expect(text[0]).toMatch(/^✖ 1 blocked · pid 11 \(idle-tx, api\) blocks 1$/);
    expect(text[1]).toMatch(/^longest 45s pid 12 api: UPDATE orders SET v = 1/);
    expect(text[2]).toMatch(/^oldest idle-in-tx 1m pid 11/);
    expect(text[3]).toBe('db prod 1.5GiB · as monitor (pg_monitor) · PG 15');
    expect(overviewLines(hidden)[1]!.text).toMatch(
      /^▲ 1 session <insufficient privilege>: query, state, client hidden — grant pg_monitor to mon/,
    );
  });
});

describe('errors in words', () => {
  it('maps SQLSTATEs and socket errors, flags server-full', () => {
    const full = describePgError(
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    );
    expect(full.message).toMatch(/^SERVER FULL: sorry, too many clients already/);
    expect(isServerFull(full.message)).toBe(true);
    expect(
      isServerFull('remaining connection slots are reserved for non-replication superuser connections'),
    ).toBe(true);
    expect(isServerFull('connection refused')).toBe(false);
    const refused = describePgError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      {
        where: 'u@h:1/db',
      },
    );
    expect(refused.message).toBe('connection refused (u@h:1/db) — is the server down?');
    const q = describePgError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }));
    expect(q.fatal).toBe(false);
    const secret = describePgError(new Error('failed for postgres://u:hunter2@h/db'));
    expect(secret.message).not.toContain('hunter2');
  });
});
