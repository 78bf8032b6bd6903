// What the scripts (`warroom declare`, `note`, `sync`) share: which journals take part in the
// shared journal, one push-and-pull after a write, and what to say about it on stderr.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, journalPath } from '../journal.js';
import { databaseKey } from './replicator.js';
import { syncOnce } from './remote.js';
import { eventsWaiting } from './status.js';

/**
 * Incidents declared with a shared journal configured have ids unique across bastions
 * (`YYYY-MM-DD-xxxxxx`); older local ids (`YYYY-MM-DD-NNN`) may exist on another bastion too,
 * so they stay local unless they were shared before (a cursor exists).
 */
export function isShareable(state: string, url: string, id: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/.test(id) ||
    existsSync(join(state, 'shared', databaseKey(url), `${id}.json`))
  );
}

export interface ScriptSync {
  id: string;
  online: boolean;
  pushed: number;
  pulled: number;
  waiting: number;
  /** One line for stderr. */
  text: string;
}

/** Pushes and pulls incident `id` once and says what happened. */
export async function syncIncident(
  url: string,
  state: string,
  id: string,
  actor: string,
): Promise<ScriptSync> {
  const j = Journal.open(journalPath(state, id), actor);
  try {
    const { result, status } = await syncOnce(url, state, j);
    if (result)
      return {
        id,
        online: true,
        ...result,
        waiting: status.waiting,
        text: `${id}: pushed ${result.pushed}, pulled ${result.pulled}${status.waiting ? `, ${eventsWaiting(status.waiting)}` : ''}`,
      };
    return {
      id,
      online: false,
      pushed: 0,
      pulled: 0,
      waiting: status.waiting,
      text: `${id}: shared journal offline (${status.reason}): queued locally, ${eventsWaiting(status.waiting)}; \`warroom sync\` or any console on this bastion pushes them`,
    };
  } finally {
    j.close();
  }
}
