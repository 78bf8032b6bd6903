// The logs pipeline: every line from every source goes through ingest(): classify (level),
// group multi-line stack traces with their line, fingerprint errors, count (over the last 60 s
// and per minute, overall and per source: rate.ts) and store in bounded buffers. Memory is
// flat: a ring of `bufferLines` entries (held as columns, a line decoded when read:
// entries.ts), a ring of error entries, at most `maxFingerprints` groups and `maxSources`
// per-source counters.
import type { ErrorGroup, Level, LogEntry, LogStats, LogView, Origin, SourceStats } from '../types.js';
import { RATE_MINUTES } from '../types.js';
import { fingerprint } from './fingerprint.js';
import {
  detectLevel,
  detectLevelBytes,
  isContinuation,
  isContinuationBytes,
  type LevelOptions,
} from './level.js';
import { k8sTextStart, k8sTimeAt } from './k8s-time.js';
import { ByteLineSplitter, cutLine, MAX_LINE_BYTES } from './lines.js';
import { MinuteCounter } from './rate.js';
import { EntryRing } from './entries.js';
import { Ring } from './ring.js';

export interface PipelineOptions {
  bufferLines?: number;
  maxFingerprints?: number;
  maxSources?: number;
  errorPatterns?: RegExp[];
  /** Continuation lines kept per entry. */
  maxExtraLines?: number;
  now?: () => number;
  /**
   * The event time of a line that comes without one (files and stdin: `warroom errors`); asked
   * only for lines that start an entry. Default: the time it arrived.
   */
  timeOf?: (text: string) => number | undefined;
  /** The lowest level that counts as an error (fingerprinted, grouped); default `error`. */
  errorLevel?: 'warn' | 'error' | 'fatal';
}

/** A level's rank: its index in LEVELS (entries.ts), as the ring stores it. */
const RANK: Record<Level, number> = { unknown: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };
const RANK_ERROR = RANK.error;

export interface IngestLine {
  source: string;
  origin: Origin;
  text: string;
  ts?: number;
  pod?: LogEntry['pod'];
  stream?: string;
}

/** Who a byte stream is: everything an entry carries but its text and time. */
export interface ByteSource {
  source: string;
  origin: Origin;
  pod?: LogEntry['pod'];
  stream?: string;
  /**
   * Every line starts with the kubelet's timestamp and a space (`timestamps=true`): that is the
   * line's time, and the text is what follows it.
   */
  timestamps?: boolean;
}

/** A chunk much smaller than the memory behind it is copied, so a slice never pins a big buffer. */
function compact(chunk: Buffer): Buffer {
  return chunk.buffer.byteLength > 2 * chunk.length + 8192 ? Buffer.from(chunk) : chunk;
}

interface SourceState {
  source: string;
  origin: Origin;
  lines: number;
  errors: number;
  counter: MinuteCounter;
  lastSeen: number;
  /**
   * The source's newest entry, which continuation lines join: its object when it has one, else
   * its slot and seq in the ring (it is decoded when a line joins it).
   */
  last?: LogEntry;
  lastSlot: number;
  lastSeq: number;
  /** Whether the newest entry is an error or has continuation lines already. */
  lastInStack: boolean;
  /** The byte splitter of this source's stream (pushBytes), with what it was told about it. */
  splitter?: ByteLineSplitter;
  meta?: ByteSource;
  /** When the chunk being split arrived. */
  pushedAt: number;
}

const MAX_GROUP_SOURCES = 8;

