// One pipeline shared by both log sources, and the publisher that turns it into snapshots:
// at most every `intervalMs` when something changed, when the 60-s error window moved while it
// still held lines (so the rate drains to 0 on screen too), and every few seconds anyway, so a
// quiet but healthy stream stays "live". Lines never travel through the store one by one: the
// snapshot carries counters and a read-only view of the bounded buffers.
import type { SourceContext } from '../source.js';
import { LogPipeline, type PipelineOptions } from './pipeline/pipeline.js';
import { BUCKET_MS } from './pipeline/rate.js';
import type { LogsSnapshot, OriginStatus } from './types.js';

interface Attached {
  ctx: SourceContext;
  failing: boolean;
}

export class LogsHub {
  readonly pipeline: LogPipeline;
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
    opts: PipelineOptions = {},
    private readonly intervalMs = 300,
    private readonly heartbeatMs = 5000,
  ) {
    this.pipeline = new LogPipeline(opts);
    this.now = opts.now ?? Date.now;
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
    this.publish();
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
      view: this.pipeline,
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
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.attached.clear();
  }
}
