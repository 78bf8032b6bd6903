// The redis source against real Redis servers: the shared one (own key prefix, read-only
// monitoring) and private ones (maxmemory and evictions, ACL users, requirepass, killing the
// server), with a TCP proxy of our own to cut connections and stop answering.
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRedis } from '../../src/data/redis/client.js';
import { redisSource } from '../../src/data/redis/source.js';
import type { RedisSnapshot } from '../../src/data/redis/types.js';
import { runSource, type RunningSource } from '../helpers/chain.js';
import {
  REDIS_URL,
  cleanPrefix,
  freePort,
  startPrivateRedis,
  testPrefix,
  type PrivateRedis,
} from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function run(url: string, timeoutMs = 1000): RunningSource<RedisSnapshot> {
  const r = runSource<RedisSnapshot>(redisSource({ url, intervalMs: 150, timeoutMs }));
  cleanups.push(() => r.stop());
  return r;
}
async function priv(args: string[] = []): Promise<PrivateRedis> {
  const p = await startPrivateRedis(args);
  cleanups.push(() => p.stop());
  return p;
}
async function proxy(port: number): Promise<TcpProxy> {
  const p = await startTcpProxy(port);
  cleanups.push(() => p.close());
  return p;
}
async function admin(url: string): Promise<Redis> {
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  cleanups.push(async () => c.disconnect());
  return c;
}

