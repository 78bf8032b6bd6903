// ioredis for the demo: it has no ESM build, and a dynamically imported CommonJS module keeps
// its named exports only outside the bundle, so look for the class in both places.
import type { Redis as RedisT, RedisOptions } from 'ioredis';

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
