// Redis for the drill: ioredis loaded the way the bundle needs it, a one-shot ping, and the
// removal of the drill's keys (SCAN + UNLINK on its prefix) on the way out.
import type { Redis as RedisT, RedisOptions } from 'ioredis';
import { errorText } from '../util/redact.js';
import { log } from '../util/log.js';

export interface DemoRedis {
  url: string;
  /** warroom-demo:<id>: — every key the demo writes starts with it. */
  prefix: string;
  /** A private redis-server with maxmemory (true), or the shared one without (false). */
  private: boolean;
  maxmemoryBytes?: number;
}

// ioredis has no ESM build, and a dynamically imported CommonJS module keeps its named
// exports only outside the bundle, so look for the class in both places.
export async function newRedis(url: string, opts: RedisOptions): Promise<RedisT> {
  const m = (await import('ioredis')) as unknown as {
    Redis?: typeof RedisT;
    default?: typeof RedisT & { Redis?: typeof RedisT };
  };
  const Ctor = m.Redis ?? m.default?.Redis ?? m.default;
  if (!Ctor) throw new Error('ioredis did not load');
  const r = new Ctor(url, opts);
  r.on('error', () => undefined);
  return r;
}

const ONE_SHOT: RedisOptions = {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  connectTimeout: 1500,
};

/** Why Redis at `url` does not answer PING (undefined: it does). */
export async function redisPing(url: string): Promise<string | undefined> {
  const r = await newRedis(url, { ...ONE_SHOT, enableOfflineQueue: false });
  try {
    await r.connect();
    await r.ping();
    return undefined;
  } catch (err) {
    return errorText(err);
  } finally {
    r.disconnect();
  }
}

export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = await newRedis(url, ONE_SHOT);
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } catch (err) {
    log('warn', `demo: could not delete ${prefix}*: ${errorText(err)}`);
  } finally {
    r.disconnect();
  }
}
