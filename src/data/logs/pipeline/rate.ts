// Per-minute counters over a sliding window of minutes: fixed arrays indexed by absolute
// minute, reset lazily. O(1) per line, O(window) per read, constant memory.
export class MinuteCounter {
  private readonly tags: Float64Array;
  private readonly errors: Uint32Array;
  private readonly lines: Uint32Array;
  constructor(readonly minutes: number) {
    this.tags = new Float64Array(minutes).fill(-1);
    this.errors = new Uint32Array(minutes);
    this.lines = new Uint32Array(minutes);
  }

  /** Counts one line at `ts`; lines older than the window, or far in the future, use `now`'s bounds. */
  add(ts: number, error: boolean, now: number): void {
    const cur = Math.floor(now / 60_000);
    let m = Math.floor(ts / 60_000);
    if (!(m <= cur)) m = cur; // future (clock skew) or NaN: count as now
    if (m <= cur - this.minutes) return; // too old for the window
    const i = m % this.minutes;
    if (this.tags[i] !== m) {
      this.tags[i] = m;
      this.errors[i] = 0;
      this.lines[i] = 0;
    }
    this.lines[i]!++;
    if (error) this.errors[i]!++;
  }

  /** Per-minute series, oldest first, ending with the minute of `now`. */
  series(now: number, kind: 'errors' | 'lines', count = this.minutes): number[] {
    const cur = Math.floor(now / 60_000);
    const arr = kind === 'errors' ? this.errors : this.lines;
    const out: number[] = [];
    for (let m = cur - count + 1; m <= cur; m++) {
      const i = ((m % this.minutes) + this.minutes) % this.minutes;
      out.push(this.tags[i] === m ? arr[i]! : 0);
    }
    return out;
  }

  /** Errors / lines over the last `window` minutes (0 when no lines). */
  rate(now: number, window: number): number {
    const e = this.series(now, 'errors', window).reduce((a, b) => a + b, 0);
    const l = this.series(now, 'lines', window).reduce((a, b) => a + b, 0);
    return l ? e / l : 0;
  }
}
