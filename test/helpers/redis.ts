// A key prefix of the test's own on the real Redis server, cleaned (SCAN + UNLINK) afterwards.
// Point tests elsewhere with WARROOM_TEST_REDIS_URL. Tests that flush a whole database or
// server start their own redis-server (startPrivateRedis) and never flush the shared one.
import { Redis, type RedisOptions } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { selfSignedCertFiles } from './tls.js';
import { waitFor } from './wait.js';

export const REDIS_URL = process.env.WARROOM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return `warroom-test:${randomBytes(4).toString('hex')}:`;
}

export async function cleanPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await r.connect();
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await r.unlink(...keys);
  } while (cursor !== '0');
  r.disconnect();
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface PrivateRedis {
  port: number;
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Waits until a Redis answers PING at `url` (with `opts`, e.g. a TLS CA). */
export async function redisReady(url: string, opts: RedisOptions = {}): Promise<void> {
  await waitFor(
    async () => {
      const r = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        ...opts,
      });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        r.disconnect();
      }
    },
    (ok) => ok,
    { what: `redis at ${url.replace(/\/\/[^@]*@/, '//')}`, timeoutMs: 10_000 },
  );
}

/** Stops a child process and resolves when it has exited (at once if it already has). */
export function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise<void>((r) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return r();
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

/** Spawns a redis-server of the test's own (nothing saved to disk) with `args`. */
export function spawnRedis(args: string[], cwd?: string): ChildProcess {
  return spawn('redis-server', ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], {
    stdio: 'ignore',
    cwd,
  });
}

/** A redis-server of the test's own (for FLUSHALL, maxmemory, ACL tests). */
export async function startPrivateRedis(args: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const proc = spawnRedis(['--port', String(port), ...args]);
  const url = `redis://127.0.0.1:${port}`;
  await redisReady(url);
  return { port, url, proc, stop: () => stopProcess(proc) };
}

/** A redis-server of the test's own that speaks TLS only, with a self-signed certificate in `dir`. */
export async function startTlsRedis(
  dir: string,
  args: string[] = [],
  password?: string,
): Promise<PrivateRedis & { ca: Buffer; caFile: string }> {
  const files = selfSignedCertFiles(dir);
  const port = await freePort();
  const proc = spawnRedis(
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      files.cert,
      '--tls-key-file',
      files.key,
      '--tls-ca-cert-file',
      files.cert,
      '--tls-auth-clients',
      'no',
      ...(password ? ['--requirepass', password] : []),
      ...args,
    ],
    dir,
  );
  const ca = readFileSync(files.cert);
  const url = `rediss://127.0.0.1:${port}`;
  await redisReady(url, { tls: { ca }, ...(password ? { password } : {}) });
  return { port, url, proc, ca, caFile: files.cert, stop: () => stopProcess(proc) };
}
