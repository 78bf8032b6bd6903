// In-flight actions against the real PostgreSQL, each console reaching it through its own TCP
// proxy: the advisory lock of a target is held by the acting console's own session (a second
// session is told who holds it and what they are doing; a console killed with -9 releases it by
// itself); a running action shows in the other console's header through the shared journal; a
// second responder acting on the same target must confirm once more; with the shared database
// unreachable the action still runs and says it could not check.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { controllerFor, INCIDENT, type IncidentSlice } from '../../src/incident/controller.js';
import { inflightTexts } from '../../src/incident/inflight.js';
import { IncidentRecorder } from '../../src/incident/recorder.js';
import { startIncidentFeature } from '../../src/incident/setup.js';
import type { EventOf } from '../../src/incident/model.js';
import { checkActing, holderText, type ActingCheck } from '../../src/ops/inflight/lock.js';
import { TeeRecorder } from '../../src/ops/record.js';
import { runOperation, type ConfirmAnswer, type ConfirmRequest } from '../../src/ops/runner.js';
import { createAppStore, getSlice, type AppStore } from '../../src/store/store.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';
import { MemRecorder } from '../actions/helpers.js';
import { holdOp, TARGET } from './fixtures/hold-op.js';

const CONSOLE = resolve(__dirname, 'fixtures/acting-console.ts');

let db: TestDb;
const cleanups: (() => Promise<void> | void)[] = [];
const procs: ChildProcess[] = [];
beforeAll(async () => {
  db = await createTestDb('warroom_test_inflight');
});
afterAll(async () => {
  await db.drop();
});
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const f of cleanups.splice(0).reverse()) await f();
});

const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'warroom-inflight-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

async function proxy(): Promise<TcpProxy> {
  const p = await startTcpProxy(5432);
  cleanups.push(() => p.close());
  return p;
}

/** Tries the lock as another session would; releases it at once when it was free. */
async function check(url: string, actor = 'carol@bastion-3', timeoutMs?: number): Promise<ActingCheck> {
  const c = await checkActing({ url, target: TARGET, actor, what: 'look backend', timeoutMs });
  if (c.state === 'free') await c.lease.release();
  return c;
}

describe('the acting lock of a target', () => {
  it('is held by one session; the others are told who and what; released when it ends', async () => {
    const [pa, pb] = [await proxy(), await proxy()];
    const a = await checkActing({
      url: db.urlVia(pa.port),
      target: TARGET,
      actor: 'alice@bastion-1',
      what: 'rollout undo backend',
    });
    expect(a.state).toBe('free');
    const held = await check(db.urlVia(pb.port));
    expect(held.state).toBe('held');
    if (held.state !== 'held') return;
    expect(held.holders.map(holderText)).toEqual(['alice@bastion-1: rollout undo backend (about to run)']);
    if (a.state !== 'free') return;
    await a.lease.running();
    const running = await check(db.urlVia(pb.port));
    expect(running.state === 'held' && running.holders.map(holderText)).toEqual([
      'alice@bastion-1: rollout undo backend (running)',
    ]);
    // Another target is not held.
    const other = await checkActing({
      url: db.urlVia(pb.port),
      target: { ...TARGET, name: 'worker' },
      actor: 'carol@bastion-3',
      what: 'scale worker',
    });
    expect(other.state).toBe('free');
    if (other.state === 'free') await other.lease.release();
    await a.lease.release();
    expect((await check(db.urlVia(pb.port))).state).toBe('free');
  });

  it('a cut connection releases it; an unreachable or hung database is "unchecked" with the reason', async () => {
    const [pa, pb] = [await proxy(), await proxy()];
    const a = await checkActing({ url: db.urlVia(pa.port), target: TARGET, actor: 'alice@b1', what: 'x' });
    expect(a.state).toBe('free');
    expect((await check(db.urlVia(pb.port))).state).toBe('held');
    pa.cut(); // the acting console's network goes: the server ends its session, and the lock
    await waitFor(
      async () => (await check(db.urlVia(pb.port))).state,
      (s) => s === 'free',
      { what: 'the lock released once the session is gone' },
    );
    if (a.state === 'free') await a.lease.release();
    await pb.down();
    const refused = await check(db.urlVia(pb.port));
    expect(refused).toEqual({ state: 'unchecked', reason: 'connection refused' });
    await pb.up();
    pb.hang();
    const hung = await check(db.urlVia(pb.port), 'carol@b3', 300);
    expect(hung).toEqual({ state: 'unchecked', reason: 'no answer in time' });
    pb.resume();
  });
});

interface Here {
  store: AppStore;
  proxy: TcpProxy;
  slice: () => IncidentSlice;
  act(answer: (req: ConfirmRequest) => ConfirmAnswer): Promise<{ outcome: string; asked: ConfirmRequest[] }>;
}

/** This process as the second responder's console: declares (or joins) the incident. */
async function consoleHere(actor: string, incident?: string): Promise<Here> {
  const p = await proxy();
  const url = db.urlVia(p.port);
  const config = configSchema.parse({
    incident: { stateDir: tmp(), handle: actor, shared: { url, pollMs: 200 } },
  });
  const store = createAppStore();
  const stop = await startIncidentFeature(store, config, incident ? { incident } : {});
  cleanups.push(stop);
  const c = controllerFor(store)!;
  if (!incident)
    c.declare({ title: 'API errors', severity: 'SEV2', impact: 'checkout fails', startedAt: Date.now() });
  const slice = () => getSlice(store, INCIDENT)!;
  return {
    store,
    proxy: p,
    slice,
    async act(answer) {
      const asked: ConfirmRequest[] = [];
      const r = await runOperation({
        op: holdOp(async () => undefined),
        target: TARGET,
        params: {},
        env: { config, store, readOnly: false },
        recorder: new TeeRecorder([new MemRecorder(), new IncidentRecorder(c)]),
        confirm: {
          async confirm(req) {
            asked.push(req);
            return answer(req);
          },
        },
      });
      return { outcome: r.outcome, asked };
    },
  };
}

