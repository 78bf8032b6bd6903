// The replicator: one per open incident and console. It copies the local journal into the
// shared PostgreSQL database and the shared database into the local journal, offline first:
// every event is fsynced to the local journal before anything else (Journal.append, as
// without sharing), then pushed with INSERT … ON CONFLICT DO NOTHING (idempotent: a push
// repeated after a crash duplicates nothing); the other consoles' events are pulled when a
// NOTIFY says so and every `pollMs` otherwise (PgBouncer in transaction mode drops
// notifications), and appended to the local journal, ids and all, before they show.
//
// Both directions resume from the last acknowledged event, kept in
// `<state>/shared/<database>/<incident>.json`: `pushed` counts the journal's events (file order)
// the database has acknowledged, `pulled` is the last `seq` written to the local journal. Writers
// take a per-incident advisory transaction lock before inserting, so `seq` order is commit order
// for an incident and a reader never skips a row that commits late.
//
// Any failure (refused, cut, slow beyond `timeoutMs`, permission denied, a schema from a newer
// warroom) drops the connection and makes the status offline with its reason; the loop retries
// with backoff and catches up by itself. No UI here: the status goes to `onStatus`.
// Presence (who has the incident open, since when) is the session's application_name.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { privateDir, writePrivateFile } from '../../util/private-files.js';
import { redact } from '../../util/redact.js';
import type { Journal } from '../journal.js';
import type { IncidentEvent } from '../model.js';
import { migrate, SchemaTooNew } from './schema.js';

export type SharedState = 'connecting' | 'online' | 'offline';

export interface SharedStatus {
  state: SharedState;
  /** When this state began (epoch ms). */
  since: number;
  /** Offline: why, in one line, secrets masked. */
  reason?: string;
  /** Local events the shared database does not have yet. */
  waiting: number;
  /** Totals this session. */
  pushed: number;
  pulled: number;
  lastSyncAt?: number;
  /** Who has the incident open on a console connected to the shared database, earliest first. */
  present: Presence[];
}

export interface Presence {
  actor: string;
  /** Since when (epoch ms, to the second). */
  since: number;
}

export interface ReplicatorOptions {
  url: string;
  /** The warroom state directory (cursors live under `shared/`). */
  state: string;
  journal: Journal;
  pollMs?: number;
  /** Connect and query timeout: slower than this counts as offline. */
  timeoutMs?: number;
  /** First retry delay after a failure; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  batch?: number;
  /** LISTEN for notifications (off: polling alone, as behind PgBouncer in transaction mode). */
  listen?: boolean;
  /** Announce this console's presence (off for the one-shot scripts). */
  presence?: boolean;
  now?: () => number;
  onStatus?: (s: SharedStatus) => void;
}

export interface SyncResult {
  pushed: number;
  pulled: number;
}

interface Cursor {
  v: 1;
  pushed: number;
  pulled: string;
}

const CHANNEL = 'warroom_events';
/** The first key of the per-incident advisory transaction lock taken by every writer. */
const PUSH_LOCK = 0x77617273;

const PRESENCE = 'wr:';

/**
 * Presence rides on the session itself: the application_name `wr:<incident>:<since>:<actor>`
 * (63 bytes at most), visible in pg_stat_activity to every role and gone when the session is —
 * a console that dies leaves by itself, nothing to clean up.
 */
export function presenceName(incident: string, actor: string, since: number): string {
  let name = `${PRESENCE}${incident}:${Math.floor(since / 1000).toString(36)}:${actor.replace(/[^\x20-\x7e]/g, '?')}`;
  while (Buffer.byteLength(name) > 63) name = name.slice(0, -1);
  return name;
}

export function parsePresence(incident: string, name: string): Presence | undefined {
  const prefix = `${PRESENCE}${incident}:`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  const i = rest.indexOf(':');
  if (i < 1) return undefined;
  const since = parseInt(rest.slice(0, i), 36) * 1000;
  const actor = rest.slice(i + 1);
  return actor && Number.isFinite(since) ? { actor, since } : undefined;
}

/** Where a database's cursors live: one directory per host, port and database name. */
export function databaseKey(url: string): string {
  try {
    const u = new URL(url);
    const id = `${u.hostname}:${u.port || '5432'}/${decodeURIComponent(u.pathname.slice(1))}`;
    return createHash('sha256').update(id).digest('hex').slice(0, 16);
  } catch {
    return createHash('sha256').update(url).digest('hex').slice(0, 16);
  }
}

/** One line for an error, secrets masked: what the header and stderr say. */
export function offlineReason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (err instanceof SchemaTooNew) return err.message;
  const msg = (e?.message ?? String(err)).split('\n')[0]!;
  if (e?.code === '42501')
    return redact(`permission denied: ${msg.replace(/^permission denied (for )?/, '')}`);
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (/timeout|timed out/i.test(msg)) return 'no answer in time';
  if (/Connection terminated|ECONNRESET|socket hang up/i.test(msg)) return 'connection lost';
  return redact(msg);
}

