// Two responders on two "bastions" (their own homes and state directories), each console in
// its own tmux and reaching the real PostgreSQL through its own TCP proxy: alice declares, bob
// joins with --incident ID, each header names the other, each sees the other's note; alice's link is cut, her header says
// offline with her note waiting, and when it is back bob receives it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { pressUntil, Tmux, warroomCmd } from '../helpers/tmux.js';

const tmuxes: Tmux[] = [];
const proxies: TcpProxy[] = [];
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('warroom_test_shared_e2e');
});
afterEach(async () => {
  for (const t of tmuxes.splice(0)) t.kill();
  for (const p of proxies.splice(0)) await p.close();
});
afterAll(async () => {
  await db.drop();
});

async function responder(handle: string) {
  const proxy = await startTcpProxy(5432);
  proxies.push(proxy);
  const t = await Tmux.start({ cols: 200, rows: 50 });
  tmuxes.push(t);
  const cfg = join(t.home, 'warroom.yaml');
  writeFileSync(
    cfg,
    `incident:\n  handle: ${handle}\n  shared: { url: '${db.urlVia(proxy.port)}', pollMs: 500 }\n`,
  );
  return { t, proxy, cfg };
}

describe('shared journal in tmux', () => {
  it("two responders with their own state directories: each sees the other's note; offline and back", async () => {
    const a = await responder('alice@bastion-1');
    a.t.run(warroomCmd(`--config ${a.cfg}`));
    await a.t.waitForText('no incident · ! declares one', 20_000);
    a.t.send('!');
    await a.t.waitForText('Declare an incident');
    a.t.send('Checkout fails', 'Enter');
    const declared = await a.t.waitFor((s) => s.includes('▲ SEV 2') && s.includes('shared: live'), {
      what: 'declared and shared',
    });
    const id = /(\d{4}-\d{2}-\d{2}-[0-9a-f]{6})/.exec(declared)![1]!;

    const b = await responder('bob@laptop');
    b.t.run(warroomCmd(`--config ${b.cfg} --incident ${id}`));
    await b.t.waitFor((s) => s.includes('▲ SEV 2') && s.includes(id) && s.includes('shared: live'), {
      what: 'bob joined the shared incident',
      timeoutMs: 20_000,
    });
    // Presence: each header names the other responder and since when.
    await a.t.waitFor((s) => /shared: live · with bob@laptop since \d\d:\d\d/.test(s), {
      what: 'alice sees bob',
    });
    await b.t.waitFor((s) => /with alice@bastion-1 since \d\d:\d\d/.test(s), { what: 'bob sees alice' });
    b.t.send('9');
    await b.t.waitForText('▶9 Timeline');
    b.t.send('z');
    await b.t.waitForText('Incident declared: Checkout fails');
    a.t.send('9');
    await a.t.waitForText('▶9 Timeline');
    a.t.send('z');
    await a.t.waitForText('Incident declared: Checkout fails');

    await pressUntil(b.t, 'n', 'Note — Enter adds it');
    b.t.send('payment provider returns 502', 'Enter');
    await a.t.waitForText('payment provider returns 502');
    await a.t.waitForText('bob@laptop');

    // Alice's bastion loses the database: she keeps writing, her header says so.
    await a.proxy.down();
    await pressUntil(a.t, 'n', 'Note — Enter adds it');
    a.t.send('rolling back the payment service', 'Enter');
    await a.t.waitFor((s) => /shared: offline since \d\d:\d\d · 1 event waiting/.test(s), {
      what: 'alice offline with her note waiting',
    });
    await a.t.waitForText('rolling back the payment service');
    await a.proxy.up();
    await a.t.waitForText('shared: live', 20_000);
    await b.t.waitForText('rolling back the payment service');
    a.t.send('q');
    b.t.send('q');
  }, 90_000);
});
