// The UI thread's side of the logs ingest worker: what the sources call instead of the
// pipeline (ingest a line, push bytes, end or reset a source). Lines and chunks are batched
// into one message per turn of the event loop (chunks copied into one transferred buffer). Backpressure is explicit: when more than `maxInFlightBytes` are sent and not yet
// processed, new input is dropped and its lines COUNTED (`droppedLines`, shown by the pane);
// memory never grows with a worker that cannot keep up. The latest snapshot is the view.
import { Worker } from 'node:worker_threads';
import { isSea } from 'node:sea';
import { readAsset } from '../../../util/assets.js';
import type { ByteSource, IngestLine } from '../pipeline/pipeline.js';
import type { LogStats, LogView } from '../types.js';
import {
  SnapshotView,
  type LineBatch,
  type ToWorker,
  type WorkerInit,
  type WorkerSnapshot,
} from './protocol.js';

const EMPTY: WorkerSnapshot = {
  t: 'snap',
  processed: 0,
  version: 0,
  stats: {
    totalLines: 0,
    totalErrors: 0,
    errorsLastMinute: 0,
    errorsPerMinute: [],
    linesPerMinute: [],
    errorRate: 0,
    perSource: [],
    evictedLines: 0,
    evictedGroups: 0,
  },
  size: 0,
  errorSize: 0,
  groupCount: 0,
  entries: [],
  errors: [],
  groups: [],
};

/**
 * The worker entry: in the single executable its embedded asset, run from its text (nothing lies
 * beside the executable); else next to this module, the built one in dist/ or the source under tsx.
 */
function workerUrl(): { url: URL | string; eval?: boolean; execArgv?: string[] } {
  if (isSea()) return { url: readAsset('logs-worker.cjs').toString('utf8'), eval: true };
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./worker.ts', here), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./logs-worker.js', here) };
}

/** Bytes batched before a message goes out without waiting for the turn to end. */
const BATCH_BYTES = 1 << 20;

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export interface WorkerClientOptions {
  init: WorkerInit;
  maxInFlightBytes?: number;
  onSnapshot(): void;
}

export class WorkerIngest {
  private readonly worker: Worker;
  private readonly maxInFlight: number;
  private sent = 0;
  private snap: WorkerSnapshot = EMPTY;
  private view_: LogView = new SnapshotView(EMPTY);
  private batch = new Map<string, LineBatch>();
  private batchLines = 0;
  private batchBytes = 0;
  /** The bytes batched this turn, and whose they are (consecutive runs of one source). */
  private out: Uint8Array | undefined;
  private outBytes = 0;
  private items: { src: ByteSource; len: number }[] = [];
  private flushQueued = false;
  private stopped = false;
  /** Lines dropped because ingest was behind (never silently). */
  droppedLines = 0;
  /** Bumped on every snapshot, and on every drop (the count is news too). */
  version = 0;

  constructor(private readonly o: WorkerClientOptions) {
    const { url, eval: isCode, execArgv } = workerUrl();
    this.maxInFlight = o.maxInFlightBytes ?? 16 << 20;
    this.worker = new Worker(url, { workerData: o.init, execArgv, eval: isCode });
    this.worker.unref();
    this.worker.on('message', (m: WorkerSnapshot) => {
      this.snap = m;
      this.view_ = new SnapshotView(m);
      this.version++;
      this.o.onSnapshot();
    });
    this.worker.on('error', () => {
      // A worker that died: everything sent from now on is dropped and counted.
      this.stopped = true;
    });
  }

  private inFlight(): number {
    return this.sent - this.snap.processed;
  }

  /** `lines` is counted only for input that is dropped (admitted input costs no count). */
  private admit(bytes: number, lines: () => number): boolean {
    if (!this.stopped && this.inFlight() + bytes <= this.maxInFlight) {
      this.sent += bytes;
      return true;
    }
    this.droppedLines += lines();
    this.version++;
    return false;
  }

  private post(m: ToWorker, transfer?: ArrayBuffer[]): void {
    if (!this.stopped) this.worker.postMessage(m, transfer);
  }

  ingest(l: IngestLine): void {
    const bytes = l.text.length + 64;
    if (!this.admit(bytes, () => 1)) return;
    let b = this.batch.get(l.source);
    if (!b) {
      const src: ByteSource = { source: l.source, origin: l.origin };
      if (l.pod) src.pod = l.pod;
      if (l.stream) src.stream = l.stream;
      b = { src, texts: [], ts: [] };
      this.batch.set(l.source, b);
    }
    b.texts.push(l.text);
    b.ts.push(l.ts ?? NaN);
    this.batchLines++;
    this.batchBytes += bytes;
    if (this.batchLines >= 5000) this.flush();
    else this.queueFlush();
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  /** Everything batched goes out: the lines, then the chunks, copied into one transferred buffer. */
  private flush(): void {
    this.flushQueued = false;
    if (this.batchLines) {
      this.post({ t: 'lines', batches: [...this.batch.values()], bytes: this.batchBytes });
      this.batch = new Map();
      this.batchLines = 0;
      this.batchBytes = 0;
    }
    if (this.out) {
      // What was written, as a buffer of its own (a second copy of this turn's bytes, ≤ 1 MiB).
      const buf = this.out.buffer.slice(0, this.outBytes) as ArrayBuffer;
      const items = this.items;
      this.out = undefined;
      this.items = [];
      this.outBytes = 0;
      this.post({ t: 'bytes', items, buf }, [buf]);
    }
  }

  /**
   * Raw bytes of a source's stream, copied at once (the caller may reuse `chunk`) into the buffer
   * that goes out with everything else of this turn of the event loop, in one message.
   */
  pushBytes(src: ByteSource, chunk: Buffer): void {
    if (!this.admit(chunk.length, () => countLines(chunk))) return;
    if (this.out && this.outBytes + chunk.length > this.out.length) this.flush();
    this.out ??= new Uint8Array(Math.max(BATCH_BYTES, chunk.length));
    this.out.set(chunk, this.outBytes);
    this.outBytes += chunk.length;
    const prev = this.items.at(-1);
    if (prev && prev.src === src) prev.len += chunk.length;
    else this.items.push({ src, len: chunk.length });
    this.queueFlush();
  }

  endBytes(source: string): void {
    this.flush();
    this.post({ t: 'end', source });
  }

  resetSource(source: string): void {
    this.flush();
    this.post({ t: 'reset', source });
  }

  /** Asks for a fresh snapshot now (the rate windows moved, or a heartbeat is due). */
  refresh(): void {
    this.flush();
    this.post({ t: 'flush' });
  }

  stats(): LogStats & { droppedLines: number } {
    return { ...this.snap.stats, droppedLines: this.droppedLines };
  }

  view(): LogView {
    return this.view_;
  }

  // LogView over the latest snapshot (tests and callers that read the hub's pipeline).
  size = () => this.view_.size();
  errorSize = () => this.view_.errorSize();
  tail: LogView['tail'] = (o) => this.view_.tail(o);
  groups = (limit?: number) => this.view_.groups(limit);
  groupCount = () => this.view_.groupCount();

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}
