// The redis source over TLS (rediss://, a private redis-server with a self-signed CA) and
// against a real three-master Redis Cluster of private servers.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisSource } from '../../src/data/redis/source.js';
import type { RedisSnapshot } from '../../src/data/redis/types.js';
import { runSource, type RunningSource } from '../helpers/chain.js';
import { freePort, redisReady, spawnRedis, startTlsRedis, stopProcess } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-redis-'));
const procs: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(async () => {
  await Promise.all(procs.map(stopProcess));
  rmSync(dir, { recursive: true, force: true });
});

function server(args: string[]): ChildProcess {
  const p = spawnRedis(args, dir);
  procs.push(p);
  return p;
}
function run(o: Parameters<typeof redisSource>[0]): RunningSource<RedisSnapshot> {
  const r = runSource<RedisSnapshot>(redisSource(o));
  cleanups.push(() => r.stop());
  return r;
}

describe('redis over TLS', () => {
  let port: number;
  let ca: Buffer;
  beforeAll(async () => {
    const tls = await startTlsRedis(dir);
    procs.push(tls.proc);
    port = tls.port;
    ca = tls.ca;
  });

  it('rediss:// with the CA trusted: live', async () => {
    const r = run({ url: `rediss://127.0.0.1:${port}`, intervalMs: 200, tls: { ca } });
    const s = await r.waitFor((st) => st.status === 'ok', 'tls live');
    expect(s.data!.info.version).toMatch(/^\d/);
  });

  it('an untrusted certificate is an error in words', async () => {
    const r = run({ url: `rediss://127.0.0.1:${port}`, intervalMs: 200 });
    const s = await r.waitFor((st) => st.status === 'error', 'tls error');
    expect(s.error).toMatch(/^TLS handshake failed: .*self[- ]signed/i);
  });

  it('plain redis:// against a TLS port does not hang: an error in words', async () => {
    const r = run({ url: `redis://127.0.0.1:${port}`, intervalMs: 200, timeoutMs: 800 });
    const s = await r.waitFor((st) => st.status === 'error', 'plain against tls');
    expect(s.error).toMatch(/connection (closed|reset)|no answer within/);
  });
});

describe('redis cluster', () => {
  const ports: number[] = [];
  const nodeProcs = new Map<number, ChildProcess>();
  const startNode = (p: number) =>
    nodeProcs.set(
      p,
      server([
        '--port',
        String(p),
        '--cluster-enabled',
        'yes',
        '--cluster-node-timeout',
        '2000',
        '--cluster-config-file',
        join(dir, `nodes-${p}.conf`),
      ]),
    );
  /**
   * A cluster node on a port that was free a moment ago. A cluster node needs a fixed port and
   * its bus port (+10000), so another process can take either in between (seen once in a
   * clean-clone CI run: the node exited and never answered); then it is started on another
   * port. A node that does not exit but never answers still fails the test.
   */
  async function startFreshNode(): Promise<number> {
    for (;;) {
      const p = await freePort();
      if (p + 10000 > 65535) continue;
      startNode(p);
      const proc = nodeProcs.get(p)!;
      const exited = new Promise<'exited'>((r) => proc.once('exit', () => r('exited')));
      const ready = redisReady(`redis://127.0.0.1:${p}`).then(() => 'ready' as const);
      const first = await Promise.race([ready, exited]);
      if (first === 'ready') return p;
      nodeProcs.delete(p);
      ready.catch(() => undefined);
    }
  }
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) ports.push(await startFreshNode());
    execFileSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      async () => {
        const r = new Redis(ports[0]!, '127.0.0.1');
        r.on('error', () => undefined);
        try {
          return String(await r.cluster('INFO'));
        } finally {
          r.disconnect();
        }
      },
      (info) => info.includes('cluster_state:ok'),
      { what: 'cluster_state:ok', timeoutMs: 20_000 },
    );
  }, 60_000);

  it('every node read, counters summed over masters, keys across slots', async () => {
    const c = new Redis.Cluster([{ host: '127.0.0.1', port: ports[0]! }]);
    c.on('error', () => undefined);
    for (let i = 0; i < 30; i++) await c.set(`k:${i}`, 'v');
    await c.quit();
    const r = run({ url: `redis://127.0.0.1:${ports[0]}`, cluster: true, intervalMs: 200 });
    const s = await r.waitFor(
      (st) => st.status === 'ok' && (st.data?.nodes?.length ?? 0) === 3,
      'cluster live',
    );
    const d = s.data!;
    expect(d.mode).toBe('cluster');
    expect(d.nodes!.map((n) => n.role)).toEqual(['master', 'master', 'master']);
    expect(d.info.keyspace.find((k) => k.db === 0)?.keys).toBe(30);
    expect(d.info.connectedClients).toBeGreaterThanOrEqual(3);
  });

  it('a master killed: the node is reported in words, and the cluster view recovers when it is back', async () => {
    const r = run({ url: `redis://127.0.0.1:${ports[0]}`, cluster: true, intervalMs: 200, timeoutMs: 1000 });
    await r.waitFor((st) => st.status === 'ok' && (st.data?.nodes?.length ?? 0) === 3, 'cluster live');
    const victim = ports[2]!;
    const proc = nodeProcs.get(victim)!;
    await new Promise<void>((res) => {
      proc.once('exit', () => res());
      proc.kill('SIGKILL');
    });
    // The dead master stays in the view, marked in words, and the cluster state turns to fail.
    const s = await r.waitFor(
      (st) =>
        !!st.data?.alerts.some((a) => a.text === 'cluster state fail') &&
        !!st.data?.nodes?.some(
          (n) =>
            n.addr === `127.0.0.1:${victim}` &&
            /^down: the cluster marks this master as failed$/.test(n.error ?? ''),
        ),
      'node loss seen',
      20_000,
    );
    expect(s.data!.nodes).toHaveLength(3);
    startNode(victim);
    await r.waitFor(
      (st) => st.status === 'ok' && (st.data?.nodes ?? []).filter((n) => !n.error).length === 3,
      'three nodes again',
      40_000,
    );
  }, 90_000);
});