export class LogPipeline implements LogView {
  readonly lines: EntryRing;
  readonly errorLines: Ring<LogEntry>;
  private readonly groupsMap = new Map<string, ErrorGroup>();
  private readonly sources = new Map<string, SourceState>();
  private lastState: SourceState | undefined;
  private readonly overall = new MinuteCounter(RATE_MINUTES);
  private readonly levelOpts: LevelOptions;
  private readonly maxFingerprints: number;
  private readonly maxSources: number;
  private readonly maxExtra: number;
  private readonly now: () => number;
  private readonly timeOf: ((text: string) => number | undefined) | undefined;
  private readonly errorRank: number;
  private seq = 0;
  totalLines = 0;
  totalErrors = 0;
  evictedLines = 0;
  evictedGroups = 0;
  /** Bumped on every change; the publisher compares it. */
  version = 0;
  private sortedGroups: ErrorGroup[] | undefined;

  constructor(o: PipelineOptions = {}) {
    const cap = o.bufferLines ?? 20_000;
    this.lines = new EntryRing(cap);
    this.errorLines = new Ring(Math.max(100, Math.floor(cap / 2)));
    this.maxFingerprints = o.maxFingerprints ?? 2000;
    this.maxSources = o.maxSources ?? 500;
    this.maxExtra = o.maxExtraLines ?? 200;
    this.levelOpts = { errorPatterns: o.errorPatterns };
    this.now = o.now ?? Date.now;
    this.timeOf = o.timeOf;
    this.errorRank = RANK[o.errorLevel ?? 'error'];
  }

  private sourceState(source: string, origin: Origin, now: number): SourceState {
    // The source of the line before, most of the time (`warroom errors` asks once a line).
    const c = this.lastState;
    if (c !== undefined && c.source === source) return c;
    let s = this.sources.get(source);
    if (!s) {
      if (this.sources.size >= this.maxSources) {
        let oldest: SourceState | undefined;
        for (const v of this.sources.values()) if (!oldest || v.lastSeen < oldest.lastSeen) oldest = v;
        if (oldest) this.sources.delete(oldest.source);
        if (oldest === this.lastState) this.lastState = undefined;
      }
      s = {
        source,
        origin,
        lines: 0,
        errors: 0,
        counter: new MinuteCounter(RATE_MINUTES),
        lastSeen: now,
        pushedAt: now,
        lastSlot: -1,
        lastSeq: -1,
        lastInStack: false,
      };
      this.sources.set(source, s);
    }
    this.lastState = s;
    return s;
  }

  /** One line in. Returns the entry it became (or joined, for continuation lines). */
  ingest(l: IngestLine): LogEntry | undefined {
    const now = this.now();
    const s = this.sourceState(l.source, l.origin, now);
    s.lastSeen = now;
    const text = l.text.length > MAX_LINE_BYTES ? cutLine(l.text) : l.text;
    if (s.lastSeq >= 0 && isContinuation(text, s.lastInStack)) return this.extend(s, text);
    const level: Level = detectLevel(text, this.levelOpts);
    const rank = RANK[level];
    const err = rank >= this.errorRank;
    const ts = l.ts ?? (err ? this.timeOf?.(text) : undefined) ?? now;
    const entry: LogEntry = { seq: ++this.seq, ts, source: l.source, origin: l.origin, level, text };
    if (l.pod) entry.pod = l.pod;
    if (l.stream) entry.stream = l.stream;
    if (this.lines.pushEntry(entry, rank)) this.evictedLines++;
    this.store(s, entry.seq, ts, rank, err, now);
    s.last = entry;
    if (err) this.addError(s, entry);
    return entry;
  }

  /**
   * Raw bytes of one source's stream in: split into lines (a partial line waits for the next
   * chunk), each line classified on its bytes and kept as a slice of the chunk. `endBytes`
   * flushes a partial last line when the stream ends.
   */
  pushBytes(src: ByteSource, chunk: Buffer): void {
    const now = this.now();
    const s = this.sourceState(src.source, src.origin, now);
    s.lastSeen = now;
    s.meta = src;
    s.pushedAt = now;
    s.splitter ??= new ByteLineSplitter((buf, start, end) => {
      if (s.meta!.timestamps) {
        const ts = k8sTimeAt(buf, start, end);
        if (!Number.isNaN(ts)) return this.ingestSlice(s, buf, k8sTextStart, end, ts, s.pushedAt);
      }
      this.ingestSlice(s, buf, start, end, undefined, s.pushedAt);
    });
    s.splitter.push(compact(chunk));
  }

