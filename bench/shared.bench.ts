// The shared journal: how fast an event written on one console shows on another, and how long
// a console cut off while 10,000 events were written takes to catch up, against references
// measured in the same run (two consoles on one bastion sharing the journal file; a bare
// NOTIFY between two sessions; 10,000 rows inserted in one statement).
//
// Each console is a Journal in a state directory of its own with its Replicator, reaching the
// real PostgreSQL on 127.0.0.1:5432 through its own TCP proxy (test/helpers/tcp-proxy.ts), in a
// database of the bench's own (dropped at the end).
//
// Run: npx tsx bench/shared.bench.ts   (writes the "Shared journal" section)
// SHARED_BENCH_SOAK_S (default 60) sets the length of the 5 consoles × 20 events/s run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Journal } from '../src/incident/journal.js';
import { Replicator } from '../src/incident/shared/replicator.js';
import { createTestDb, type TestDb } from '../test/helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../test/helpers/tcp-proxy.js';
import { median, percentile, writeSection } from './report.js';

const SOAK_S = Number(process.env.SHARED_BENCH_SOAK_S ?? 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
const live: Replicator[] = [];

interface Node {
  journal: Journal;
  rep: Replicator;
  proxy: TcpProxy;
}

async function node(db: TestDb, actor: string, incident?: string): Promise<Node> {
  const state = mkdtempSync(join(tmpdir(), 'warroom-bench-shared-'));
  dirs.push(state);
  const proxy = await startTcpProxy(5432);
  const journal = incident
    ? Journal.openOrCreate(state, incident, actor)
    : Journal.create(
        state,
        actor,
        { title: 'bench', severity: 'SEV3', impact: '', startedAt: new Date().toISOString() },
        Date.now,
        true,
      );
  const rep = new Replicator({
    url: db.urlVia(proxy.port),
    state,
    journal,
    pollMs: 2000,
    retryMs: 100,
    maxRetryMs: 200,
  });
  rep.start();
  live.push(rep);
  return { journal, rep, proxy };
}

async function until(ok: () => boolean, what: string, timeoutMs = 300_000) {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
  console.log(`bench: ${what}`);
}

/** Delays from each write (by text) to its arrival on `to`, other consoles' writes only. */
function watchArrivals(to: Journal, sent: Map<string, number>, out: number[]) {
  return to.onEvents((evs) => {
    const now = performance.now();
    for (const e of evs) {
      const t = e.kind === 'note' && e.actor !== to.actor ? sent.get(e.text) : undefined;
      if (t !== undefined) out.push(now - t);
    }
  });
}

async function propagation(a: Node, b: Node, n: number, perSecond: number): Promise<number[]> {
  const sent = new Map<string, number>();
  const got: number[] = [];
  const off = watchArrivals(b.journal, sent, got);
  for (let i = 0; i < n; i++) {
    const text = `p ${i} ${Math.random()}`;
    sent.set(text, performance.now());
    a.journal.append({ kind: 'note', text });
    await sleep(1000 / perSecond);
  }
  await until(() => got.length >= n, 'propagation');
  off();
  return got;
}

async function fileReference(n: number, perSecond: number): Promise<number[]> {
  const state = mkdtempSync(join(tmpdir(), 'warroom-bench-file-'));
  dirs.push(state);
  const a = Journal.create(state, 'a', {
    title: 'ref',
    severity: 'SEV3',
    impact: '',
    startedAt: new Date().toISOString(),
  });
  const b = Journal.open(a.path, 'b');
  b.watch();
  const sent = new Map<string, number>();
  const got: number[] = [];
  const off = watchArrivals(b, sent, got);
  for (let i = 0; i < n; i++) {
    const text = `f ${i} ${Math.random()}`;
    sent.set(text, performance.now());
    a.append({ kind: 'note', text });
    await sleep(1000 / perSecond);
  }
  await until(() => got.length >= n, 'file reference');
  off();
  a.close();
  b.close();
  return got;
}

async function notifyReference(db: TestDb, n: number): Promise<number[]> {
  const l = new pg.Client({ connectionString: db.url });
  const s = new pg.Client({ connectionString: db.url });
  await l.connect();
  await s.connect();
  await l.query('LISTEN bench');
  const got: number[] = [];
  const sent = new Map<string, number>();
  l.on('notification', (m) => {
    const t = sent.get(m.payload ?? '');
    if (t !== undefined) got.push(performance.now() - t);
  });
  for (let i = 0; i < n; i++) {
    sent.set(String(i), performance.now());
    await s.query(`SELECT pg_notify('bench', $1)`, [String(i)]);
    await sleep(50);
  }
  await until(() => got.length >= n, 'notify reference');
  await l.end();
  await s.end();
  return got;
}

async function insertReference(db: TestDb, n: number): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query('CREATE TABLE bench_ref (id text PRIMARY KEY, event jsonb)');
  const t0 = performance.now();
  await c.query(
    `INSERT INTO bench_ref SELECT 'x' || g, jsonb_build_object('v', 1, 'kind', 'note', 'text', repeat('n', 40), 'g', g)
     FROM generate_series(1, $1) g`,
    [n],
  );
  const t = performance.now() - t0;
  await c.end();
  return t;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main() {
  const db = await createTestDb('warroom_bench_shared');
  try {
    // 1. Propagation between two consoles, 300 events at 10/s.
    const a = await node(db, 'alice@b1');
    const b = await node(db, 'bob@b2', a.journal.id);
    await until(() => b.journal.events.length === 1, 'b joined');
    const prop = await propagation(a, b, 300, 10);
    const file = await fileReference(300, 10);
    const notify = await notifyReference(db, 200);

    // 2. Catch-up after a 10,000-event partition, both directions.
    const N = 10_000;
    await b.proxy.down();
    const tw = performance.now();
    for (let i = 0; i < N; i++) a.journal.append({ kind: 'note', text: `while b is cut off ${i}` });
    const writeMs = performance.now() - tw;
    await until(() => a.rep.current.waiting === 0, 'a pushed the 10,000');
    const before = b.journal.events.length;
    const t1 = performance.now();
    await b.proxy.up();
    await until(() => b.journal.events.length === before + N, 'b caught up (pull)');
    const pullMs = performance.now() - t1;

    await a.proxy.down();
    for (let i = 0; i < N; i++) b.journal.append({ kind: 'note', text: `while a is cut off ${i}` });
    await until(() => b.rep.current.waiting === 0, 'b pushed the 10,000');
    const before2 = a.journal.events.length;
    await a.proxy.up();
    const t2 = performance.now();
    await until(() => a.journal.events.length === before2 + N, 'a caught up');
    const pull2Ms = performance.now() - t2;

    const c = await node(db, 'carol@b3');
    await c.proxy.down();
    for (let i = 0; i < N; i++) c.journal.append({ kind: 'note', text: `queued offline ${i}` });
    const t3 = performance.now();
    await c.proxy.up();
    await until(() => c.rep.current.state === 'online' && c.rep.current.waiting === 0, 'c pushed its queue');
    const pushMs = performance.now() - t3;
    const insertMs = await insertReference(db, N);
    for (const n of [a, b, c]) {
      await n.rep.stop();
      n.journal.close();
      await n.proxy.close();
    }

    // 3. Five consoles × 20 events/s for SOAK_S seconds: propagation to every other console.
    const first = await node(db, 'c0@b0');
    const five = [first];
    for (let i = 1; i < 5; i++) five.push(await node(db, `c${i}@b${i}`, first.journal.id));
    await until(() => five.every((n) => n.journal.events.length === 1), 'five joined');
    const sent = new Map<string, number>();
    const soak: number[] = [];
    const offs = five.map((n) => watchArrivals(n.journal, sent, soak));
    const t4 = performance.now();
    let written = 0;
    while (performance.now() - t4 < SOAK_S * 1000) {
      for (const n of five) {
        const text = `soak ${written++} ${n.journal.actor}`;
        sent.set(text, performance.now());
        n.journal.append({ kind: 'note', text });
      }
      await sleep(50);
    }
    await until(() => five.every((n) => n.journal.events.length === 1 + written), 'five converged', 120_000);
    const order = five.map((n) => n.journal.events.map((e) => e.id).join());
    const same = order.every((o) => o === order[0]);
    // Every note reaches the four other consoles.
    const remote = soak.length;
    for (const off of offs) off();
    for (const n of five) {
      await n.rep.stop();
      n.journal.close();
      await n.proxy.close();
    }

    const row = (what: string, xs: number[]) =>
      `| ${what} | ${xs.length} | ${fmt(median(xs))} | ${fmt(percentile(xs, 95))} | ${fmt(Math.max(...xs))} |`;
    const body = `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/shared.bench.ts\`, PostgreSQL 15 on
127.0.0.1 (the shared test server, other engineers' tests running: a loaded machine), each
console through its own TCP proxy, \`pollMs\` 2000 (so the figures are NOTIFY's, not polling's).

**Propagation**: from \`append\` on one console (fsynced locally) to the event read back from the
other console's local journal (pulled, fsynced there), one event every 100 ms.

| what | events | p50 | p95 | max |
| --- | ---: | ---: | ---: | ---: |
${row('warroom, two consoles through PostgreSQL', prop)}
${row('reference: two consoles on one bastion (the journal file, fs.watch)', file)}
${row('reference: a bare NOTIFY from one session to a LISTENing one', notify)}
${row(`warroom, 5 consoles × 20 events/s for ${SOAK_S} s (every other console)`, soak)}

The 5-console run wrote ${written} events; all five journals ended with the same ${written + 1} events in
the same order: **${same ? 'yes' : 'NO'}** (${remote} arrivals on other consoles measured, of ${written * 4} expected).
The five consoles and their proxies share this one Node process (one thread doing every fsync,
every import and all five replicators), which reached ${(written / 5 / SOAK_S).toFixed(1)} events/s per console
instead of 20, and whose own event loop is most of that run's delay; consoles on five bastions
each have a process of their own.

**Catch-up after a partition of ${N.toLocaleString('en')} events** (the console cut off by its proxy
refusing connections; timed from the proxy accepting again, retry backoff included):

| what | time |
| --- | ---: |
| the cut-off console pulls ${N.toLocaleString('en')} events written elsewhere | ${fmt(pullMs)} |
| the other way round (a second run) | ${fmt(pull2Ms)} |
| a console that wrote ${N.toLocaleString('en')} events offline pushes them | ${fmt(pushMs)} |
| reference: writing them to the local journal (${N.toLocaleString('en')} appends, one fsync each) | ${fmt(writeMs)} |
| reference: one INSERT … SELECT of ${N.toLocaleString('en')} jsonb rows | ${fmt(insertMs)} |
`;
    console.log(body);
    writeSection('Shared journal', body);
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    for (const r of live) await r.stop().catch(() => undefined);
    await db.drop().catch((e: Error) => console.error(`bench: could not drop ${db.name}: ${e.message}`));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

await main();
