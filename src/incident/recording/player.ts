// The replay's clock over a recording, UI-free: the moment shown (`t`), play / pause, speed; each
// move puts the recorded sources of that moment into the store (`sources`, as the live console's
// sources would) and the `replay` slice says where it is. Nothing here reaches a backend: the
// store is only ever fed from the recording.
import { getSlice, setSlice, type AppStore } from '../../store/store.js';
import type { Recording } from './reader.js';

export const REPLAY = 'replay';
export const SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;

declare module '../../store/store.js' {
  interface Slices {
    replay: ReplaySlice;
  }
}

export interface ReplaySlice {
  /** The moment shown (epoch ms). */
  t: number;
  start: number;
  end: number;
  playing: boolean;
  speed: number;
  /** What was wrong with the file (torn tail, damaged frames). */
  problems: string[];
}

const players = new WeakMap<AppStore, Player>();
export function playerFor(store: AppStore): Player | undefined {
  return players.get(store);
}

export class Player {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    readonly store: AppStore,
    readonly recording: Recording,
    opts: {
      at?: number;
      speed?: number;
      tickMs?: number;
      /** Source ids to show as not recorded when the recording has nothing of them at t. */
      known?: readonly string[];
    } = {},
  ) {
    this.known = opts.known ?? [];
    const start = recording.start ?? 0;
    const end = recording.end ?? start;
    players.set(store, this);
    setSlice(store, REPLAY, () => ({
      t: start,
      start,
      end,
      playing: false,
      speed: opts.speed && opts.speed > 0 ? opts.speed : 1,
      problems: [...recording.problems],
    }));
    this.seek(opts.at ?? start);
    this.tickMs = opts.tickMs ?? 250;
  }
  private readonly tickMs: number;
  private readonly known: readonly string[];

  get slice(): ReplaySlice {
    return getSlice(this.store, REPLAY)!;
  }
  private patch(p: Partial<ReplaySlice>): void {
    setSlice(this.store, REPLAY, (prev) => ({ ...prev!, ...p }));
  }

  /** Shows the moment t (clamped to the recording). */
  seek(t: number): void {
    const { start, end } = this.slice;
    const at = Math.min(end, Math.max(start, t));
    const sources = { ...this.recording.at(at) };
    // A source with nothing recorded is not configured here, never "connecting": nothing connects.
    for (const id of this.known)
      sources[id] ??= {
        status: 'unconfigured',
        since: at,
        failures: 0,
        staleAfterMs: 0,
        hint: 'not in the recording',
      };
    this.store.setState({ sources });
    this.patch({ t: at, ...(at >= end && this.slice.playing ? { playing: false } : {}) });
    if (!this.slice.playing) this.stopTimer();
  }
  step(ms: number): void {
    this.seek(this.slice.t + ms);
  }
  toStart(): void {
    this.seek(this.slice.start);
  }
  toEnd(): void {
    this.seek(this.slice.end);
  }

  toggle(): void {
    if (this.slice.playing) {
      this.patch({ playing: false });
      this.stopTimer();
      return;
    }
    // Playing from the end starts again from the beginning.
    if (this.slice.t >= this.slice.end) this.seek(this.slice.start);
    this.patch({ playing: true });
    this.last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const dt = (now - this.last) * this.slice.speed;
      this.last = now;
      this.step(dt);
    }, this.tickMs);
    this.timer.unref?.();
  }

  faster(): void {
    const i = SPEEDS.findIndex((s) => s > this.slice.speed);
    this.patch({ speed: i < 0 ? SPEEDS.at(-1)! : SPEEDS[i]! });
  }
  slower(): void {
    const lower = SPEEDS.filter((s) => s < this.slice.speed);
    this.patch({ speed: lower.at(-1) ?? SPEEDS[0] });
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
  stop(): void {
    this.stopTimer();
    this.patch({ playing: false });
  }
}
