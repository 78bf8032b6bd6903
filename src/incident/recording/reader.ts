// Reading a recording (format.ts): `readRecording(path)` yields the full reconstructed state of
// the sources at every recorded moment, in order; `Recording.load(path)` gives random access for
// the replay (`at(t)`: the state as it was at t, from the nearest keyframe before it). The
// sources come back keyed and shaped as in the live store (`sources[id]`: status, data, …), the
// logs sources with a `view` (LogView) over what was recorded of them (logs.ts).
import { readFile } from 'node:fs/promises';
import type { SourceState } from '../../store/store.js';
import { patch } from './delta.js';
import { decodePayload, scanFrames, type Frame, type FrameRef } from './format.js';
import { LOGS_SOURCES, replayLogs, type RecordedLogs } from './logs.js';

export type RecordedSources = Record<string, SourceState>;

export interface RecordedMoment {
  /** The moment (epoch ms). */
  t: number;
  /** Every recorded source's state at t, keyed as in the store (`sources[id]`). */
  sources: RecordedSources;
}

/** Applies one frame to the plain state (the logs views stay plain here). */
function applyFrame(prev: RecordedSources, f: Frame): RecordedSources {
  const out: RecordedSources = f.k === 1 ? {} : { ...prev };
  for (const [id, sf] of Object.entries(f.s)) {
    if (sf === null) {
      delete out[id];
      continue;
    }
    const before = f.k === 1 ? undefined : prev[id];
    const meta = sf.m ?? (before ? { ...before, data: undefined } : undefined);
    if (!meta) continue;
    const data = sf.d ? patch(before?.data, sf.d) : before?.data;
    const st = { ...meta } as SourceState;
    if (data !== undefined) st.data = data;
    else delete st.data;
    out[id] = st;
  }
  return out;
}

/** Plain recorded state → the store's shapes (logs views hydrated), cached per source object. */
class Hydrator {
  private cache = new WeakMap<SourceState, SourceState>();
  run(plain: RecordedSources): RecordedSources {
    const out: RecordedSources = {};
    for (const [id, st] of Object.entries(plain)) {
      if (!LOGS_SOURCES.includes(id) || !st.data) {
        out[id] = st;
        continue;
      }
      let h = this.cache.get(st);
      if (!h) {
        h = { ...st, data: replayLogs(st.data as RecordedLogs) };
        this.cache.set(st, h);
      }
      out[id] = h;
    }
    return out;
  }
}

const CHECKPOINT = 30;

export class Recording {
  /** What was wrong with the file (torn tail, damaged frames), in words. */
  readonly problems: string[];
  readonly frames: readonly FrameRef[];
  private cursor: { index: number; plain: RecordedSources } | undefined;
  /** States met on the way, every CHECKPOINT frames: a seek back starts from the nearest. */
  private readonly checkpoints = new Map<number, RecordedSources>();
  private readonly hydrator = new Hydrator();

  private constructor(
    readonly path: string,
    private readonly buf: Buffer,
  ) {
    const scan = scanFrames(buf);
    this.frames = scan.frames;
    this.problems = scan.problems;
  }

  static async load(path: string): Promise<Recording> {
    return new Recording(path, await readFile(path));
  }
  /** For tests and tools that already hold the bytes. */
  static fromBuffer(buf: Buffer, path = '(buffer)'): Recording {
    return new Recording(path, buf);
  }

  get start(): number | undefined {
    return this.frames[0]?.t;
  }
  get end(): number | undefined {
    return this.frames.at(-1)?.t;
  }
  get bytes(): number {
    return this.buf.length;
  }

  /** The index of the last frame at or before t (-1 before the first). */
  indexAt(t: number): number {
    let lo = 0;
    let hi = this.frames.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frames[mid]!.t <= t) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  private plainAt(index: number): RecordedSources {
    if (index < 0) return {};
    let from = this.cursor && this.cursor.index <= index ? this.cursor : undefined;
    // Going back, or far forward: start again from the nearest keyframe or checkpoint before.
    let k = index;
    while (k > 0 && !this.frames[k]!.keyframe && !this.checkpoints.has(k)) k--;
    if (!from || from.index < k)
      from = this.checkpoints.has(k) ? { index: k, plain: this.checkpoints.get(k)! } : undefined;
    let i = from ? from.index + 1 : k;
    let plain = from ? from.plain : {};
    for (; i <= index; i++) {
      plain = applyFrame(plain, decodePayload(this.buf, this.frames[i]!));
      if (i % CHECKPOINT === 0) this.checkpoints.set(i, plain);
    }
    this.cursor = { index, plain };
    return plain;
  }

  /** The sources as they were at t (empty before the first frame). */
  at(t: number): RecordedSources {
    return this.hydrator.run(this.plainAt(this.indexAt(t)));
  }

  /** Every moment in order, with the full state. */
  *moments(): Generator<RecordedMoment> {
    let plain: RecordedSources = {};
    for (const ref of this.frames) {
      plain = applyFrame(ref.keyframe ? {} : plain, decodePayload(this.buf, ref));
      yield { t: ref.t, sources: this.hydrator.run(plain) };
    }
  }
}

/**
 * Every recorded moment of the recording at `path`, in order, with the full reconstructed state
 * of the sources (as in the store). A torn tail ends the iteration at the last whole frame;
 * `onProblem` hears what was wrong with the file (torn tail, damaged frames skipped).
 */
export async function* readRecording(
  path: string,
  opts: { onProblem?: (text: string) => void } = {},
): AsyncIterable<RecordedMoment> {
  const rec = await Recording.load(path);
  for (const p of rec.problems) opts.onProblem?.(p);
  yield* rec.moments();
}
