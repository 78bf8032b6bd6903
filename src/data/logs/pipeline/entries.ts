// The ring of the newest entries, held as columns instead of one object per line: the chunk a
// line arrived in with its offsets, and its sequence number, time, level and source in typed
// arrays. A line is decoded (and becomes a LogEntry object, kept in its slot) only when
// something reads it: the pane draws it, a snapshot carries it, a continuation line joins it.
// Error entries are objects from the start (they are decoded for their fingerprint anyway).
// Chunks are let go as their last line leaves the ring (a chunk's lines are consecutive slots).
import type { Level, LogEntry, Origin } from '../types.js';

/** Who a line is: what an entry carries besides its text, time and level. */
export interface EntryMeta {
  source: string;
  origin: Origin;
  pod?: LogEntry['pod'];
  stream?: string;
}

export const LEVELS: readonly Level[] = ['unknown', 'debug', 'info', 'warn', 'error', 'fatal'];

export class EntryRing {
  private readonly bufs: (Buffer | undefined)[];
  private readonly objs: (LogEntry | undefined)[];
  private readonly metas: (EntryMeta | undefined)[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private readonly levels: Uint8Array;
  private head = 0;
  private count = 0;
  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('ring capacity must be positive');
    this.bufs = new Array<Buffer | undefined>(capacity).fill(undefined);
    this.objs = new Array<LogEntry | undefined>(capacity).fill(undefined);
    this.metas = new Array<EntryMeta | undefined>(capacity).fill(undefined);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.seqs = new Float64Array(capacity).fill(-1);
    this.times = new Float64Array(capacity);
    this.levels = new Uint8Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** A line as a slice of its chunk; returns its slot and whether the oldest entry was evicted. */
  pushSlice(
    seq: number,
    ts: number,
    level: number,
    meta: EntryMeta,
    buf: Buffer,
    start: number,
    end: number,
  ): boolean {
    const h = this.head;
    this.bufs[h] = buf;
    this.objs[h] = undefined;
    this.metas[h] = meta;
    this.starts[h] = start;
    this.ends[h] = end;
    this.seqs[h] = seq;
    this.times[h] = ts;
    this.levels[h] = level;
    return this.advance();
  }

  /** An entry that is an object already (errors, lines that came as text). */
  pushEntry(e: LogEntry, level: number): boolean {
    const h = this.head;
    this.bufs[h] = undefined;
    this.objs[h] = e;
    this.metas[h] = undefined;
    this.seqs[h] = e.seq;
    this.times[h] = e.ts;
    this.levels[h] = level;
    return this.advance();
  }

  private advance(): boolean {
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) {
      this.count++;
      return false;
    }
    return true;
  }

  /** The slot of the newest entry (valid until the next push). */
  newestSlot(): number {
    return this.slotOf(0);
  }

  /** The slot of the i-th newest entry (0 = newest), or -1 past the oldest. */
  private slotOf(i: number): number {
    if (i < 0 || i >= this.count) return -1;
    const slot = this.head - 1 - i;
    return slot < 0 ? slot + this.capacity : slot;
  }

  /** The entry in `slot` if it is still the one with `seq` (not evicted since). */
  entryAt(slot: number, seq: number): LogEntry | undefined {
    return this.seqs[slot] === seq ? this.materialize(slot) : undefined;
  }

  private materialize(slot: number): LogEntry {
    let e = this.objs[slot];
    if (e) return e;
    const m = this.metas[slot]!;
    e = {
      seq: this.seqs[slot]!,
      ts: this.times[slot]!,
      source: m.source,
      origin: m.origin,
      level: LEVELS[this.levels[slot]!]!,
      text: this.bufs[slot]!.toString('utf8', this.starts[slot], this.ends[slot]),
    };
    if (m.pod) e.pod = m.pod;
    if (m.stream) e.stream = m.stream;
    this.objs[slot] = e;
    this.bufs[slot] = undefined;
    return e;
  }

  /** The i-th newest entry (0 = newest). */
  fromNewest(i: number): LogEntry | undefined {
    const slot = this.slotOf(i);
    return slot < 0 ? undefined : this.materialize(slot);
  }

  newest(): LogEntry | undefined {
    return this.fromNewest(0);
  }

  toArray(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = this.count - 1; i >= 0; i--) out.push(this.fromNewest(i)!);
    return out;
  }

  /** The chunk a not yet decoded entry holds (tests: what the ring retains). */
  heldChunk(i: number): Buffer | undefined {
    const slot = this.slotOf(i);
    return slot < 0 ? undefined : this.bufs[slot];
  }
}
