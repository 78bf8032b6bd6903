import type { Backend } from '../backend.js';

export const backend: Backend = {
  id: 'postgres',
  sources: ['postgres'],
  hint: 'postgres.url in warroom.yaml (or DATABASE_URL / PGHOST)',
  configured: () => false,
  async start() {},
};
