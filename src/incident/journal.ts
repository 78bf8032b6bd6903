// The incident journal: one append-only JSON Lines file per incident under
// `<stateDir>/incidents/<ID>.jsonl`. Every event is one write(2) of one whole line to a file
// opened with O_APPEND, then fsync, so that two consoles on the same incident interleave whole
// lines and never corrupt each other. The screen only shows what has been read back from the
// file (`readNew`), so nothing appears that is not on disk. A torn last line (a crash in the
// middle of a write) is detected on load, reported, and closed off with a newline before the
// next append; every earlier event is kept. Nothing is ever rewritten. Events replicated from
// the shared journal (src/incident/shared/) are appended here too, with their own ids, before
// they show (`importEvents`); `events` is in the one timeline order (model.ts compareEvents),
// `arrived` in file order (what the replicator pushes from).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  fchmodSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { FILE_MODE, privateDir } from '../util/private-files.js';
import { compareEvents, type EventBody, type IncidentEvent } from './model.js';

export interface JournalProblem {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

/** The warroom state directory: incident.stateDir, $XDG_STATE_HOME/warroom, ~/.local/state/warroom. */
export function stateDir(configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (configured) return configured.replace(/^~(?=\/|$)/, env.HOME || homedir());
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'warroom');
}
export const incidentsDir = (state: string) => join(state, 'incidents');
export const journalPath = (state: string, id: string) => join(incidentsDir(state), `${id}.jsonl`);

/** The actor recorded on every event: incident.handle, else $USER@hostname. */
export function defaultActor(handle?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (handle) return handle;
  let user = env.USER || env.LOGNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${hostname()}`;
}

export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

// The last id's time and its counter within that millisecond (see newEventId).
const idClock = { t: 0, n: 0 };

/**
 * Globally unique and, within one console, in the order the events were made: the time in base
 * 36 (never going back), a counter within the millisecond, then 64 random bits (events are
 * replicated between bastions). Events of the same millisecond sort by id in the timeline
 * (model.ts compareEvents), so two notes written in one millisecond keep their order.
 */
export function newEventId(): string {
  const now = Date.now();
  if (now > idClock.t) {
    idClock.t = now;
    idClock.n = 0;
  } else idClock.n++;
  return `${idClock.t.toString(36)}-${idClock.n.toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}

/** Inserts `fresh` into `sorted` (already in timeline order); appends when they come last. */
function insertOrdered(sorted: IncidentEvent[], fresh: IncidentEvent[]): void {
  for (const e of fresh) {
    let i = sorted.length;
    while (i > 0 && compareEvents(sorted[i - 1]!, e) > 0) i--;
    sorted.splice(i, 0, e);
  }
}

export interface ParseResult {
  events: IncidentEvent[];
  problems: JournalProblem[];
  /** Bytes consumed (up to and including the last newline). */
  consumed: number;
  /** Bytes after the last newline (an unfinished or torn line). */
  tail: string;
}

function isEvent(v: unknown): v is IncidentEvent {
  const o = v as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.id === 'string' &&
    typeof o.ts === 'string' &&
    typeof o.kind === 'string' &&
    typeof o.actor === 'string' &&
    !Number.isNaN(Date.parse(o.ts))
  );
}

/** Parses complete lines of a chunk; `firstLine` numbers them for problem reports. */
export function parseLines(text: string, firstLine = 1): ParseResult {
  const events: IncidentEvent[] = [];
  const problems: JournalProblem[] = [];
  const lastNl = text.lastIndexOf('\n');
  const complete = lastNl >= 0 ? text.slice(0, lastNl) : '';
  const tail = text.slice(lastNl + 1);
  if (lastNl >= 0) {
    const lines = complete.split('\n');
    lines.forEach((l, i) => {
      if (!l.trim()) return;
      try {
        const v: unknown = JSON.parse(l);
        if (isEvent(v)) events.push(v);
        else problems.push({ line: firstLine + i, reason: 'not an incident event' });
      } catch {
        problems.push({ line: firstLine + i, reason: 'invalid JSON (torn or corrupted line)' });
      }
    });
  }
  return { events, problems, consumed: Buffer.byteLength(text.slice(0, lastNl + 1)), tail };
}

