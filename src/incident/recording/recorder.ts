// The flight recorder: while an incident is open, the sources' snapshots in the store (every
// pane's data) are written to `<state>/incidents/<ID>.rec` as deltas, at most once a second
// (format.ts). On the UI thread each tick costs a walk of what changed (unchanged snapshots are
// the same objects, skipped by identity) and a small JSON; compression runs on libuv's thread
// pool and the write is async. Everything written is masked (mask.ts) and redacted
// (redactDeep: registered secrets and the patterns). Every second is sampled even when the disk
// is slow: frames built while a write is on its way wait and go out together, in one write and
// one datasync. Only when MAX_PENDING frames wait does a second go unrecorded (counted; the next
// frame is the delta since the last one built), so memory stays bounded; past `maxBytes` the
// recorder stops and says so.
import { open, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import type { AppStore, SourceState } from '../../store/store.js';
import { FILE_MODE } from '../../util/private-files.js';
import { errorText, redactDeep } from '../../util/redact.js';
import { diff } from './delta.js';
import { encodeFrame, MAGIC, type Frame, type SourceFrame, type SourceMeta } from './format.js';
import { LOGS_SOURCES, recordLogs } from './logs.js';
import { maskKubeData } from './mask.js';
import type { LogsSnapshot } from '../../data/logs/types.js';

/** Frames that may wait for a slow disk (a minute of seconds) before seconds go unrecorded. */
const MAX_PENDING = 60;

export interface RecorderOptions {
  path: string;
  /** Time between frames (ms), at least 1000 (at most once a second). */
  intervalMs?: number;
  /** A keyframe (every source whole) this often (ms), so that a seek or a damaged frame costs little. */
  keyframeMs?: number;
  /** Stop recording past this size (bytes). */
  maxBytes?: number;
  now?: () => number;
  /** Hears a failure or the size limit, in words (the incident flashes it). */
  onProblem?: (text: string) => void;
}

export interface RecorderStats {
  frames: number;
  keyframes: number;
  bytes: number;
  /** The frames' JSON before compression (bytes). */
  jsonBytes: number;
  /** The first keyframe's size on disk (bytes). */
  firstKeyframeBytes: number;
  skipped: number;
  /** UI-thread time spent building frames (ms, total). */
  mainThreadMs: number;
}

interface Recorded {
  meta: SourceMeta;
  data: unknown;
  /** When it was recorded. */
  at: number;
}

const META_KEYS = ['status', 'fetchedAt', 'error', 'since', 'failures', 'staleAfterMs', 'hint'] as const;

function metaOf(s: SourceState): SourceMeta {
  const m: Record<string, unknown> = {};
  for (const k of META_KEYS) if (s[k] !== undefined) m[k] = s[k];
  return m as unknown as SourceMeta;
}
function sameMeta(a: SourceMeta, b: SourceMeta): boolean {
  return META_KEYS.every((k) => a[k] === b[k]);
}

export const DEFAULT_KEYFRAME_MS = 10 * 60_000;

/**
 * Sources recorded less often than once a second (ms): pod metrics change for every pod at each
 * poll, which alone would be ~35 MB an hour on 5,000 pods. Such a source is recorded whole
 * (data and state together, so the replay shows its true age) at most this often.
 */
export const SLOW_SOURCES: Readonly<Record<string, number>> = { 'k8s.metrics': 60_000 };
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export class SourceRecorder {
  readonly stats: RecorderStats = {
    frames: 0,
    keyframes: 0,
    bytes: 0,
    jsonBytes: 0,
    firstKeyframeBytes: 0,
    skipped: 0,
    mainThreadMs: 0,
  };
  private fh: FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Frames built and not yet written (the writer takes them all at once). */
  private pending: { frame: Frame; keyframe: boolean }[] = [];
  private writing = false;
  private prev = new Map<string, Recorded>();
  private lastSources: unknown;
  private lastKeyframe = -Infinity;
  private stopped = false;
  private failed = false;
  private locked: string | undefined;
  private readonly logsCache = new WeakMap<object, unknown>();
  private readonly now: () => number;

  constructor(
    private readonly store: AppStore,
    private readonly opts: RecorderOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Opens (or appends to) the file and starts ticking; the first frame is a keyframe. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.opening = this.openFile();
    this.chain = this.opening;
    this.timer = setInterval(() => this.tick(), Math.max(1000, this.opts.intervalMs ?? 1000));
    this.timer.unref?.();
    this.tick();
  }

  /**
   * One recorder per recording: a second console following the same incident on this machine
   * would interleave its deltas with ours. The lock (`<file>.lock`, our pid) is taken over when
   * the console that held it is gone.
   */
  private async lock(): Promise<boolean> {
    const lock = `${this.opts.path}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(lock, String(process.pid), { flag: 'wx', mode: FILE_MODE });
        this.locked = lock;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
        if (pid > 0 && alive(pid)) return false;
        await rm(lock, { force: true });
      }
    }
    return false;
  }

  private async openFile(): Promise<void> {
    try {
      if (!(await this.lock())) {
        this.failed = this.stopped = true;
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.opts.onProblem?.(
          `recording: another console on this machine records this incident (${this.opts.path})`,
        );
        return;
      }
      const size = await stat(this.opts.path).then(
        (s) => s.size,
        () => 0,
      );
      this.fh = await open(this.opts.path, 'a', FILE_MODE);
      await this.fh.chmod(FILE_MODE);
      this.stats.bytes = size;
      if (size === 0) {
        await this.fh.write(MAGIC);
        this.stats.bytes += MAGIC.length;
      }
    } catch (err) {
      this.fail(`recording off: cannot open ${this.opts.path}: ${errorText(err)}`);
    }
  }

  private fail(text: string): void {
    if (this.failed) return;
    this.failed = this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.opts.onProblem?.(text);
  }

  private serialize(id: string, data: unknown): unknown {
    if (data === undefined || data === null || typeof data !== 'object') return data;
    if (LOGS_SOURCES.includes(id) && typeof (data as LogsSnapshot).view?.tail === 'function') {
      let r = this.logsCache.get(data);
      if (!r) {
        r = recordLogs(data as LogsSnapshot);
        this.logsCache.set(data, r);
      }
      return r;
    }
    return maskKubeData(data);
  }

  /** Builds this second's frame (or nothing when nothing changed) and queues its write. */
  tick(): void {
    if (this.stopped) return;
    if (this.pending.length >= MAX_PENDING) {
      // The disk is far behind: skip this second; the next frame carries the delta since the last.
      this.stats.skipped++;
      return;
    }
    const t0 = performance.now();
    const t = this.now();
    const sources = this.store.getState().sources;
    const keyframe = t - this.lastKeyframe >= (this.opts.keyframeMs ?? DEFAULT_KEYFRAME_MS);
    if (sources === this.lastSources && !keyframe) return;
    this.lastSources = sources;
    const s: Record<string, SourceFrame | null> = {};
    const next = new Map<string, Recorded>();
    for (const [id, st] of Object.entries(sources)) {
      if (!st) continue;
      const slow = SLOW_SOURCES[id];
      const kept = this.prev.get(id);
      if (slow && kept && !keyframe && t - kept.at < slow) {
        next.set(id, kept);
        continue;
      }
      const rec: Recorded = { meta: metaOf(st), data: this.serialize(id, st.data), at: t };
      next.set(id, rec);
      const before = keyframe ? undefined : kept;
      if (!before) {
        s[id] = rec.data === undefined ? { m: rec.meta } : { m: rec.meta, d: { '=': rec.data } };
        continue;
      }
      const d = diff(before.data, rec.data);
      const m = sameMeta(before.meta, rec.meta) ? undefined : rec.meta;
      if (d || m) s[id] = { ...(m ? { m } : {}), ...(d ? { d } : {}) };
    }
    if (!keyframe) for (const id of this.prev.keys()) if (!next.has(id)) s[id] = null;
    this.prev = next;
    if (!keyframe && !Object.keys(s).length) {
      this.stats.mainThreadMs += performance.now() - t0;
      return;
    }
    if (keyframe) this.lastKeyframe = t;
    const frame: Frame = { t, ...(keyframe ? { k: 1 as const } : {}), s: redactDeep(s) };
    this.stats.mainThreadMs += performance.now() - t0;
    this.write(frame, keyframe);
  }

  private write(frame: Frame, keyframe: boolean): void {
    this.pending.push({ frame, keyframe });
    if (this.writing) return;
    this.writing = true;
    this.chain = this.chain.then(() => this.drain());
  }

  /** Writes what waits, all of it at once, until nothing waits. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        if (!this.fh || this.failed) continue;
        const encoded: Awaited<ReturnType<typeof encodeFrame>>[] = [];
        for (const { frame } of batch) encoded.push(await encodeFrame(frame));
        const size = encoded.reduce((n, e) => n + e.bytes.length, 0);
        if (this.stats.bytes + size > (this.opts.maxBytes ?? DEFAULT_MAX_BYTES)) {
          this.fail(`recording stopped at its size limit (${this.stats.bytes} bytes): ${this.opts.path}`);
          continue;
        }
        await this.fh.write(Buffer.concat(encoded.map((e) => e.bytes)));
        // A crash loses at most what waited: the frames are on disk before the next ones go.
        await this.fh.datasync();
        this.stats.bytes += size;
        batch.forEach(({ keyframe }, i) => {
          this.stats.jsonBytes += encoded[i]!.json;
          this.stats.frames++;
          if (keyframe && !this.stats.keyframes) this.stats.firstKeyframeBytes = encoded[i]!.bytes.length;
          if (keyframe) this.stats.keyframes++;
        });
      }
    } catch (err) {
      this.pending = [];
      this.fail(`recording stopped: ${errorText(err)}`);
    } finally {
      this.writing = false;
    }
  }

  /** Resolves when every frame built so far is on disk. */
  flushed(): Promise<void> {
    return this.chain;
  }

  /** Records the last second, finishes the writes and closes the file. */
  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.tick();
    }
    this.stopped = true;
    await this.opening;
    await this.chain;
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => undefined);
    if (this.locked) await rm(this.locked, { force: true });
    this.locked = undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
