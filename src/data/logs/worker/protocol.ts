// The messages between the UI thread and the logs ingest worker (worker.ts), and the view the
// UI reads from a worker snapshot. The worker owns the pipeline; the UI thread holds only the
// latest snapshot: counters, the newest entries and error entries, and the top error groups —
// bounded, whatever the rate, and sent at most once per frame.
import type { ErrorGroup, LogEntry, LogStats, LogView } from '../types.js';
import type { ByteSource, PipelineOptions } from '../pipeline/pipeline.js';

/** Pipeline options that cross the thread boundary (patterns travel as sources). */
export interface WorkerInit extends Omit<PipelineOptions, 'errorPatterns' | 'now' | 'timeOf'> {
  errorPatterns?: string[];
  /** Minimum time between snapshots (one frame). */
  frameMs: number;
  /** Entries and error entries in a snapshot (what scrollback can reach). */
  snapshotEntries: number;
  snapshotGroups: number;
  /** The secrets registered on the UI thread (fingerprints mask them in the worker too). */
  secrets: string[];
}

/** Lines of one source, as plain arrays (cheaper to clone than one object per line). */
export interface LineBatch {
  src: ByteSource;
  texts: string[];
  /** Event times, NaN where the source did not know one. */
  ts: number[];
}

export type ToWorker =
  | { t: 'lines'; batches: LineBatch[]; bytes: number }
  /** Chunks of several sources, one after the other in `buf`, `len` bytes each. */
  | { t: 'bytes'; items: { src: ByteSource; len: number }[]; buf: ArrayBuffer }
  | { t: 'end'; source: string }
  | { t: 'reset'; source: string }
  | { t: 'flush' };

export interface WorkerSnapshot {
  t: 'snap';
  /** Bytes of input processed so far (the UI's in-flight count is what it sent minus this). */
  processed: number;
  version: number;
  stats: LogStats;
  size: number;
  errorSize: number;
  groupCount: number;
  /** Newest last. */
  entries: LogEntry[];
  errors: LogEntry[];
  groups: ErrorGroup[];
}

/** LogView over one worker snapshot (immutable: a new view per snapshot). */
export class SnapshotView implements LogView {
  constructor(private readonly s: WorkerSnapshot) {}
  size(): number {
    return this.s.size;
  }
  errorSize(): number {
    return this.s.errorSize;
  }
  tail(o: { errorsOnly: boolean; limit: number; skip: number; match?: (e: LogEntry) => boolean }) {
    const list = o.errorsOnly ? this.s.errors : this.s.entries;
    const out: LogEntry[] = [];
    let skipped = 0;
    let more = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
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
    return limit === undefined ? this.s.groups : this.s.groups.slice(0, limit);
  }
  groupCount(): number {
    return this.s.groupCount;
  }
}
