// One-shot uses of the shared journal, for start-up and the scripts: list the incidents it
// holds, copy one into the local state directory (joining it from another bastion), and push
// and pull one journal once. Each opens one short connection and closes it.
import { existsSync, rmSync } from 'node:fs';
import type pg from 'pg';
import { Journal, journalPath } from '../journal.js';
import { reduce, type IncidentEvent, type IncidentState } from '../model.js';
import { Replicator, type SharedStatus, type SyncResult } from './replicator.js';
import { migrate } from './schema.js';

async function connect(url: string, timeoutMs: number): Promise<pg.Client> {
  const { default: pgm } = await import('pg');
  const c = new pgm.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'warroom shared journal',
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await migrate(c);
  } catch (err) {
    c.end().catch(() => undefined);
    throw err;
  }
  return c;
}

export interface SharedIncident {
  state: IncidentState;
  events: number;
}

/** The incidents in the shared journal (their state from the events that make it). */
export async function listSharedIncidents(url: string, timeoutMs = 5000): Promise<SharedIncident[]> {
  const c = await connect(url, timeoutMs);
  try {
    const r = await c.query<{ n: string; evs: IncidentEvent[] }>(
      `SELECT count(*) AS n,
              jsonb_agg(event ORDER BY ts, id) FILTER (WHERE kind IN
                ('declared','severity','phase','title','impact','resolved','role')) AS evs
       FROM warroom.events GROUP BY incident
       HAVING bool_or(kind = 'declared')`,
    );
    const out: SharedIncident[] = [];
    for (const row of r.rows) {
      const state = reduce(row.evs ?? []);
      if (state) out.push({ state, events: Number(row.n) });
    }
    return out.sort((a, b) => b.state.declaredAt - a.state.declaredAt);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Pushes and pulls one journal once; the status says how it went (offline: why). */
export async function syncOnce(
  url: string,
  state: string,
  journal: Journal,
  timeoutMs = 5000,
): Promise<{ result?: SyncResult; status: SharedStatus }> {
  const r = new Replicator({ url, state, journal, timeoutMs, presence: false });
  try {
    const result = await r.sync();
    return { result, status: r.current };
  } catch {
    return { status: r.current };
  } finally {
    await r.stop();
  }
}

/**
 * Copies incident `id` from the shared journal into the local state directory (a new local
 * journal, then one pull). Throws with a one-line reason when it cannot.
 */
export async function fetchIncident(url: string, state: string, id: string, actor: string): Promise<string> {
  const path = journalPath(state, id);
  const existed = existsSync(path);
  const j = Journal.openOrCreate(state, id, actor);
  try {
    const { status } = await syncOnce(url, state, j);
    if (status.state !== 'online')
      throw new Error(`incident ${id} is not here and the shared journal is unreachable: ${status.reason}`);
    if (!reduce(j.events)) throw new Error(`no incident ${id}, neither here nor in the shared journal`);
    return path;
  } catch (err) {
    if (!existed && !j.events.length) rmSync(path, { force: true });
    throw err;
  } finally {
    j.close();
  }
}
