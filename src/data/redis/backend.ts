import type { Backend } from '../backend.js';

export const backend: Backend = {
  id: 'redis',
  sources: ['redis'],
  hint: 'redis.url in warroom.yaml (or REDIS_URL)',
  configured: () => false,
  async start() {},
};