export interface LoadResult {
  events: IncidentEvent[];
  problems: JournalProblem[];
  /** A last line without its newline: the write a crash interrupted. */
  torn?: JournalProblem;
}

function readRange(fd: number, from: number, to: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, to - from));
  let off = 0;
  while (off < buf.length) {
    const n = readSync(fd, buf, off, buf.length - off, from + off);
    if (n <= 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

export class Journal {
  private fd: number | undefined;
  /** Bytes of the file already read and turned into events. */
  private offset = 0;
  private line = 1;
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<(evs: IncidentEvent[]) => void>();
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  /** Every event in timeline order (declaration, time, id). */
  readonly events: IncidentEvent[] = [];
  /** Every event in the order it reached this file. */
  readonly arrived: IncidentEvent[] = [];
  readonly problems: JournalProblem[] = [];
  torn: JournalProblem | undefined;

  private constructor(
    readonly path: string,
    readonly id: string,
    public actor: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates a new incident journal with its 'declared' event. The id is `YYYY-MM-DD-NNN`
   * (UTC date, next free number; O_EXCL, so two consoles declaring at once get two ids).
   */
  static create(
    state: string,
    actor: string,
    declared: Omit<Extract<EventBody, { kind: 'declared' }>, 'kind' | 'incident'>,
    now: () => number = Date.now,
    /** Shared journal: `YYYY-MM-DD-xxxxxx` (random), unique across bastions without asking anyone. */
    unique = false,
  ): Journal {
    const dir = incidentsDir(state);
    privateDir(dir);
    const day = new Date(now()).toISOString().slice(0, 10);
    for (let n = 1; n < 10000; n++) {
      const id = unique ? `${day}-${randomBytes(3).toString('hex')}` : `${day}-${String(n).padStart(3, '0')}`;
      const path = join(dir, `${id}.jsonl`);
      let fd: number;
      try {
        fd = openSync(path, 'wx', 0o600);
        fchmodSync(fd, FILE_MODE);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      closeSync(fd);
      const j = new Journal(path, id, actor, now);
      j.openForAppend();
      j.append({ kind: 'declared', incident: id, ...declared });
      return j;
    }
    throw new Error(`no free incident id for ${day} in ${dir}`);
  }

  /** Opens a journal, creating an empty file for an incident known only from the shared journal. */
  static openOrCreate(state: string, id: string, actor: string, now: () => number = Date.now): Journal {
    privateDir(incidentsDir(state));
    return Journal.open(journalPath(state, id), actor, now);
  }

  /** Opens an existing journal and reads it; a torn last line is reported in `torn`. */
  static open(path: string, actor: string, now: () => number = Date.now): Journal {
    const id = path.replace(/^.*\//, '').replace(/\.jsonl$/, '');
    const j = new Journal(path, id, actor, now);
    j.openForAppend();
    j.readNew(true);
    return j;
  }

  private openForAppend(): void {
    this.fd = openSync(this.path, 'a+', 0o600);
  }

  /**
   * Reads what was appended since the last read (by us or by another console) and tells the
   * listeners. At load (`initial`), bytes after the last newline are a torn line: reported,
   * and closed off with a newline so the next append starts on a line of its own.
   */
  readNew(initial = false): IncidentEvent[] {
    if (this.fd === undefined) return [];
    const size = fstatSync(this.fd).size;
    if (size < this.offset) {
      // The file shrank: it was replaced or truncated by hand. Report, do not re-read.
      this.problems.push({ line: this.line, reason: 'journal shrank on disk (edited by hand?)' });
      this.offset = size;
      return [];
    }
    if (size === this.offset) return [];
    const text = readRange(this.fd, this.offset, size).toString('utf8');
    const r = parseLines(text, this.line);
    this.offset += r.consumed;
    this.line += (text.slice(0, r.consumed).match(/\n/g) ?? []).length;
    this.problems.push(...r.problems);
    if (initial && r.tail.length) {
      this.torn = {
        line: this.line,
        reason: `torn last line (${Buffer.byteLength(r.tail)} bytes, no newline)`,
      };
      this.problems.push(this.torn);
      // Close the torn line off so our next event is a whole line; the torn bytes stay.
      writeSync(this.fd, '\n');
      fsyncSync(this.fd);
      this.offset += Buffer.byteLength(r.tail) + 1;
      this.line += 1;
    }
    const fresh: IncidentEvent[] = [];
    for (const e of r.events) {
      if (this.seen.has(e.id)) continue; // two replicators on one state directory import alike
      this.seen.add(e.id);
      fresh.push(e);
    }
    this.arrived.push(...fresh);
    insertOrdered(this.events, fresh);
    if (fresh.length) for (const l of this.listeners) l(fresh);
    return fresh;
  }

  /**
   * Appends one event: one write of one whole line (O_APPEND), then fsync; then reads the file
   * back, so the event is on disk before anyone sees it. Returns the event written. `by` names
   * another actor (the detector) with this console's user as `console`.
   */
  append(body: EventBody, at?: number, by?: string): IncidentEvent {
    if (this.fd === undefined) throw new Error('journal is closed');
    const ev = {
      v: 1,
      id: newEventId(),
      ts: new Date(at ?? this.now()).toISOString(),
      actor: by ?? this.actor,
      ...(by ? { console: this.actor } : {}),
      ...body,
    } as IncidentEvent;
    // Another console that crashed mid-write may have left a torn line: start on a new line.
    this.readNew();
    const torn = fstatSync(this.fd).size > this.offset;
    const line = `${torn ? '\n' : ''}${JSON.stringify(ev)}\n`;
    writeSync(this.fd, line);
    fsyncSync(this.fd);
    this.readNew();
    return ev;
  }

  /**
   * Appends events written elsewhere (the shared journal) as they are, ids and all: the ones
   * this file does not hold yet, in one write of whole lines, then fsync. Returns how many.
   */
  importEvents(evs: readonly IncidentEvent[]): number {
    if (this.fd === undefined) throw new Error('journal is closed');
    this.readNew();
    const batch = new Set<string>();
    const fresh = evs.filter((e) => !this.seen.has(e.id) && !batch.has(e.id) && (batch.add(e.id), true));
    if (!fresh.length) return 0;
    const torn = fstatSync(this.fd).size > this.offset;
    writeSync(this.fd, `${torn ? '\n' : ''}${fresh.map((e) => JSON.stringify(e)).join('\n')}\n`);
    fsyncSync(this.fd);
    this.readNew();
    return fresh.length;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Listens for new events (ours and other consoles'). */
  onEvents(fn: (evs: IncidentEvent[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Watches the file for another console's appends: fs.watch plus size polling. */
  watch(pollMs = 500): void {
    if (this.poll) return;
    const check = () => {
      try {
        this.readNew();
      } catch {
        // the file may be briefly unavailable; the next poll tries again
      }
    };
    try {
      this.watcher = watch(this.path, { persistent: false }, check);
      this.watcher.on('error', () => undefined);
    } catch {
      this.watcher = undefined;
    }
    this.poll = setInterval(check, pollMs);
    this.poll.unref?.();
  }

  close(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.listeners.clear();
  }
}

/** Reads a journal without opening it for append (export, listing): never writes. */
export function loadJournal(path: string): LoadResult {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const text = readRange(fd, 0, size).toString('utf8');
    const r = parseLines(text, 1);
    const lines = (text.slice(0, r.consumed).match(/\n/g) ?? []).length;
    const torn = r.tail.length
      ? { line: lines + 1, reason: `torn last line (${Buffer.byteLength(r.tail)} bytes, no newline)` }
      : undefined;
    const seen = new Set<string>();
    const events = r.events
      .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
      .sort(compareEvents);
    return { events, problems: torn ? [...r.problems, torn] : r.problems, torn };
  } finally {
    closeSync(fd);
  }
}

export interface JournalFile {
  id: string;
  path: string;
  mtimeMs: number;
}

/** Every incident journal in the state directory, newest first. */
export function listJournals(state: string): JournalFile[] {
  const dir = incidentsDir(state);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => {
      const path = join(dir, f);
      return { id: f.slice(0, -6), path, mtimeMs: statSync(path).mtimeMs };
    })
    .sort((a, b) => b.id.localeCompare(a.id));
}
