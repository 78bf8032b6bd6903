// "Someone is acting on this": a PostgreSQL advisory lock per action target, taken with
// pg_try_advisory_lock(ACTING_KEY, hashtext(<target key>)) in the shared database
// (incident.shared.url) on a connection of its own, held from just before the confirmation
// until the action has finished. The lock belongs to that session: a console that dies (kill -9,
// a cut network once the server notices) releases it by itself, nothing to clean up.
//
// A second console that finds the lock taken reads who holds it from pg_locks and the holder's
// application_name (`wra:<phase>:<actor>|<what>`, 63 bytes at most, visible to every role), and
// the runner makes its responder confirm once more. When the shared database cannot be reached
// the action still runs: the check says why it could not be made. UI-free.
import type pg from 'pg';
import { redact } from '../../util/redact.js';
import type { Target } from '../operation.js';

/** The first key of every acting lock ('wact'); the second is hashtext of the target key. */
export const ACTING_KEY = 0x77616374;
const PREFIX = 'wra:';

export type ActingPhase = 'confirming' | 'running';

export interface Holder {
  actor: string;
  /** What they are doing, e.g. 'rollout undo backend'. */
  what: string;
  phase: ActingPhase;
  /** When their lock session started (epoch ms). */
  since: number;
}

export interface Lease {
  /** Says in pg_stat_activity that the action is running now (after the confirmation). */
  running(): Promise<void>;
  /** Ends the session, which releases the lock. Never throws. */
  release(): Promise<void>;
}

export type ActingCheck =
  | { state: 'free'; lease: Lease }
  | { state: 'held'; holders: Holder[] }
  | { state: 'unchecked'; reason: string };

/** The key of a target: the same on every console for the same object. */
export function targetKey(t: Pick<Target, 'backend' | 'context' | 'namespace' | 'kind' | 'name'>): string {
  return [t.backend, t.context, t.namespace ?? '', t.kind, t.name].join('|');
}

export function holderName(phase: ActingPhase, actor: string, what: string): string {
  let name = `${PREFIX}${phase === 'running' ? 'r' : 'c'}:${actor.replace(/[^\x20-\x7e]/g, '?')}|${what.replace(/[^\x20-\x7e]/g, '?')}`;
  while (Buffer.byteLength(name) > 63) name = name.slice(0, -1);
  return name;
}

export function parseHolder(name: string, since: number): Holder | undefined {
  const m = /^wra:([rc]):([^|]+)\|(.*)$/.exec(name);
  if (!m) return undefined;
  return { phase: m[1] === 'r' ? 'running' : 'confirming', actor: m[2]!, what: m[3]!, since };
}

/** 'alice@bastion-1: rollout undo backend (running)'. */
export function holderText(h: Holder): string {
  return `${h.actor}: ${h.what} (${h.phase === 'running' ? 'running' : 'about to run'})`;
}

/** Why the check could not be made, in one line with secrets masked. */
function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = (e?.message ?? String(err)).split('\n')[0]!;
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (/timeout|timed out/i.test(msg)) return 'no answer in time';
  if (/Connection terminated|ECONNRESET|socket hang up/i.test(msg)) return 'connection lost';
  return redact(msg);
}

function destroy(c: pg.Client): void {
  const conn = (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
  conn?.stream?.destroy();
  c.end().catch(() => undefined);
}

export interface CheckOptions {
  url: string;
  target: Pick<Target, 'backend' | 'context' | 'namespace' | 'kind' | 'name'>;
  actor: string;
  what: string;
  timeoutMs?: number;
}

/**
 * Tries to take the target's acting lock on a new session. Free: the lock is ours until
 * lease.release(). Held: who holds it. Unchecked: the shared database could not be used.
 */
export async function checkActing(o: CheckOptions): Promise<ActingCheck> {
  const timeoutMs = o.timeoutMs ?? 3000;
  const key = targetKey(o.target);
  let client: pg.Client | undefined;
  try {
    const { default: pgm } = await import('pg');
    const c = new pgm.Client({
      connectionString: o.url,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: holderName('confirming', o.actor, o.what),
    });
    client = c;
    c.on('error', () => undefined);
    await c.connect();
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        ACTING_KEY,
        key,
      ]);
      if (r.rows[0]?.ok) return { state: 'free', lease: leaseOf(c, o) };
      const holders = await holdersOf(c, key);
      // Released between the two statements: try again.
      if (holders.length) {
        destroy(c);
        return { state: 'held', holders };
      }
    }
    destroy(c);
    return { state: 'unchecked', reason: 'the lock was taken and released repeatedly' };
  } catch (err) {
    if (client) destroy(client);
    return { state: 'unchecked', reason: reasonOf(err) };
  }
}

function leaseOf(c: pg.Client, o: CheckOptions): Lease {
  let released = false;
  return {
    async running() {
      if (released) return;
      // Only the words others read change; the lock stays whatever happens here.
      await c
        .query('SELECT set_config($1, $2, false)', [
          'application_name',
          holderName('running', o.actor, o.what),
        ])
        .catch(() => undefined);
    },
    async release() {
      if (released) return;
      released = true;
      // Unlocked first: a server ends a closed session's backend (and its locks) a moment after
      // the socket closes, and the next responder must not find it still held. Ending the
      // session releases it anyway; a hung server is not waited for.
      await Promise.race([
        c
          .query('SELECT pg_advisory_unlock($1, hashtext($2))', [ACTING_KEY, targetKey(o.target)])
          .catch(() => undefined),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
      await Promise.race([c.end().catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
      destroy(c);
    },
  };
}

/** Who holds the acting lock of `key` (their sessions' application_name). */
async function holdersOf(c: pg.Client, key: string): Promise<Holder[]> {
  const r = await c.query<{ a: string; since: Date }>(
    `SELECT a.application_name AS a, a.backend_start AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.classid = $1::oid AND l.objid = hashtext($2)::oid`,
    [ACTING_KEY, key],
  );
  const out: Holder[] = [];
  for (const row of r.rows) {
    const h = parseHolder(row.a ?? '', new Date(row.since).getTime());
    out.push(h ?? { actor: 'another session', what: 'acting on it', phase: 'running', since: 0 });
  }
  return out;
}
