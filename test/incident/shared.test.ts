// The shared journal against the real PostgreSQL, no mocks: each console has its own state
// directory and reaches the database through its own TCP proxy, so that one can be cut, hung or
// refused while the others go on. Consoles converge to the same events in the same order; a
// partition in the middle of writing loses and duplicates nothing; the database refusing,
// hanging, denying permission, holding a newer schema or restarting leaves the console
// working locally, and it catches up by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal, loadJournal, journalPath } from '../../src/incident/journal.js';
import { reduce } from '../../src/incident/model.js';
import {
  parsePresence,
  presenceName,
  Replicator,
  type SharedStatus,
} from '../../src/incident/shared/replicator.js';
import { sharedText } from '../../src/incident/shared/status.js';
import { migrate, SCHEMA_VERSION } from '../../src/incident/shared/schema.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startPgCluster } from '../helpers/pg-cluster.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

const CONSOLE = resolve(__dirname, 'fixtures/shared-console.ts');
const EVENT_LINE = /^[0-9a-z]+-[0-9a-z]{4}[0-9a-f]{16}$/gm; // src/incident/journal.ts newEventId
/** The soak's length: the 60 s with WARROOM_SHARED_SOAK_S=60; 10 s in the suite. */
const SOAK_S = Number(process.env.WARROOM_SHARED_SOAK_S ?? 10);
const declared = {
  title: 'API errors elevated',
  severity: 'SEV2' as const,
  impact: '15% of API requests fail',
  startedAt: '2026-12-01T10:00:00.000Z',
};

let db: TestDb;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  db = await createTestDb('warroom_test_shared');
});
afterAll(async () => {
  await db.drop();
});
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'warroom-shared-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

interface Node {
  actor: string;
  state: string;
  journal: Journal;
  rep: Replicator;
  proxy: TcpProxy;
  status: () => SharedStatus;
}

async function node(
  actor: string,
  incident?: string,
  url?: (proxy: TcpProxy) => string,
  listen = true,
): Promise<Node> {
  const state = tmp();
  const proxy = await startTcpProxy(5432);
  const journal = incident
    ? Journal.openOrCreate(state, incident, actor)
    : Journal.create(state, actor, declared, Date.now, true);
  const rep = new Replicator({
    url: url ? url(proxy) : db.urlVia(proxy.port),
    state,
    journal,
    pollMs: 300,
    timeoutMs: 1500,
    retryMs: 100,
    maxRetryMs: 400,
    listen,
  });
  cleanups.push(async () => {
    await rep.stop();
    journal.close();
    await proxy.close();
  });
  rep.start();
  return { actor, state, journal, rep, proxy, status: () => rep.current };
}

const ids = (n: Node) => n.journal.events.map((e) => e.id);

async function converged(nodes: Node[], total: number, what: string) {
  await waitFor(
    () => nodes.map((n) => n.journal.events.length),
    (lens) => lens.every((l) => l === total),
    { what: `${what}: every console holds ${total} events`, timeoutMs: 20_000 },
  );
  const first = ids(nodes[0]!);
  for (const n of nodes) expect(ids(n)).toEqual(first);
  // On disk too, in the same order as on screen (what an export reads).
  for (const n of nodes)
    expect(loadJournal(journalPath(n.state, n.journal.id)).events.map((e) => e.id)).toEqual(first);
  return first;
}

async function rows(incident: string): Promise<{ n: number; distinct: number }> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query<{ n: string; d: string }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS d FROM warroom.events WHERE incident = $1',
      [incident],
    );
    return { n: Number(r.rows[0]!.n), distinct: Number(r.rows[0]!.d) };
  } finally {
    await c.end();
  }
}

