// One pipeline shared by both log sources, and the publisher that turns it into snapshots:
// at most every `intervalMs` when something changed, when the 60-s error window moved while it
// still held lines (so the rate drains to 0 on screen too), and every few seconds anyway, so a
// quiet but healthy stream stays "live". Lines never travel through the store one by one: the
// snapshot carries counters and a read-only view of the bounded buffers.
import type { SourceContext } from '../source.js';
import { LogPipeline, type ByteSource, type IngestLine, type PipelineOptions } from './pipeline/pipeline.js';
import { BUCKET_MS } from './pipeline/rate.js';
import type { LogStats, LogView, LogsSnapshot, OriginStatus } from './types.js';
import { WorkerIngest } from './worker/client.js';
import { registeredSecrets } from '../../util/secrets.js';

/** What the sources feed and the hub reads: the pipeline itself, or its worker. */
export interface HubPipeline extends LogView {
  ingest(l: IngestLine): unknown;
  pushBytes(src: ByteSource, chunk: Buffer): void;
  endBytes(source: string): void;
  resetSource(source: string): void;
  stats(): LogStats;
  readonly version: number;
  /** The view a snapshot carries (the worker's: a new immutable one per worker snapshot). */
  view(): LogView;
}

export interface HubOptions extends PipelineOptions {
  /**
   * Run the pipeline in a worker thread (the console does): the UI thread keeps only the latest
   * bounded snapshot, received at most every `frameMs`.
   */
  worker?: { frameMs?: number; snapshotEntries?: number; maxInFlightBytes?: number };
}

interface Attached {
  ctx: SourceContext;
  failing: boolean;
}

export class LogsHub {
  readonly pipeline: HubPipeline;
  private readonly worker: WorkerIngest | undefined;
  private readonly attached = new Map<string, Attached>();
  private readonly status: { k8s?: OriginStatus; cloudwatch?: OriginStatus } = {};
  private timer: NodeJS.Timeout | undefined;
  private lastVersion = -1;
  private lastPublish = 0;
  private statusDirty = false;
  private version = 0;
  /** The rate bucket of the last publish, and whether its 60-s window held any line. */
  private lastBucket = -1;
  private windowHeld = false;
  private readonly now: () => number;

  constructor(
    opts: HubOptions = {},
    private readonly intervalMs = 300,
    private readonly heartbeatMs = 5000,
  ) {
    this.now = opts.now ?? Date.now;
    if (opts.worker) {
      const { worker, errorPatterns, now: _now, timeOf: _timeOf, ...rest } = opts;
      this.worker = new WorkerIngest({
        init: {
          ...rest,
          errorPatterns: errorPatterns?.map((r) => r.source),
          frameMs: worker.frameMs ?? 50,
          snapshotEntries: worker.snapshotEntries ?? 300,
          snapshotGroups: 200,
          secrets: registeredSecrets(),
        },
        maxInFlightBytes: worker.maxInFlightBytes,
        // Snapshots come at most once per frame: each one is published.
        onSnapshot: () => {
          if (this.attached.size) this.publish();
        },
      });
      this.pipeline = this.worker;
    } else this.pipeline = new LogPipeline(opts);
  }

  attach(id: string, ctx: SourceContext): void {
    this.attached.set(id, { ctx, failing: false });
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref?.();
    }
    this.statusDirty = true;
  }

  detach(id: string): void {
    this.attached.delete(id);
    if (!this.attached.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** A source that fails stops receiving snapshots (its error shows) until it recovers. */
  setFailing(id: string, failing: boolean): void {
    const a = this.attached.get(id);
    if (a && a.failing !== failing) {
      a.failing = failing;
      if (!failing) this.statusDirty = true;
    }
  }

  setStatus(origin: 'k8s' | 'cloudwatch', s: OriginStatus): void {
    this.status[origin] = s;
    this.statusDirty = true;
  }

  tick(): void {
    const now = this.now();
    const windowMoved = this.windowHeld && Math.floor(now / BUCKET_MS) !== this.lastBucket;
    if (
      this.pipeline.version === this.lastVersion &&
      !this.statusDirty &&
      !windowMoved &&
      now - this.lastPublish < this.heartbeatMs
    )
      return;
    // The worker's counters are as old as its last snapshot: ask for a fresh one (it is
    // published when it arrives); a status change is published now.
    if (this.worker && !this.statusDirty) this.worker.refresh();
    else this.publish();
  }

  snapshot(): LogsSnapshot {
    const now = this.now();
    const stats = this.pipeline.stats();
    this.lastBucket = Math.floor(now / BUCKET_MS);
    this.windowHeld = (stats.linesPerMinute.at(-1) ?? 0) > 0;
    return {
      ...stats,
      version: ++this.version,
      at: now,
      view: this.pipeline.view(),
      k8s: this.status.k8s,
      cloudwatch: this.status.cloudwatch,
    };
  }

  publish(): void {
    this.lastVersion = this.pipeline.version;
    this.lastPublish = this.now();
    this.statusDirty = false;
    const snap = this.snapshot();
    for (const a of this.attached.values()) if (!a.failing) a.ctx.ok(snap);
  }

  stop(): void {
    void this.worker?.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.attached.clear();
  }
}