  endBytes(source: string): void {
    this.sources.get(source)?.splitter?.end();
  }

  /** One line as bytes (`buf[start, end)`, no newline), with its time when the source knows it. */
  ingestBytes(src: ByteSource, buf: Buffer, start: number, end: number, ts?: number): void {
    const now = this.now();
    const s = this.sourceState(src.source, src.origin, now);
    s.lastSeen = now;
    s.meta = src;
    if (end - start > MAX_LINE_BYTES) this.ingest({ ...src, text: buf.toString('utf8', start, end), ts });
    else this.ingestSlice(s, buf, start, end, ts, now);
  }

  private ingestSlice(
    s: SourceState,
    buf: Buffer,
    start: number,
    end: number,
    ts: number | undefined,
    now: number,
  ): void {
    if (s.lastSeq >= 0 && isContinuationBytes(buf, start, end, s.lastInStack)) {
      this.extend(s, buf.toString('utf8', start, end));
      return;
    }
    const level: Level = detectLevelBytes(buf, start, end, this.levelOpts);
    const rank = RANK[level];
    const src = s.meta!;
    const seq = ++this.seq;
    if (rank < this.errorRank) {
      // The common case: no object, no decoding; the ring keeps the slice.
      const t = ts ?? now;
      if (this.lines.pushSlice(seq, t, rank, src, buf, start, end)) this.evictedLines++;
      s.last = undefined;
      this.store(s, seq, t, rank, false, now);
      return;
    }
    // Errors are decoded now anyway (fingerprint); their time may be read from the text.
    const text = buf.toString('utf8', start, end);
    const entry: LogEntry = {
      seq,
      ts: ts ?? this.timeOf?.(text) ?? now,
      source: src.source,
      origin: src.origin,
      level,
      text,
    };
    if (src.pod) entry.pod = src.pod;
    if (src.stream) entry.stream = src.stream;
    if (this.lines.pushEntry(entry, rank)) this.evictedLines++;
    s.last = entry;
    this.store(s, seq, entry.ts, rank, true, now);
    this.addError(s, entry);
  }

  /** A continuation line joins the source's newest entry. */
  private extend(s: SourceState, text: string): LogEntry | undefined {
    s.lastInStack = true;
    this.version++;
    // An entry evicted from the ring (and not an error, which the error ring may still hold)
    // is no longer seen: its continuation lines go with it.
    const last = s.last ?? this.lines.entryAt(s.lastSlot, s.lastSeq);
    if (!last) return undefined;
    s.last = last;
    const extra = (last.extra ??= []);
    if (extra.length < this.maxExtra) extra.push(text);
    else if (extra.length === this.maxExtra) extra.push('… more lines not kept');
    return last;
  }

  /** The counters and the source's newest entry, for an entry just pushed to the ring. */
  private store(s: SourceState, seq: number, ts: number, rank: number, err: boolean, now: number): void {
    s.lastSlot = this.lines.newestSlot();
    s.lastSeq = seq;
    s.lastInStack = rank >= RANK_ERROR;
    s.lines++;
    s.counter.add(ts, err, now);
    this.overall.add(ts, err, now);
    this.totalLines++;
    this.version++;
  }

  private addError(s: SourceState, entry: LogEntry): void {
    s.errors++;
    this.totalErrors++;
    this.errorLines.push(entry);
    const fp = fingerprint(entry.text);
    entry.fp = fp;
    this.addGroup(fp, entry);
  }