describe('shared journal', () => {
  it('two consoles converge: same events, same order, on screen and on disk', async () => {
    const a = await node('alice@bastion-1');
    const b = await node('bob@laptop', a.journal.id);
    await waitFor(
      () => b.journal.events.length,
      (n) => n === 1,
      { what: "bob receives alice's declaration" },
    );
    expect(reduce(b.journal.events)?.title).toBe(declared.title);
    for (let i = 0; i < 10; i++) {
      a.journal.append({ kind: 'note', text: `alice ${i}` });
      b.journal.append({ kind: 'note', text: `bob ${i}` });
    }
    // Two severity changes at once: both stay, in the one order (time, then id).
    a.journal.append({ kind: 'severity', from: 'SEV2', to: 'SEV1' });
    b.journal.append({ kind: 'severity', from: 'SEV2', to: 'SEV3' });
    const order = await converged([a, b], 23, 'two consoles');
    expect(reduce(a.journal.events)?.severity).toBe(reduce(b.journal.events)?.severity);
    expect(order.length).toBe(new Set(order).size);
    expect(await rows(a.journal.id)).toEqual({ n: 23, distinct: 23 });
    await waitFor(
      () => [a.status(), b.status()],
      (s) => s.every((x) => x.state === 'online' && x.waiting === 0),
      {
        what: 'both online with nothing waiting',
      },
    );
  });

  it('presence: who has the incident open and since when; a console that leaves is gone', async () => {
    const a = await node('alice@bastion-1');
    const b = await node('bob@laptop', a.journal.id);
    const both = await waitFor(a.status, (s) => s.present.length === 2, { what: 'alice sees two consoles' });
    expect(both.present.map((p) => p.actor).sort()).toEqual(['alice@bastion-1', 'bob@laptop']);
    expect(sharedText(both, 'alice@bastion-1')).toMatch(/^shared: live · with bob@laptop since \d\d:\d\d$/);
    await b.rep.stop();
    await waitFor(a.status, (s) => s.present.length === 1, { what: 'bob gone from alice’s presence' });
  });

  it('pulls in small batches across seq 99 → 100 (seq is ordered as a number, not as text)', async () => {
    const a = await node('alice@bastion-1');
    for (let i = 0; i < 130; i++) a.journal.append({ kind: 'note', text: `n ${i}` });
    await waitFor(a.status, (s) => s.state === 'online' && s.waiting === 0, { what: 'alice pushed' });
    const state = tmp();
    const journal = Journal.openOrCreate(state, a.journal.id, 'bob@laptop');
    const rep = new Replicator({ url: db.url, state, journal, batch: 7, presence: false });
    cleanups.push(async () => {
      await rep.stop();
      journal.close();
    });
    await rep.sync();
    expect(journal.events.map((e) => e.id)).toEqual(a.journal.events.map((e) => e.id));
  });

  it('without notifications (PgBouncer in transaction mode) polling alone converges', async () => {
    const a = await node('alice@bastion-1', undefined, undefined, false);
    const b = await node('bob@bastion-2', a.journal.id, undefined, false);
    for (let i = 0; i < 5; i++)
      for (const n of [a, b]) n.journal.append({ kind: 'note', text: `${n.actor} ${i}` });
    await converged([a, b], 11, 'polling only');
  });

  it('five consoles writing at once converge', async () => {
    const first = await node('c0@bastion-0');
    const nodes = [first];
    for (let i = 1; i < 5; i++) nodes.push(await node(`c${i}@bastion-${i}`, first.journal.id));
    for (let k = 0; k < 20; k++)
      for (const n of nodes) n.journal.append({ kind: 'note', text: `${n.actor} ${k}` });
    await converged(nodes, 1 + 5 * 20, 'five consoles');
    expect(await rows(first.journal.id)).toEqual({ n: 101, distinct: 101 });
  });

  it('a partition in the middle of writing loses and duplicates nothing', async () => {
    const a = await node('alice@bastion-1');
    const b = await node('bob@bastion-2', a.journal.id);
    const c = await node('carol@bastion-3', a.journal.id);
    await converged([a, b, c], 1, 'before the partition');
    for (let i = 0; i < 10; i++)
      for (const n of [a, b, c]) n.journal.append({ kind: 'note', text: `${n.actor} before ${i}` });
    // b is cut off mid-conversation and refused from then on; everyone keeps writing.
    await b.proxy.down();
    for (let i = 0; i < 30; i++)
      for (const n of [a, b, c]) n.journal.append({ kind: 'note', text: `${n.actor} during ${i}` });
    const off = await waitFor(b.status, (s) => s.state === 'offline' && s.waiting > 0, {
      what: 'b offline with events waiting',
    });
    expect(off.reason).toBeTruthy();
    // b still has its own events at once (local first), not the others' written since.
    expect(b.journal.events.filter((e) => e.actor === 'bob@bastion-2').length).toBe(40);
    await b.proxy.up();
    for (let i = 0; i < 10; i++)
      for (const n of [a, b, c]) n.journal.append({ kind: 'note', text: `${n.actor} after ${i}` });
    await converged([a, b, c], 1 + 3 * 50, 'after the heal');
    expect(await rows(a.journal.id)).toEqual({ n: 151, distinct: 151 });
    await waitFor(b.status, (s) => s.state === 'online' && s.waiting === 0, { what: 'b caught up' });
  });

  it('slow (no answer), then answering again: offline, then catches up by itself', async () => {
    const a = await node('alice@bastion-1');
    const b = await node('bob@bastion-2', a.journal.id);
    await converged([a, b], 1, 'start');
    b.proxy.hang();
    b.journal.append({ kind: 'note', text: 'written while the database hangs' });
    const s = await waitFor(b.status, (x) => x.state === 'offline', { what: 'b offline while hung' });
    expect(s.reason).toMatch(/no answer|lost/);
    expect(s.waiting).toBe(1);
    b.proxy.resume();
    b.proxy.cut(); // the held connection is dead to the client by now
    await converged([a, b], 2, 'after the hang');
  });

  it('database down at start: the console works locally and pushes when it comes up', async () => {
    const state = tmp();
    const proxy = await startTcpProxy(5432);
    await proxy.down();
    const j = Journal.create(state, 'dora@bastion-4', declared, Date.now, true);
    j.append({ kind: 'note', text: 'offline from the start' });
    const rep = new Replicator({
      url: db.urlVia(proxy.port),
      state,
      journal: j,
      pollMs: 300,
      retryMs: 100,
      maxRetryMs: 300,
    });
    cleanups.push(async () => {
      await rep.stop();
      j.close();
      await proxy.close();
    });
    rep.start();
    const s = await waitFor(
      () => rep.current,
      (x) => x.state === 'offline',
      { what: 'offline at start' },
    );
    expect(s).toMatchObject({ reason: 'connection refused', waiting: 2 });
    await proxy.up();
    await waitFor(
      () => rep.current,
      (x) => x.state === 'online' && x.waiting === 0,
      { what: 'pushed after start' },
    );
    expect(await rows(j.id)).toEqual({ n: 2, distinct: 2 });
  });

  it('permission denied and a newer schema: offline with the reason, local journal untouched', async () => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const role = `warroom_ro_${process.pid}`;
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    cleanups.push(async () => {
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    });
    await migrate(admin);
    await admin.query(`REVOKE ALL ON SCHEMA warroom FROM PUBLIC`);
    const denied = await node('eve@bastion-5', undefined, (p) => {
      const u = new URL(db.urlVia(p.port));
      u.username = role;
      return u.toString();
    });
    denied.journal.append({ kind: 'note', text: 'still written locally' });
    const s = await waitFor(denied.status, (x) => x.state === 'offline', { what: 'permission denied' });
    expect(s.reason).toMatch(/permission denied/);
    expect(denied.journal.events.length).toBe(2);

    await admin.query(`UPDATE warroom.meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`);
    cleanups.push(() =>
      admin
        .query(`UPDATE warroom.meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`)
        .then(() => undefined),
    );
    const newer = await node('frank@bastion-6');
    const t = await waitFor(newer.status, (x) => x.state === 'offline', { what: 'newer schema' });
    expect(t.reason).toMatch(/newer than this warroom/);
  });
});

