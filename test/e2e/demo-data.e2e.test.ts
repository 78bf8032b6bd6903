// `warroom demo` scenarios on the data stores, end to end in tmux (WARROOM_DEMO_SPEED=10):
// connection exhaustion on a private PostgreSQL (the palette's "terminate idle in transaction"
// acts server-wide, so never on the shared one) and Redis memory full on the demo's private
// redis-server. The mitigations are done from the palette; the export marks the drill.
import { afterEach, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';
import {
  allEndpointsUp,
  confirm,
  exportDrill,
  fillField,
  focus,
  killAll,
  palette,
  selectRow,
  startDemo,
} from '../demo/tmux-drill.js';

let cluster: PgCluster | undefined;
afterEach(async () => {
  killAll();
  await cluster?.destroy();
  cluster = undefined;
});

describe('warroom demo data scenarios in tmux', () => {
  it('db-exhaustion: idle-in-transaction sessions; DB_POOL_SIZE=50 and terminating them from the palette heal it', async () => {
    cluster = await startPgCluster({ maxConnections: 60 });
    const t = await startDemo('--scenario db-exhaustion', { DATABASE_URL: cluster.url() });
    const s = await t.waitFor(
      (x) =>
        /idle-in-tx (\d+)/.test(x) &&
        Number(/idle-in-tx (\d+)/.exec(x)![1]) >= 5 &&
        x.includes('endpoints DOWN'),
      { what: 'sessions idle in transaction and the API down', timeoutMs: 30_000 },
    );
    expect(s).toContain('DRILL: Data');
    await t.waitFor((x) => /too many clients|timeout exceeded when trying to connect/.test(x), {
      what: 'pool errors in the logs',
    });

    // Raise the pool: deployments pane, backend, set env.
    await focus(t, '2', 'Deployments');
    await selectRow(t, 'backend', 4);
    await palette(t, 'set env', 'web3-marketplace/backend');
    await fillField(t, 'KEY=VALUE', 'DB_POOL_SIZE=50');
    await confirm(t, 'backend');
    await t.waitForText(/rollout backend: successfully rolled out/, 30_000);

    // Terminate the sessions: Postgres pane, palette.
    await focus(t, '7', 'Postgres');
    await palette(t, 'idle in transaction', 'Terminate sessions idle in transaction');
    await fillField(t, 'Idle in transaction', undefined);
    await confirm(t);
    await t.waitFor((x) => allEndpointsUp(x) && /idle-in-tx 0/.test(x), {
      what: 'healthy after the fix',
      timeoutMs: 40_000,
    });
    t.send('q');
    await t.waitForText('exit=0', 20_000);
    const md = exportDrill(t);
    expect(md).toMatch(/\| Detected: /);
    expect(md).toContain('# Post-Incident Review: DRILL: Database connection exhaustion');
    expect(md).toMatch(/\| Set env on the deployment .*DB_POOL_SIZE=50.*\| ok/);
    expect(md).toMatch(/\| Terminate sessions idle in transaction longer than N seconds.*\| ok/);
  }, 90_000);

  it('redis-memory: evictions at maxmemory; deleting the stale keys from the palette heals it', async () => {
    const id = `e2er${process.pid}`;
    const t = await startDemo('--scenario redis-memory', { WARROOM_DEMO_ID: id });
    const s = await t.waitFor((x) => x.includes('endpoints DOWN') && /✖ memory \d+% of maxmemory/.test(x), {
      what: 'Redis memory full and the API down',
      timeoutMs: 30_000,
    });
    expect(s).toContain('DRILL: Redis');
    await focus(t, '8', 'Redis');
    await palette(t, 'delete keys', 'Delete keys matching a pattern');
    await fillField(t, 'Key pattern', `warroom-demo:${id}:cache:stale:*`);
    await confirm(t);
    await t.waitFor(allEndpointsUp, {
      what: 'healthy after the delete',
      timeoutMs: 40_000,
    });
    t.send('q');
    await t.waitForText('exit=0', 20_000);
    const md = exportDrill(t);
    expect(md).toMatch(/\| Detected: /);
    expect(md).toContain('DRILL: Redis memory full');
    expect(md).toMatch(/\| Delete keys matching a pattern \(SCAN \+ UNLINK\).*cache:stale.*\| ok/);
  }, 90_000);
});