  private addGroup(fp: string, e: LogEntry): void {
    let g = this.groupsMap.get(fp);
    if (!g) {
      if (this.groupsMap.size >= this.maxFingerprints) this.evictGroups();
      g = {
        fingerprint: fp,
        sample: e.text,
        count: 0,
        firstSeen: e.ts,
        lastSeen: e.ts,
        sources: [],
        level: e.level,
      };
      this.groupsMap.set(fp, g);
    }
    g.count++;
    g.sample = e.text;
    if (e.ts < g.firstSeen) g.firstSeen = e.ts;
    if (e.ts > g.lastSeen) g.lastSeen = e.ts;
    if (e.level === 'fatal') g.level = 'fatal';
    if (!g.sources.includes(e.source)) {
      if (g.sources.length >= MAX_GROUP_SOURCES) g.sources.shift();
      g.sources.push(e.source);
    }
    this.sortedGroups = undefined;
  }

  /** Drops the least useful tenth of the table (fewest, then oldest). */
  private evictGroups(): void {
    const all = [...this.groupsMap.values()].sort((a, b) => a.count - b.count || a.lastSeen - b.lastSeen);
    const n = Math.max(1, Math.floor(this.maxFingerprints / 10));
    for (let i = 0; i < n && i < all.length; i++) this.groupsMap.delete(all[i]!.fingerprint);
    this.evictedGroups += Math.min(n, all.length);
  }

  // ---- LogView
  view(): LogView {
    return this;
  }
  size(): number {
    return this.lines.size;
  }
  errorSize(): number {
    return this.errorLines.size;
  }
  tail(o: { errorsOnly: boolean; limit: number; skip: number; match?: (e: LogEntry) => boolean }) {
    const ring = o.errorsOnly ? this.errorLines : this.lines;
    const out: LogEntry[] = [];
    let skipped = 0;
    let more = false;
    for (let i = 0; i < ring.size; i++) {
      const e = ring.fromNewest(i)!;
      if (o.match && !o.match(e)) continue;
      if (skipped < o.skip) {
        skipped++;
        continue;
      }
      if (out.length >= o.limit) {
        more = true;
        break;
      }
      out.push(e);
    }
    out.reverse();
    return { entries: out, more };
  }
  groups(limit?: number): ErrorGroup[] {
    if (!this.sortedGroups) {
      this.sortedGroups = [...this.groupsMap.values()].sort(
        (a, b) => b.count - a.count || b.lastSeen - a.lastSeen,
      );
    }
    return limit === undefined ? this.sortedGroups : this.sortedGroups.slice(0, limit);
  }
  groupCount(): number {
    return this.groupsMap.size;
  }

  /** The counters, for the snapshot (cheap: O(sources × minutes)). */
  stats(maxSources = 50): LogStats {
    const now = this.now();
    const perSource: SourceStats[] = [...this.sources.values()]
      .sort((a, b) => b.errors - a.errors || b.lines - a.lines)
      .slice(0, maxSources)
      .map((s) => ({
        source: s.source,
        origin: s.origin,
        lines: s.lines,
        errors: s.errors,
        errorRate: s.counter.rate(now),
        errorsLastMinute: s.counter.lastMinute(now),
        errorsPerMinute: s.counter.series(now, 'errors'),
        lastSeen: s.lastSeen,
      }));
    return {
      totalLines: this.totalLines,
      totalErrors: this.totalErrors,
      errorsPerMinute: this.overall.series(now, 'errors'),
      linesPerMinute: this.overall.series(now, 'lines'),
      errorsLastMinute: this.overall.lastMinute(now),
      errorRate: this.overall.rate(now),
      perSource,
      evictedLines: this.evictedLines,
      evictedGroups: this.evictedGroups,
    };
  }

  /** Forgets the multi-line state of a source (its stream restarted). */
  resetSource(source: string): void {
    const s = this.sources.get(source);
    if (!s) return;
    s.last = undefined;
    s.lastSeq = -1;
    s.lastInStack = false;
    // A partial line of the old stream: the resumed one sends it again, whole.
    s.splitter?.discardPartial();
  }
}
