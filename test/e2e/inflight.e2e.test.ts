// In-flight actions on screen: alice's console in tmux (her own home, reaching the real
// PostgreSQL through her own TCP proxy) declares a shared incident; bob's console, a process of
// its own through another proxy, joins it and starts an action on the drill's backend. Alice's
// header shows `bob@laptop: hold backend (running)` without a key press, and it goes when bob's
// action has finished.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const ACTING = resolve(__dirname, '../ops/fixtures/acting-console.ts');
const tmuxes: Tmux[] = [];
const proxies: TcpProxy[] = [];
const procs: ChildProcess[] = [];
const dirs: string[] = [];
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('warroom_test_inflight_e2e');
});
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  for (const t of tmuxes.splice(0)) t.kill();
  for (const p of proxies.splice(0)) await p.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  await db.drop();
});

describe('in-flight actions in tmux', () => {
  it("alice's header shows bob's running action, and it goes when it has finished", async () => {
    const pa = await startTcpProxy(5432);
    proxies.push(pa);
    const t = await Tmux.start({ cols: 200, rows: 50 });
    tmuxes.push(t);
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(
      cfg,
      `incident:\n  handle: alice@bastion-1\n  shared: { url: '${db.urlVia(pa.port)}', pollMs: 500 }\n`,
    );
    t.run(warroomCmd(`--config ${cfg}`));
    await t.waitForText('no incident · ! declares one', 20_000);
    t.send('!');
    await t.waitForText('Declare an incident');
    t.send('Checkout fails', 'Enter');
    const declared = await t.waitFor((s) => s.includes('▲ SEV 2') && s.includes('shared: live'), {
      what: 'declared and shared',
    });
    const id = /(\d{4}-\d{2}-\d{2}-[0-9a-f]{6})/.exec(declared)![1]!;

    const pb = await startTcpProxy(5432);
    proxies.push(pb);
    const state = mkdtempSync(join(tmpdir(), 'warroom-inflight-e2e-'));
    dirs.push(state);
    const bob = spawn(
      process.execPath,
      ['--import', 'tsx', ACTING, state, id, 'bob@laptop', db.urlVia(pb.port)],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_STATE_HOME: state } },
    );
    procs.push(bob);
    let out = '';
    bob.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    bob.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(
      () => out,
      (o) => o.includes('ready'),
      { what: 'bob joined', timeoutMs: 30_000 },
    );
    bob.stdin!.write('act\n');
    await waitFor(
      () => out,
      (o) => o.includes('running'),
      { what: "bob's action running" },
    );

    const s = await t.waitFor((x) => /▶ bob@laptop: hold backend \(running\) since \d\d:\d\d:\d\d/.test(x), {
      what: "bob's running action in alice's header",
      timeoutMs: 20_000,
    });
    // The timeline (shown once an incident is open) has its line too.
    expect(s).toMatch(/▶ acting +bob@laptop +hold backend on deployment shop\/backend @ drill: running/);
    bob.stdin!.write('finish\n');
    await waitFor(
      () => out,
      (o) => o.includes('done succeeded'),
      { what: "bob's action recorded" },
    );
    await t.waitFor(
      (x) =>
        !x.includes('▶ bob@laptop') && /hold backend on deployment shop\/backend @ drill: started/.test(x),
      {
        what: "bob's action gone from alice's header",
        timeoutMs: 20_000,
      },
    );
    t.send('q');
  }, 120_000);
});