describe('redis source', () => {
  it('reads INFO, ping, keyspace and rates from the shared server (own key prefix)', async () => {
    const prefix = testPrefix();
    cleanups.push(() => cleanPrefix(prefix));
    const a = await admin(REDIS_URL);
    await a.set(`${prefix}k`, 'v');
    const r = run(REDIS_URL);
    const s1 = await r.waitFor((s) => s.status === 'ok', 'first snapshot');
    const d = s1.data!;
    expect(d.mode).toBe('standalone');
    expect(d.info.version).toMatch(/^\d+\.\d+/);
    expect(d.info.usedMemory).toBeGreaterThan(0);
    expect(d.info.maxclients).toBeGreaterThan(0);
    expect(d.info.policy).toBeTruthy();
    expect(d.info.role).toBe('master');
    expect(d.info.uptimeSec).toBeGreaterThanOrEqual(0);
    expect(d.info.keyspace.reduce((n, db) => n + db.keys, 0)).toBeGreaterThan(0);
    expect(d.pingMs).toBeGreaterThanOrEqual(0);
    // Second poll gives rates; lookups during the interval give a hit rate.
    await a.get(`${prefix}k`);
    await a.get(`${prefix}missing`);
    const s2 = await r.waitFor(
      (s) => s.data!.rates.intervalMs !== undefined && s.data!.history.ops.length >= 2,
      'rates',
    );
    expect(s2.data!.rates.evictedPerSec).toBeGreaterThanOrEqual(0);
    expect(s2.data!.history.mem.length).toBeGreaterThanOrEqual(2);
  });

  it('hit rate, evictions and the slowlog from a private server with maxmemory', async () => {
    const p = await priv([
      '--maxmemory',
      '2mb',
      '--maxmemory-policy',
      'allkeys-lru',
      '--slowlog-log-slower-than',
      '0',
    ]);
    const a = await admin(p.url);
    const r = run(p.url);
    await r.waitFor((s) => s.status === 'ok', 'connected');
    await a.set('hit', '1');
    await a.get('hit');
    await a.get('hit');
    await a.get('hit');
    await a.get('miss');
    const s = await r.waitFor((st) => st.data!.rates.hitRate !== undefined, 'hit rate');
    expect(s.data!.rates.hitRate).toBeGreaterThan(0);
    expect(s.data!.rates.hitRate).toBeLessThan(1);
    expect(s.data!.info.maxmemory).toBe(2 * 1024 * 1024);
    expect(s.data!.info.policy).toBe('allkeys-lru');
    expect(s.data!.slowlog.length).toBeGreaterThan(0);
    // Fill past maxmemory: evictions per second and an alert.
    const big = 'x'.repeat(10_000);
    const pipe = a.pipeline();
    for (let i = 0; i < 600; i++) pipe.set(`fill:${i}`, big);
    await pipe.exec();
    const e = await r.waitFor((st) => (st.data!.rates.evictedPerSec ?? 0) > 0, 'evictions');
    expect(e.data!.alerts.some((x) => /evicting .* keys\/s \(allkeys-lru\)/.test(x.text))).toBe(true);
    expect(e.data!.info.evictedKeys).toBeGreaterThan(0);
  });

  it('the slowest commands at the default threshold: name and key, never the values', async () => {
    // A private server at the default slowlog-log-slower-than (10 ms): the shared server's
    // slowlog is written by every test running beside this one, which can push our entry out of
    // the 64 read (seen in a clean-clone CI run).
    const p = await priv();
    const prefix = testPrefix();
    const a = await admin(p.url);
    const secret = `v4lue-${prefix}`;
    // A script that runs until the server's own clock says 30 ms passed: slower than the
    // default slowlog-log-slower-than (10 ms) whatever the machine's speed.
    const busy = `local t0 = redis.call('TIME') local us = 0
      repeat local t = redis.call('TIME') us = (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) until us >= 30000
      redis.call('SET', KEYS[1], ARGV[1]) return us`;
    await a.eval(busy, 1, `${prefix}slow`, secret);
    const r = run(p.url);
    const s = await r.waitFor(
      (st) => st.status === 'ok' && st.data!.slowlog.some((e) => e.key === `${prefix}slow`),
      'our script in the slowlog',
    );
    const e = s.data!.slowlog.find((x) => x.key === `${prefix}slow`)!;
    expect(e).toMatchObject({ name: 'EVAL', elided: 3, command: `EVAL ${prefix}slow … 3 args` });
    expect(e.durationUs).toBeGreaterThanOrEqual(30_000);
    expect(e.client).toMatch(/^127\.0\.0\.1:\d+/);
    const durations = s.data!.slowlog.map((x) => x.durationUs);
    expect(durations).toEqual([...durations].sort((x, y) => y - x));
    expect(JSON.stringify(s.data)).not.toContain(secret);
    expect(JSON.stringify(s.data)).not.toContain('redis.call');
  });

  it('a private server logging every command: slowest first, the client name, no value or password', async () => {
    const p = await priv(['--slowlog-log-slower-than', '0']);
    await (await admin(p.url)).config('SET', 'requirepass', 'pr1vate-pw');
    const url = `redis://:pr1vate-pw@127.0.0.1:${p.port}`;
    const a = new Redis(url, { maxRetriesPerRequest: 1, connectionName: 'checkout-api' });
    a.on('error', () => undefined);
    cleanups.push(async () => a.disconnect());
    await a.set('session:42', 'token=abc123-s3cret');
    await a.eval(
      `local t0 = redis.call('TIME') local us = 0
       repeat local t = redis.call('TIME') us = (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) until us >= 20000
       return us`,
      1,
      'report:daily',
      'token=abc123-s3cret',
    );
    const r = run(url);
    const s = await r.waitFor(
      (st) => st.status === 'ok' && st.data!.slowlog[0]?.key === 'report:daily',
      'our script, the slowest command',
    );
    const log = s.data!.slowlog;
    expect(log.length).toBeGreaterThan(1); // every command is logged
    // The console's own INFO and SLOWLOG (its connection is named) are not the app's.
    expect(log.filter((e) => e.client?.includes('warroom-monitor'))).toEqual([]);
    expect(log.map((e) => e.name)).not.toContain('INFO');
    expect(log.length).toBeLessThanOrEqual(10);
    expect(log[0]).toMatchObject({ name: 'EVAL', elided: 3, command: 'EVAL report:daily … 3 args' });
    expect(log[0]!.client).toMatch(/^127\.0\.0\.1:\d+ checkout-api$/);
    const durations = log.map((x) => x.durationUs);
    expect(durations).toEqual([...durations].sort((x, y) => y - x));
    const text = JSON.stringify(s.data);
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('pr1vate-pw');
  });

  it('NOAUTH and WRONGPASS are said in words, ACL users work, the password never shows', async () => {
    const p = await priv();
    const a = await admin(p.url);
    await a.call('ACL', 'SETUSER', 'monitor', 'on', '>m0nitor-pw', '+@all', '~*');
    await a.config('SET', 'requirepass', 'sup3r-secret');
    const noauth = run(p.url);
    const s1 = await noauth.waitFor((s) => s.status === 'error', 'NOAUTH');
    expect(s1.error).toMatch(/^authentication required: the server wants a password \(NOAUTH\)/);
    const wrong = run(`redis://monitor:bad-pw@127.0.0.1:${p.port}`);
    const s2 = await wrong.waitFor((s) => s.status === 'error', 'WRONGPASS');
    expect(s2.error).toMatch(/^wrong user name or password \(WRONGPASS\)/);
    expect(s2.error).not.toContain('bad-pw');
    const acl = run(`redis://monitor:m0nitor-pw@127.0.0.1:${p.port}`);
    const s3 = await acl.waitFor((s) => s.status === 'ok', 'ACL user');
    expect(s3.data!.target).not.toContain('m0nitor-pw');
    expect(JSON.stringify(s3)).not.toContain('m0nitor-pw');
    const pw = run(`redis://:sup3r-secret@127.0.0.1:${p.port}`);
    await pw.waitFor((s) => s.status === 'ok', 'requirepass');
  });

  it('an ACL user without INFO is refused in words; one without SLOWLOG still gets the rest', async () => {
    const p = await priv();
    const a = await admin(p.url);
    await a.call('ACL', 'SETUSER', 'pingonly', 'on', '>pw1', '+ping', '+hello', '+client');
    await a.call('ACL', 'SETUSER', 'noslow', 'on', '>pw2', '+@all', '-slowlog', '~*');
    const r1 = run(`redis://pingonly:pw1@127.0.0.1:${p.port}`);
    const s1 = await r1.waitFor((s) => s.status === 'error', 'NOPERM');
    expect(s1.error).toMatch(/^permission denied: .*'info' command/);
    const r2 = run(`redis://noslow:pw2@127.0.0.1:${p.port}`);
    const s2 = await r2.waitFor((s) => s.status === 'ok', 'ok without slowlog');
    expect(s2.data!.slowlog).toEqual([]);
    expect(s2.data!.slowlogError).toMatch(/^permission denied: .*'slowlog/);
  });

  it('server down at start, then up: recovers without a restart', async () => {
    const p = await priv();
    const px = await proxy(p.port);
    await px.down();
    const r = run(px.url('redis'));
    const s = await r.waitFor((st) => st.status === 'error', 'refused');
    expect(s.error).toBe(`connection refused (127.0.0.1:${px.port})`);
    expect(s.data).toBeUndefined();
    await px.up();
    await r.waitFor((st) => st.status === 'ok', 'recovered', 20_000);
  });

  it('server killed mid-session and back: error in words, last data kept, then live again', async () => {
    const p = await priv();
    const px = await proxy(p.port);
    const r = run(px.url('redis'));
    await r.waitFor((s) => s.status === 'ok', 'connected');
    await px.down();
    const s = await r.waitFor((st) => st.status === 'error', 'killed');
    expect(s.error).toMatch(/connection (refused|closed|reset)/);
    expect(s.data).toBeDefined();
    await px.up();
    await r.waitFor((st) => st.status === 'ok', 'back', 20_000);
  });

  it('a real server killed (process exit) and restarted on the same port recovers', async () => {
    const p = await startPrivateRedis();
    const r = run(p.url);
    await r.waitFor((s) => s.status === 'ok', 'connected');
    await p.stop();
    await r.waitFor((st) => st.status === 'error', 'server gone');
    const { spawn } = await import('node:child_process');
    const proc = spawn(
      'redis-server',
      ['--port', String(p.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    cleanups.push(
      () =>
        new Promise<void>((res) => {
          proc.once('exit', () => res());
          proc.kill('SIGTERM');
        }),
    );
    await r.waitFor((st) => st.status === 'ok', 'restarted', 20_000);
  });

  it('connection cut mid-query and a server that stops answering', async () => {
    const p = await priv();
    const px = await proxy(p.port);
    const r = run(px.url('redis'), 800);
    await r.waitFor((s) => s.status === 'ok', 'connected');
    const cutAt = Date.now();
    px.cut();
    await r.waitFor((s) => s.status === 'ok' && (s.fetchedAt ?? 0) > cutAt + 300, 'live again after a cut');
    px.hang();
    const s = await r.waitFor((st) => st.status === 'error', 'no answer', 20_000);
    expect(s.error).toMatch(/no answer within/);
    px.resume();
    await r.waitFor((st) => st.status === 'ok', 'answers again', 20_000);
  });

  it('replication: the master lists its replica, the replica reports its link, and a lost master is an alert', async () => {
    // The replica writes the synced RDB to its working directory: keep it in a temp dir.
    const dir = mkdtempSync(join(tmpdir(), 'warroom-repl-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const master = await startPrivateRedis(['--dir', dir]);
    let masterUp = true;
    cleanups.push(async () => masterUp && master.stop());
    const replica = await priv(['--replicaof', '127.0.0.1', String(master.port), '--dir', dir]);
    const rm = run(master.url);
    const rr = run(replica.url);
    const m = await rm.waitFor((s) => s.data?.info.replicas[0]?.state === 'online', 'replica online', 20_000);
    expect(m.data!.info.replicas[0]!.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    const r = await rr.waitFor((s) => s.data?.info.masterLinkStatus === 'up', 'link up', 20_000);
    expect(r.data!.info.role).toBe('slave');
    expect(r.data!.info.masterPort).toBe(master.port);
    masterUp = false;
    await master.stop();
    const down = await rr.waitFor((s) => s.data?.info.masterLinkStatus === 'down', 'link down', 20_000);
    expect(down.status).toBe('ok');
    expect(down.data!.alerts).toContainEqual({ level: 'bad', text: 'master link down' });
  });

  it('maxclients reached: rejected connections are counted and flagged', async () => {
    const p = await priv(['--maxclients', '3']);
    const r = run(p.url);
    await r.waitFor((s) => s.status === 'ok', 'connected');
    const extra: Redis[] = [];
    for (let i = 0; i < 4; i++) {
      const c = new Redis(p.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      extra.push(c);
      cleanups.push(async () => c.disconnect());
    }
    await Promise.allSettled(extra.map((c) => c.ping()));
    const s = await r.waitFor((st) => (st.data?.info.rejectedConnections ?? 0) > 0, 'rejections counted');
    expect(s.data!.info.maxclients).toBe(3);
    await r.waitFor(
      (st) => !!st.data?.alerts.some((a) => a.level === 'bad' && /^\d+ connections rejected$/.test(a.text)),
      'rejections flagged',
    );
  });

  it('the connection factory opens a separate short-lived connection for actions', async () => {
    const c = await openRedis({ url: REDIS_URL, name: 'warroom-action' });
    expect(await c.ping()).toBe('PONG');
    c.disconnect();
    await expect(openRedis({ url: `redis://127.0.0.1:${await freePort()}`, timeoutMs: 500 })).rejects.toThrow(
      /connection refused/,
    );
  });
});