function actingConsole(actor: string, incident: string, url: string) {
  const state = tmp();
  const p = spawn(process.execPath, ['--import', 'tsx', CONSOLE, state, incident, actor, url], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, XDG_STATE_HOME: state },
  });
  procs.push(p);
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const count = (line: string) => out.split('\n').filter((l) => l === line).length;
  return {
    p,
    send: (cmd: string) => p.stdin!.write(`${cmd}\n`),
    /** Waits for the n-th time `line` is printed. */
    line: (line: string, n = 1) =>
      waitFor(
        () => out,
        () => count(line) >= n,
        { what: `${actor} printed ${line} (${n})`, timeoutMs: 30_000 },
      ),
  };
}

const typed = (override: boolean) => (req: ConfirmRequest) => ({
  confirmed: true,
  typedName: req.requireName,
  ...(override ? { overrideOthers: true } : {}),
});

describe('in-flight actions between console processes', () => {
  it('shows in the other console, makes a second responder confirm once more, and kill -9 releases the lock', async () => {
    const bob = await consoleHere('bob@laptop');
    const id = bob.slice().state!.id;
    await waitFor(
      () => bob.slice().shared,
      (s) => s?.state === 'online' && s.waiting === 0,
      { what: "bob's declaration pushed" },
    );
    const pa = await proxy();
    const alice = actingConsole('alice@bastion-1', id, db.urlVia(pa.port));
    await alice.line('ready');
    alice.send('act');
    await alice.line('running');

    // Bob's header: alice's action, running, through the shared journal.
    const st = await waitFor(
      () => bob.slice().state!,
      (s) => s.acting.size === 1,
      { what: "alice's action in bob's journal", timeoutMs: 20_000 },
    );
    expect(inflightTexts(st, bob.slice().shared)).toEqual([
      expect.stringMatching(/^alice@bastion-1: hold backend \(running\) since \d\d:\d\d:\d\d$/),
    ]);

    // Bob acts on the same target: told who is acting; typing the name alone does not do it.
    const first = await bob.act(typed(false));
    expect(first.asked[0]!.others).toEqual(['alice@bastion-1: hold backend (running)']);
    expect(first.outcome).toBe('cancelled');
    // Confirmed once more: it runs, and the journal says whom bob overrode.
    const second = await bob.act(typed(true));
    expect(second.outcome).toBe('succeeded');
    const mine = bob
      .slice()
      .state!.events.filter((e): e is EventOf<'acting'> => e.kind === 'acting' && e.actor === 'bob@laptop');
    expect(mine.map((e) => e.others)).toEqual([['alice@bastion-1: hold backend (running)']]);
    expect(bob.slice().state!.acting.size).toBe(1); // bob's own is finished, alice's runs on

    // Alice's action finishes: gone from bob's header, the target free.
    alice.send('finish');
    await alice.line('done succeeded');
    await waitFor(
      () => bob.slice().state!.acting.size,
      (n) => n === 0,
      { what: "alice's action finished in bob's journal", timeoutMs: 20_000 },
    );
    expect((await check(db.url)).state).toBe('free');

    // Alice acts again and her console is killed mid-action: the lock goes with her session.
    alice.send('act');
    await alice.line('running', 2);
    await waitFor(
      () => bob.slice().state!.acting.size,
      (n) => n === 1,
      { what: "alice's second action in bob's journal", timeoutMs: 20_000 },
    );
    expect((await check(db.url)).state).toBe('held');
    alice.p.kill('SIGKILL');
    await waitFor(
      async () => (await check(db.url)).state,
      (s) => s === 'free',
      { what: 'the lock released by the killed console', timeoutMs: 20_000 },
    );
    // Her journal never says it finished: bob's header says her console is gone.
    await waitFor(
      () => inflightTexts(bob.slice().state!, bob.slice().shared),
      (t) => t.length === 1 && /^alice@bastion-1: hold backend \(console gone\) started /.test(t[0]!),
      { what: "bob's header: alice's console gone", timeoutMs: 20_000 },
    );
    // And bob now acts without being asked once more.
    const third = await bob.act(typed(false));
    expect(third.asked[0]!.others).toBeUndefined();
    expect(third.outcome).toBe('succeeded');
  });

  it('with the shared database unreachable the action runs and says it could not check', async () => {
    const bob = await consoleHere('bob@laptop');
    await bob.proxy.down();
    const r = await bob.act(typed(false));
    expect(r.asked[0]!.unchecked).toBe(
      'could not check for other responders acting on it: connection refused',
    );
    expect(r.outcome).toBe('succeeded');
    const ev = bob.slice().state!.events.find((e): e is EventOf<'acting'> => e.kind === 'acting');
    expect(ev?.unchecked).toMatch(/^could not check for other responders acting on it: /);
    expect(bob.slice().state!.acting.size).toBe(0);
  });
});
