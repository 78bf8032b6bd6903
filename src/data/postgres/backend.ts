// PostgreSQL backend: enabled by postgres.url (or DATABASE_URL / libpq's PG* variables); one
// source with one connection of its own. pg itself is loaded only when the source connects.
import type { Backend } from '../backend.js';
import { POSTGRES_SOURCE, postgresSource } from './source.js';

export const backend: Backend = {
  id: 'postgres',
  sources: [POSTGRES_SOURCE],
  hint: 'postgres.url in warroom.yaml (or DATABASE_URL / PGHOST)',
  configured: (c) => !!c.postgres?.url,
  async start({ config, hub }) {
    const cfg = config.postgres!;
    // Stale after three missed refreshes (or the refresh budget, whichever is longer).
    hub.add(postgresSource(cfg), Math.max(cfg.intervalMs * 3, cfg.statementTimeoutMs + 3000));
  },
};
