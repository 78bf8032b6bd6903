// Redis backend: enabled by redis.url (or REDIS_URL); one polling source, 'redis'.
import type { Backend } from '../backend.js';
import { REDIS_SOURCE, redisSource } from './source.js';

export const backend: Backend = {
  id: 'redis',
  sources: [REDIS_SOURCE],
  hint: 'redis.url in warroom.yaml (or REDIS_URL)',
  configured: (c) => !!c.redis?.url,
  async start({ config, hub }) {
    const r = config.redis!;
    hub.add(
      redisSource({ url: r.url!, cluster: r.cluster, intervalMs: r.intervalMs }),
      r.intervalMs * 3 + 5000,
    );
  },
};