export class Replicator {
  readonly journal: Journal;
  private readonly opts: Required<Omit<ReplicatorOptions, 'onStatus' | 'journal' | 'url' | 'state'>> &
    ReplicatorOptions;
  private client: pg.Client | undefined;
  private cursor: Cursor;
  private readonly cursorPath: string;
  /** Ids that came from the shared database: never pushed back. */
  private readonly fromShared = new Set<string>();
  private status: SharedStatus;
  private stopped = true;
  private wake: (() => void) | undefined;
  private kicked = false;
  private running: Promise<void> | undefined;
  private busy: Promise<SyncResult> | undefined;
  private unsub: (() => void) | undefined;
  private readonly openedAt: number;
  private presenceAt = 0;
  private reconciledAt = 0;

  constructor(opts: ReplicatorOptions) {
    this.opts = {
      pollMs: 2000,
      timeoutMs: 5000,
      retryMs: 500,
      maxRetryMs: 10_000,
      batch: 1000,
      presence: true,
      listen: true,
      now: Date.now,
      ...opts,
    };
    this.openedAt = this.opts.now();
    this.journal = opts.journal;
    const dir = join(opts.state, 'shared', databaseKey(opts.url));
    this.cursorPath = join(dir, `${opts.journal.id}.json`);
    this.cursor = this.loadCursor();
    this.status = {
      state: 'connecting',
      since: this.opts.now(),
      waiting: 0,
      pushed: 0,
      pulled: 0,
      present: [],
    };
    this.status.waiting = this.countWaiting();
  }

  get current(): SharedStatus {
    return this.status;
  }

  private loadCursor(): Cursor {
    try {
      if (existsSync(this.cursorPath)) {
        const c = JSON.parse(readFileSync(this.cursorPath, 'utf8')) as Cursor;
        if (Number.isInteger(c.pushed) && /^\d+$/.test(c.pulled)) return c;
      }
    } catch {
      // unreadable cursor: start over (replication is idempotent, nothing is duplicated)
    }
    return { v: 1, pushed: 0, pulled: '0' };
  }

  private saveCursor(): void {
    privateDir(join(this.cursorPath, '..'));
    const tmp = `${this.cursorPath}.${process.pid}.tmp`;
    writePrivateFile(tmp, JSON.stringify(this.cursor));
    renameSync(tmp, this.cursorPath);
  }

  private countWaiting(): number {
    const a = this.journal.arrived;
    let n = 0;
    for (let i = this.cursor.pushed; i < a.length; i++) if (!this.fromShared.has(a[i]!.id)) n++;
    return n;
  }

  private emit(p: Partial<SharedStatus>): void {
    const prev = this.status;
    const next = { ...prev, ...p, waiting: this.countWaiting() };
    if (next.state !== prev.state) next.since = p.since ?? this.opts.now();
    this.status = next;
    this.opts.onStatus?.(next);
  }