describe('presence names', () => {
  it('fit in 63 bytes and read back', () => {
    const n = presenceName(
      '2026-12-01-4f0a9c',
      'alice@bastion-1.eu-west-1.compute.internal.example',
      1764590520000,
    );
    expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
    expect(parsePresence('2026-12-01-4f0a9c', n)).toMatchObject({ since: 1764590520000 });
    expect(parsePresence('2026-12-01-4f0a9c', presenceName('2026-12-01-4f0a9c', 'bob@laptop', 0))).toEqual({
      actor: 'bob@laptop',
      since: 0,
    });
    expect(parsePresence('2026-12-01-000000', n)).toBeUndefined();
  });
});

describe('shared journal, consoles as processes', () => {
  const procs: ChildProcess[] = [];
  afterEach(() => {
    for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  });
  function run(state: string, id: string, actor: string, url: string, count: number, periodMs = 2) {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', CONSOLE, state, id, actor, url, String(count), String(periodMs)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    procs.push(p);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return { p, state, out: () => out };
  }

  it(
    `five console processes × 20 events/s for ${SOAK_S} s, one cut off and healed midway, converge`,
    async () => {
      const first = await node('watcher@bastion-0');
      const writers = [];
      const proxies: TcpProxy[] = [];
      for (let i = 1; i <= 5; i++) {
        const proxy = await startTcpProxy(5432);
        proxies.push(proxy);
        cleanups.push(() => proxy.close());
        writers.push(
          run(tmp(), first.journal.id, `c${i}@bastion-${i}`, db.urlVia(proxy.port), 20 * SOAK_S, 50),
        );
      }
      // Midway, console 3 loses the database for a while and writes on.
      await waitFor(writers[2]!.out, (o) => (o.match(EVENT_LINE) ?? []).length >= 10 * SOAK_S, {
        what: 'console 3 halfway',
        timeoutMs: SOAK_S * 4000,
      });
      await proxies[2]!.down();
      await waitFor(writers[2]!.out, (o) => o.includes('status offline'), { what: 'console 3 offline' });
      await proxies[2]!.up();
      for (const w of writers)
        await waitFor(w.out, (o) => o.includes('synced'), {
          what: 'every console wrote and pushed',
          timeoutMs: SOAK_S * 4000,
        });
      const total = 1 + 5 * 20 * SOAK_S;
      await waitFor(
        () => first.journal.events.length,
        (n) => n === total,
        {
          what: `the watcher holds ${total} events`,
          timeoutMs: 30_000,
        },
      );
      expect(await rows(first.journal.id)).toEqual({ n: total, distinct: total });
      // Every console's journal on disk: the same events in the same order as the watcher's.
      const order = first.journal.events.map((e) => e.id);
      for (const w of writers)
        await waitFor(
          () => loadJournal(journalPath(w.state, first.journal.id)).events.map((e) => e.id),
          (ids) => ids.length === total,
          { what: `${w.state} holds every event`, timeoutMs: 30_000 },
        ).then((ids) => expect(ids).toEqual(order));
    },
    SOAK_S * 8000 + 60_000,
  );

  it('kill -9 in the middle of replicating: a restart pushes the rest, nothing twice', async () => {
    const a = await node('alice@bastion-1');
    const state = tmp();
    const proxy = await startTcpProxy(5432);
    cleanups.push(() => proxy.close());
    const url = db.urlVia(proxy.port);
    const w = run(state, a.journal.id, 'bob@bastion-2', url, 2000);
    await waitFor(w.out, (o) => (o.match(EVENT_LINE) ?? []).length >= 300, {
      what: 'the writer has written 300 notes',
    });
    w.p.kill('SIGKILL');
    await new Promise((r) => w.p.once('exit', r));
    const local = loadJournal(journalPath(state, a.journal.id)).events;
    // Restart the same console (same state directory): it resumes from its cursors.
    const again = run(state, a.journal.id, 'bob@bastion-2', url, 0);
    await waitFor(again.out, (o) => o.includes('synced'), { what: 'the restarted console synced' });
    // Bob's journal at the kill held his notes and maybe alice's declaration already.
    const expected = new Set([a.journal.events[0]!.id, ...local.map((e) => e.id)]);
    await waitFor(
      () => a.journal.events.length,
      (n) => n === expected.size,
      {
        what: `alice sees every event bob wrote before the kill (${expected.size})`,
      },
    );
    expect(new Set(a.journal.events.map((e) => e.id))).toEqual(expected);
    expect(await rows(a.journal.id)).toEqual({ n: expected.size, distinct: expected.size });
  });
});

