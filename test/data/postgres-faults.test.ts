// Faults between the console and a real PostgreSQL, made with a TCP proxy of our own in front
// of the shared server (it is never stopped): server down at start, server gone and back,
// connection cut mid-query, a server that stops answering. In every case the message says
// what is wrong in words, another source in the same hub keeps updating, the console never
// holds more than one connection, and it recovers without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresConfig } from '../../src/data/postgres/source.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { freePort } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { pgSourceConfig, startPgSource } from '../helpers/pg-source.js';
import { waitFor } from '../helpers/wait.js';

const cfg = (url: string, extra: Partial<PostgresConfig> = {}) =>
  pgSourceConfig(url, { statementTimeoutMs: 800, ...extra });
const start = (c: PostgresConfig) => {
  const { state, ...rest } = startPgSource(c);
  return { pg: state, ...rest };
};

const NO_STACK = /\n\s+at |Error: /;

let db: TestDb;
let proxy: TcpProxy;
beforeAll(async () => {
  db = await createTestDb('warroom_pgfault');
});
afterAll(async () => {
  await proxy?.close();
  await db.drop();
});

describe('postgres faults', () => {
  it('server down at start: says connection refused, keeps retrying with backoff, others update', async () => {
    const port = await freePort();
    const { hub, pg, neighbourMoves } = start(cfg(`postgres://postgres@127.0.0.1:${port}/postgres`));
    try {
      const s = await waitFor(pg, (s) => (s?.failures ?? 0) >= 2, { what: 'two failures' });
      expect(s!.status).toBe('error');
      expect(s!.error).toMatch(
        /connection refused \(postgres@127\.0\.0\.1:\d+\/postgres\) — is the server down\?/,
      );
      expect(s!.error).not.toMatch(NO_STACK);
      await neighbourMoves();
    } finally {
      await hub.stopAll();
    }
  });

  it('server gone mid-session and back (proxy down/up): error in words, then recovers by itself', async () => {
    proxy = await startTcpProxy(5432);
    const { hub, pg, neighbourMoves } = start(cfg(db.urlVia(proxy.port)));
    try {
      await waitFor(pg, (s) => s?.status === 'ok', { what: 'ok through the proxy' });
      await proxy.down();
      const s = await waitFor(pg, (s) => s?.status === 'error', { what: 'error after the server went away' });
      expect(s!.error).toMatch(/connection to the server was lost|connection refused/);
      expect(s!.data?.total).toBeGreaterThan(0); // last good data kept
      await waitFor(pg, (s) => /connection refused/.test(s?.error ?? ''), {
        what: 'connection refused while down',
      });
      await neighbourMoves();
      await proxy.up();
      await waitFor(pg, (s) => s?.status === 'ok' && !s.error, {
        what: 'recovered after up()',
        timeoutMs: 10_000,
      });
      expect(proxy.connections()).toBe(1);
    } finally {
      await hub.stopAll();
      await proxy.close();
    }
  });

  it('connection cut mid-query: says the connection was lost, reconnects', async () => {
    proxy = await startTcpProxy(5432);
    proxy.setLatency(150); // every answer is in flight for a while: the cut lands mid-query
    const { hub, pg, neighbourMoves } = start(cfg(db.urlVia(proxy.port)));
    try {
      await waitFor(pg, (s) => s?.status === 'ok', { what: 'ok through the proxy' });
      const okAt = pg()!.fetchedAt!;
      proxy.cut();
      const s = await waitFor(pg, (s) => s?.status === 'error', { what: 'error after the cut' });
      expect(s!.error).toMatch(/connection to the server was lost/);
      expect(s!.error).not.toMatch(NO_STACK);
      await neighbourMoves();
      await waitFor(pg, (s) => s?.status === 'ok' && (s.fetchedAt ?? 0) > okAt, { what: 'reconnected' });
      expect(proxy.connections()).toBe(1);
    } finally {
      await hub.stopAll();
      await proxy.close();
    }
  });

  it('a server that stops answering: says so within the refresh budget, never opens a second connection', async () => {
    proxy = await startTcpProxy(5432);
    const { hub, pg, neighbourMoves } = start(cfg(db.urlVia(proxy.port)));
    let maxConns = 0;
    const sampler = setInterval(() => (maxConns = Math.max(maxConns, proxy.connections())), 10);
    try {
      await waitFor(pg, (s) => s?.status === 'ok', { what: 'ok through the proxy' });
      proxy.hang();
      const s = await waitFor(pg, (s) => s?.status === 'error', {
        what: 'error while hung',
        timeoutMs: 10_000,
      });
      expect(s!.error).toMatch(
        /PostgreSQL did not answer within 2000 ms \(postgres@127\.0\.0\.1:\d+\/warroom_pgfault_\w+\) — the server or the network stopped answering; reconnecting/,
      );
      await neighbourMoves();
      // Reconnect attempts while hung: each is destroyed before the next one starts.
      await waitFor(pg, (s) => (s?.failures ?? 0) >= 3, { what: 'three failed attempts', timeoutMs: 15_000 });
      expect(maxConns).toBeLessThanOrEqual(1);
      proxy.resume();
      await waitFor(pg, (s) => s?.status === 'ok' && !s.error, {
        what: 'answering again',
        timeoutMs: 15_000,
      });
      expect(maxConns).toBeLessThanOrEqual(1);
    } finally {
      clearInterval(sampler);
      await hub.stopAll();
      await proxy.close();
    }
  });

  it('stops cleanly: no connection left behind', async () => {
    proxy = await startTcpProxy(5432);
    const { hub, pg } = start(cfg(db.urlVia(proxy.port)));
    await waitFor(pg, (s) => s?.status === 'ok', { what: 'ok' });
    await hub.stopAll();
    await waitFor(
      () => proxy.connections(),
      (n) => n === 0,
      { what: 'no connection after stop' },
    );
    await proxy.close();
  });
});
