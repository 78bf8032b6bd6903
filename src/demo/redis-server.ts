// A private redis-server for the drill (when the binary is on PATH): 64mb maxmemory with
// volatile-lru, no persistence, on a free port; stopped with SIGTERM (SIGKILL after 2 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { errorText } from '../util/redact.js';
import { log } from '../util/log.js';
import { redisPing } from './redis.js';

export const MAXMEMORY = 64 * 1024 * 1024;

export interface PrivateRedis {
  url: string;
  proc: ChildProcess;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function executable(p: string): boolean {
  try {
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasBinary(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/local/bin', '/usr/sbin']);
  return dirs.some((d) => d && executable(join(d, name)));
}

export async function startPrivateRedis(dir: string): Promise<PrivateRedis | undefined> {
  if (!hasBinary('redis-server')) return undefined;
  const port = await freePort();
  // volatile-lru: only keys with a TTL (sessions) are evicted; the stale cache keys written
  // without a TTL stay and keep memory full until someone deletes them.
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--maxmemory',
      '64mb',
      '--maxmemory-policy',
      'volatile-lru',
    ],
    { stdio: 'ignore' },
  );
  proc.on('error', () => undefined);
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  try {
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return undefined;
      if ((await redisPing(url)) === undefined) return { url, proc };
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    log('warn', `demo: private redis-server: ${errorText(err)}`);
  }
  proc.kill('SIGKILL');
  return undefined;
}

export async function stopPrivateRedis(priv: PrivateRedis | undefined): Promise<void> {
  if (!priv || priv.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    priv.proc.once('exit', () => resolve());
    priv.proc.kill('SIGTERM');
    setTimeout(() => {
      priv.proc.kill('SIGKILL');
      resolve();
    }, 2000).unref();
  });
}