  /** Runs in the background until stop(): sync, wait for a notification or the poll, again. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsub = this.journal.onEvents((evs) => {
      if (evs.some((e) => !this.fromShared.has(e.id))) {
        if (this.status.state === 'online') this.kick();
        else this.emit({});
      }
    });
    this.running = this.loop();
  }

  /** Wakes the loop now (a local event to push, a notification). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Waits `ms`, or less when kicked; a kick that came while not sleeping ends the next sleep at once. */
  private sleep(ms: number): Promise<void> {
    if (this.kicked || this.stopped) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    let delay = this.opts.retryMs;
    while (!this.stopped) {
      try {
        await this.sync();
        delay = this.opts.retryMs;
        await this.sleep(this.opts.pollMs);
      } catch {
        if (this.stopped) break;
        // Offline: wait for the retry (local events only update the count meanwhile).
        this.kicked = false;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.opts.maxRetryMs);
      }
    }
  }

  /** One push and pull (connecting first when needed); throws when the database cannot be used. */
  sync(): Promise<SyncResult> {
    // Never two at once: the loop and a caller share the one in flight.
    this.busy ??= this.syncNow().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async syncNow(): Promise<SyncResult> {
    try {
      const c = await this.connect();
      const pushed = await this.push(c);
      const pulled = (await this.pull(c)) + (await this.reconcile(c));
      const present = await this.presence(c);
      this.emit({
        ...(present ? { present } : {}),
        state: 'online',
        reason: undefined,
        pushed: this.status.pushed + pushed,
        pulled: this.status.pulled + pulled,
        lastSyncAt: this.opts.now(),
      });
      return { pushed, pulled };
    } catch (err) {
      this.drop();
      const reason = offlineReason(err);
      this.emit({
        state: 'offline',
        reason,
        since: this.status.state === 'offline' ? this.status.since : undefined,
      });
      throw new Error(reason, { cause: err });
    }
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const { default: pgm } = await import('pg');
    const client = new pgm.Client({
      connectionString: this.opts.url,
      connectionTimeoutMillis: this.opts.timeoutMs,
      query_timeout: this.opts.timeoutMs,
      keepAlive: true,
      application_name: this.opts.presence
        ? presenceName(this.journal.id, this.journal.actor, this.openedAt)
        : 'warroom script',
    });
    client.on('error', () => {
      if (this.client === client) this.drop();
      this.kick();
    });
    client.on('end', () => {
      if (this.client === client) this.drop();
    });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload === this.journal.id) this.kick();
    });
    try {
      await client.connect();
      await migrate(client);
      if (this.opts.listen) await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      destroy(client);
      throw err;
    }
    this.client = client;
    return client;
  }

  private drop(): void {
    const c = this.client;
    this.client = undefined;
    if (c) destroy(c);
  }

  private async push(c: pg.Client): Promise<number> {
    let total = 0;
    for (;;) {
      const a = this.journal.arrived;
      const start = this.cursor.pushed;
      if (start >= a.length) return total;
      const end = Math.min(a.length, start + this.opts.batch);
      const batch: IncidentEvent[] = [];
      for (let i = start; i < end; i++) if (!this.fromShared.has(a[i]!.id)) batch.push(a[i]!);
      if (batch.length) {
        await c.query('BEGIN');
        try {
          await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PUSH_LOCK, this.journal.id]);
          const r = await c.query(
            `INSERT INTO warroom.events (incident, id, ts, actor, kind, event)
             SELECT $1, e->>'id', (e->>'ts')::timestamptz, e->>'actor', e->>'kind', e
             FROM jsonb_array_elements($2::jsonb) AS e
             ON CONFLICT (incident, id) DO NOTHING`,
            [this.journal.id, JSON.stringify(batch)],
          );
          await c.query('COMMIT');
          total += r.rowCount ?? 0;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
      this.cursor.pushed = end;
      this.saveCursor();
    }
  }

  /**
   * A safety net, at most once per poll interval: when the database holds more events of the
   * incident than the local journal, read them all again from the start (the journal skips
   * what it holds). Whatever made a cursor pass rows (it was once the pull sorting seq as text),
   * the console converges.
   */
  private async reconcile(c: pg.Client): Promise<number> {
    const now = this.opts.now();
    if (now - this.reconciledAt < this.opts.pollMs) return 0;
    this.reconciledAt = now;
    const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM warroom.events WHERE incident = $1', [
      this.journal.id,
    ]);
    if (Number(r.rows[0]!.n) <= this.journal.events.length) return 0;
    this.cursor.pulled = '0';
    return this.pull(c);
  }

  /** Who else has the incident open (at most once per poll interval). */
  private async presence(c: pg.Client): Promise<Presence[] | undefined> {
    const now = this.opts.now();
    if (!this.opts.presence || now - this.presenceAt < this.opts.pollMs / 2) return undefined;
    this.presenceAt = now;
    const prefix = `${PRESENCE}${this.journal.id}:`;
    const r = await c.query<{ a: string }>(
      `SELECT application_name AS a FROM pg_stat_activity
       WHERE datname = current_database() AND left(application_name, length($1)) = $1`,
      [prefix],
    );
    const byActor = new Map<string, Presence>();
    for (const row of r.rows) {
      const p = parsePresence(this.journal.id, row.a);
      if (p && (byActor.get(p.actor)?.since ?? Infinity) > p.since) byActor.set(p.actor, p);
    }
    return [...byActor.values()].sort((a, b) => a.since - b.since || a.actor.localeCompare(b.actor));
  }

  private async pull(c: pg.Client): Promise<number> {
    let total = 0;
    for (;;) {
      // The output column is not named seq: ORDER BY seq would sort by the text ('1000' < '302').
      const r = await c.query<{ at: string; event: IncidentEvent }>(
        `SELECT seq::text AS at, event FROM warroom.events
         WHERE incident = $1 AND seq > $2::bigint ORDER BY warroom.events.seq LIMIT $3`,
        [this.journal.id, this.cursor.pulled, this.opts.batch],
      );
      if (!r.rows.length) return total;
      const evs = r.rows.map((x) => x.event);
      for (const e of evs) this.fromShared.add(e.id);
      // Local journal first (fsynced), then the cursor: a crash in between re-pulls, and the
      // journal skips the ids it holds.
      total += this.journal.importEvents(evs);
      this.cursor.pulled = r.rows[r.rows.length - 1]!.at;
      this.saveCursor();
      if (r.rows.length < this.opts.batch) return total;
    }
  }

  /** Stops at once (quitting never waits for a database that does not answer): what is not
   * acknowledged yet stays waiting in the local journal for the next run. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsub?.();
    this.unsub = undefined;
    this.wake?.();
    if (this.busy) this.drop(); // a sync in flight on a hung connection fails now
    await this.running?.catch(() => undefined);
    await this.busy?.catch(() => undefined);
    this.running = undefined;
    const c = this.client;
    this.client = undefined;
    if (c) await Promise.race([c.end().catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
    destroy(c);
  }
}

/** Closes a client's socket at once (a hung connection never answers `end()`). */
function destroy(c: pg.Client | undefined): void {
  if (!c) return;
  const conn = (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
  conn?.stream?.destroy();
  c.end().catch(() => undefined);
}
