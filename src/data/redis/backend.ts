// Redis backend: enabled by redis.url (or REDIS_URL); one polling source, 'redis'.
import { oneSourceBackend } from '../backend.js';
import { REDIS_SOURCE } from './types.js';

export const backend = oneSourceBackend(
  { id: 'redis', source: REDIS_SOURCE, hint: 'redis.url in warroom.yaml (or REDIS_URL)' },
  (c) => (c.redis?.url ? { ...c.redis, url: c.redis.url } : undefined),
  // The source (with ioredis's command table for the slow log) loads when Redis is configured.
  async (r) => {
    const { redisSource } = await import('./source.js');
    return [
      redisSource({ url: r.url, cluster: r.cluster, intervalMs: r.intervalMs }),
      r.intervalMs * 3 + 5000,
    ];
  },
);
