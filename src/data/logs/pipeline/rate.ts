// Error and line counts over sliding windows that end now: fixed arrays of 5-second buckets
// indexed by absolute bucket number, reset lazily. O(1) per line, O(window) per read, constant
// memory. This is the one definition of "errors per minute": the count over the last 60 s
// (`lastMinute`), in 5-second steps, so a figure drains to 0 within 60 s of the last error and
// every reader (header, sparkline, detections, checklist, templates) quotes the same number.
export const BUCKET_MS = 5000;
const PER_MINUTE = 60_000 / BUCKET_MS;

export class MinuteCounter {
  private readonly size: number;
  private readonly tags: Float64Array;
  private readonly errors: Uint32Array;
  private readonly lines: Uint32Array;
  constructor(readonly minutes: number) {
    this.size = minutes * PER_MINUTE;
    this.tags = new Float64Array(this.size).fill(-1);
    this.errors = new Uint32Array(this.size);
    this.lines = new Uint32Array(this.size);
  }

  /** Counts one line at `ts`; lines older than the window are dropped, future ones count as `now`. */
  add(ts: number, error: boolean, now: number): void {
    const cur = Math.floor(now / BUCKET_MS);
    let b = Math.floor(ts / BUCKET_MS);
    if (!(b <= cur)) b = cur; // future (clock skew) or NaN: count as now
    if (b <= cur - this.size) return; // too old for the window
    const i = b % this.size;
    if (this.tags[i] !== b) {
      this.tags[i] = b;
      this.errors[i] = 0;
      this.lines[i] = 0;
    }
    this.lines[i]!++;
    if (error) this.errors[i]!++;
  }

  /** The count over the 60 s ending `minutesAgo` minutes before `now`. */
  private window(now: number, kind: 'errors' | 'lines', minutesAgo: number): number {
    const arr = kind === 'errors' ? this.errors : this.lines;
    const last = Math.floor(now / BUCKET_MS) - minutesAgo * PER_MINUTE;
    let sum = 0;
    for (let b = last - PER_MINUTE + 1; b <= last; b++) {
      const i = ((b % this.size) + this.size) % this.size;
      if (this.tags[i] === b) sum += arr[i]!;
    }
    return sum;
  }

  /** Errors (or lines) in the last 60 s: the error rate everyone quotes. */
  lastMinute(now: number, kind: 'errors' | 'lines' = 'errors'): number {
    return this.window(now, kind, 0);
  }

  /** Per-minute series (60-s windows ending now, 1 min ago, …), oldest first; the last is `lastMinute`. */
  series(now: number, kind: 'errors' | 'lines', count = this.minutes): number[] {
    const out: number[] = [];
    for (let k = Math.min(count, this.minutes) - 1; k >= 0; k--) out.push(this.window(now, kind, k));
    return out;
  }

  /** Errors / lines over the last `window` minutes (0 when no lines). */
  rate(now: number, window = 1): number {
    const e = this.series(now, 'errors', window).reduce((a, b) => a + b, 0);
    const l = this.series(now, 'lines', window).reduce((a, b) => a + b, 0);
    return l ? e / l : 0;
  }
}
