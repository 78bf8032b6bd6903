// The shared journal's schema in PostgreSQL: the `warroom` schema, created and migrated by
// warroom itself, one numbered migration after another, under an advisory lock so that two
// consoles starting at once migrate once. A database migrated by a newer warroom is left alone:
// the replicator goes offline with that reason and the console keeps its local journal.
// The SQL below is the documentation too (README "The shared journal" quotes it).
import type { ClientBase } from 'pg';

/** The schema version this warroom writes and reads. */
export const SCHEMA_VERSION = 1;

/** Migration N brings the schema from version N-1 to N. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS warroom.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS warroom.events (
  seq         bigserial   PRIMARY KEY,          -- arrival order in this database (the pull cursor)
  incident    text        NOT NULL,             -- incident id, e.g. 2026-12-01-4f0a9c
  id          text        NOT NULL,             -- event id, globally unique (time + 64 random bits)
  ts          timestamptz NOT NULL,             -- when it was written (timeline order: ts, then id)
  actor       text        NOT NULL,
  kind        text        NOT NULL,
  event       jsonb       NOT NULL,             -- the journal line as written, ids and all
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident, id)                         -- replication is INSERT … ON CONFLICT DO NOTHING
);
CREATE INDEX IF NOT EXISTS events_incident_seq ON warroom.events (incident, seq);
CREATE INDEX IF NOT EXISTS events_declared ON warroom.events (kind) WHERE kind = 'declared';
CREATE OR REPLACE FUNCTION warroom.notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warroom_events', NEW.incident);  -- payload: the incident id (one per transaction)
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS events_notify ON warroom.events;
CREATE TRIGGER events_notify AFTER INSERT ON warroom.events FOR EACH ROW EXECUTE FUNCTION warroom.notify_event();`,
];

export class SchemaTooNew extends Error {
  constructor(readonly found: number) {
    super(
      `the shared database's schema is version ${found}, newer than this warroom's (${SCHEMA_VERSION}): upgrade warroom`,
    );
  }
}

const LOCK_KEY = 0x77617272; // 'warr'

/** Creates or migrates the `warroom` schema; returns the version found before. */
export async function migrate(client: ClientBase): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Only when missing: a role that may write events but not create schemas still works.
    const ns = await client.query<{ n: string | null }>(`SELECT to_regnamespace('warroom')::text AS n`);
    if (!ns.rows[0]?.n) await client.query('CREATE SCHEMA IF NOT EXISTS warroom');
    const has = await client.query<{ t: string | null }>(`SELECT to_regclass('warroom.meta')::text AS t`);
    let version = 0;
    if (has.rows[0]?.t) {
      const r = await client.query<{ value: string }>(
        `SELECT value FROM warroom.meta WHERE key = 'schema_version'`,
      );
      version = Number(r.rows[0]?.value ?? 0);
    }
    if (version > SCHEMA_VERSION) throw new SchemaTooNew(version);
    for (let v = version; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!);
    if (version < SCHEMA_VERSION)
      await client.query(
        `INSERT INTO warroom.meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [String(SCHEMA_VERSION)],
      );
    await client.query('COMMIT');
    return version;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
