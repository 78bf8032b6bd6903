// PostgreSQL backend: enabled by postgres.url (or DATABASE_URL / libpq's PG* variables); one
// source with one connection of its own. pg itself is loaded only when the source connects.
import { oneSourceBackend } from '../backend.js';
import { POSTGRES_SOURCE, postgresSource } from './source.js';

export const backend = oneSourceBackend(
  {
    id: 'postgres',
    source: POSTGRES_SOURCE,
    hint: 'postgres.url in warroom.yaml (or DATABASE_URL / PGHOST)',
  },
  (c) => (c.postgres?.url ? c.postgres : undefined),
  // Stale after three missed refreshes (or the refresh budget, whichever is longer).
  (cfg) => [postgresSource(cfg), Math.max(cfg.intervalMs * 3, cfg.statementTimeoutMs + 3000)],
);
