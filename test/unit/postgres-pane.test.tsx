// PostgreSQL pane inside the shell: gauge and states small, views switched by keys, tables
// zoomed, selection by pid, and the server-full error first.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { PgSnapshot } from '../../src/data/postgres/types.js';
import { sess, snap } from '../helpers/pg-snapshot.js';
import { getSelection } from '../../src/store/selection.js';
import { type SourceState } from '../../src/store/store.js';
import { liveSource, renderApp, storeWithSources } from '../helpers/app.js';
import { press, waitForFrame } from '../helpers/frame.js';

function snapshot(): PgSnapshot {
  const sessions = [
    sess(11, {
      state: 'idle in transaction',
      application: 'billing',
      xactMs: 90_000,
      query: 'UPDATE accounts SET x = 1',
    }),
    sess(12, {
      blockedBy: [11],
      waitEventType: 'Lock',
      waitEvent: 'transactionid',
      queryMs: 45_000,
      query: 'UPDATE accounts SET x = 2',
    }),
    sess(13, {
      blockedBy: [12],
      waitEventType: 'Lock',
      waitEvent: 'relation',
      queryMs: 20_000,
      query: 'LOCK accounts',
    }),
    sess(14, { queryMs: 300_000, application: 'reporting', query: 'SELECT * FROM big_report' }),
    sess(15, { state: 'idle' }),
  ];
  return snap(sessions, {
    at: Date.now(),
    history: [1, 2, 3, 4, 5],
    locks: [
      { pid: 12, locktype: 'transactionid', mode: 'ShareLock', relation: 'accounts' },
      { pid: 13, locktype: 'relation', mode: 'AccessExclusiveLock', relation: 'accounts' },
    ],
    databaseSize: 2 * 1024 ** 3,
    statements: {
      available: true,
      rows: [
        {
          queryid: '42',
          query: 'SELECT * FROM big_report',
          calls: 10,
          totalMs: 3_000_000,
          meanMs: 300_000,
          rows: 10,
        },
      ],
    },
  });
}

function storeWith(state: Partial<SourceState<PgSnapshot>>) {
  return storeWithSources({ postgres: liveSource<PgSnapshot>(undefined, state) });
}

describe('postgres pane in the shell', () => {
  let inst: ReturnType<typeof render> | undefined;
  afterEach(() => inst?.unmount());

  it('grid: gauge, states and blockers; keys switch to the blocking tree; zoom shows the full table; selection is the pid', async () => {
    const store = storeWith({ data: snapshot() });
    inst = renderApp(store);
    await waitForFrame(
      inst,
      (f) => /conns 5\/97 [█░]+ 5%/.test(f) && f.includes('active 3 · idle 1 · idle-in-tx 1'),
    );
    expect(inst.lastFrame()).toMatch(/✖ 2 blocked · pid 11 \(idle-tx, billing\) blocks 2/);
    await press(inst.stdin, '7', 'b');
    await waitForFrame(inst, (f) => f.includes('▸ blocking tree (2 blocked)') && f.includes('└ 12'));
    await press(inst.stdin, 'z');
    await waitForFrame(
      inst,
      (f) => f.includes('WAITS FOR') && f.includes('AccessExclusiveLock') && f.includes('└ 13'),
    );
    await press(inst.stdin, 'j');
    await waitForFrame(inst, () => getSelection(store, 'postgres') === '12', { what: 'selection 12' });
    // Issue 14: with 15 rows or more (here in the grid), the overview shows the blocking tree
    // inline and the longest queries (before, the grid overview had no table and no selection).
    await press(inst.stdin, 'z', 'o');
    await waitForFrame(
      inst,
      (f) =>
        f.includes('▸ blocking tree (2 blocked)') && f.includes('▸ long queries (3)') && f.includes('└ 12'),
      { what: 'overview with the tree inline' },
    );
    await press(inst.stdin, 'z', 'l');
    await waitForFrame(
      inst,
      (f) => f.includes('▸ long queries (3)') && f.includes('SELECT * FROM big_report'),
    );
    await press(inst.stdin, 't');
    await waitForFrame(inst, (f) => f.includes('top statements by total time (1)') && f.includes('50m'));
    await press(inst.stdin, 'c');
    await waitForFrame(inst, (f) => f.includes('connections by application') && f.includes('billing'));
    await press(inst.stdin, 'c');
    await waitForFrame(inst, (f) => f.includes('connections by user'));
    await press(inst.stdin, 'i');
    await waitForFrame(inst, (f) => f.includes('idle in transaction (1)') && f.includes(' 1m '));
    for (const line of inst.lastFrame()!.split('\n')) expect(line.length).toBeLessThanOrEqual(200);
    expect(inst.lastFrame()!.split('\n').length).toBeLessThanOrEqual(50);
  });

  it('server full: the error is the first thing the pane shows, over the last good data', async () => {
    const store = storeWith({
      status: 'error',
      data: snapshot(),
      error:
        'SERVER FULL: sorry, too many clients already (53300) — connection slots exhausted; the console holds no connection and retries with backoff',
    });
    inst = renderApp(store);
    const f = await waitForFrame(inst, (f) => f.includes('✖ SERVER FULL: sorry, too many clients already'));
    const lines = f.split('\n');
    const full = lines.findIndex((l) => l.includes('✖ SERVER FULL'));
    const gauge = lines.findIndex((l) => l.includes('conns 5/97'));
    expect(full).toBeGreaterThan(-1);
    expect(gauge).toBeGreaterThan(full);
  });

  it('no data yet and the server refuses: the message in words', async () => {
    const store = storeWith({
      status: 'error',
      data: undefined,
      fetchedAt: undefined,
      error: 'connection refused (postgres@db:5432/app) — is the server down?',
    });
    inst = renderApp(store);
    await waitForFrame(
      inst,
      (f) => f.includes('✖ connection refused (postgres@db:5432/app) — is the server') && f.includes('down?'),
    );
  });
});