describe('shared journal, the database restarted', () => {
  it('a private cluster stopped (immediate) and started while two consoles write: they catch up', async () => {
    const cl = await startPgCluster();
    cleanups.push(() => cl.destroy());
    await cl.sql('CREATE DATABASE shared');
    const url = (p: TcpProxy) => {
      const u = new URL(cl.url('postgres', undefined, 'shared'));
      u.port = String(p.port);
      return u.toString();
    };
    const mk = async (actor: string, incident?: string) => {
      const state = tmp();
      const proxy = await startTcpProxy(cl.port);
      const journal = incident
        ? Journal.openOrCreate(state, incident, actor)
        : Journal.create(state, actor, declared, Date.now, true);
      const rep = new Replicator({
        url: url(proxy),
        state,
        journal,
        pollMs: 300,
        timeoutMs: 1500,
        retryMs: 100,
        maxRetryMs: 400,
      });
      cleanups.push(async () => {
        await rep.stop();
        journal.close();
        await proxy.close();
      });
      rep.start();
      return { actor, state, journal, rep, proxy, status: () => rep.current } as Node;
    };
    const a = await mk('alice@bastion-1');
    const b = await mk('bob@bastion-2', a.journal.id);
    await converged([a, b], 1, 'before the restart');
    for (let i = 0; i < 5; i++)
      for (const n of [a, b]) n.journal.append({ kind: 'note', text: `${n.actor} ${i}` });
    await converged([a, b], 11, 'before the restart');
    cl.stop('immediate');
    for (let i = 5; i < 10; i++)
      for (const n of [a, b]) n.journal.append({ kind: 'note', text: `${n.actor} ${i}` });
    await waitFor(
      () => [a.status(), b.status()],
      (s) => s.every((x) => x.state === 'offline' && x.waiting === 5),
      {
        what: 'both offline, five events waiting each',
      },
    );
    cl.start();
    await converged([a, b], 21, 'after the restart');
    const c = new pg.Client({ connectionString: cl.url('postgres', undefined, 'shared') });
    await c.connect();
    const r = await c.query<{ n: string; d: string }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS d FROM warroom.events',
    );
    await c.end();
    expect([Number(r.rows[0]!.n), Number(r.rows[0]!.d)]).toEqual([21, 21]);
  }, 60_000);
});
