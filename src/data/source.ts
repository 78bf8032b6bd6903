// The live-source contract: one way in for data. A source is started with a context that
// publishes into the store (batched), and stopped with stop(). `pollSource` implements the
// polling kind: never two polls in flight, a per-call timeout, capped exponential backoff with
// jitter on failure, the last good data kept (shown stale) on error. Watch/stream sources use
// the same context (`ctx.ok`, `ctx.fail`, `ctx.update`) from their own loops.
import { isDeepStrictEqual } from 'node:util';
import type { Batcher, SourceState } from '../store/store.js';
import { log } from '../util/log.js';
import { errorText } from '../util/redact.js';

export interface SourceContext {
  /** Replace the data, status ok. */
  ok<T>(data: T): void;
  /** Derive new data from the previous (for streams that patch incrementally), status ok. */
  update<T>(fn: (prev: T | undefined) => T): void;
  /** Record a failure: status error, last good data kept. */
  fail(err: unknown): void;
  /** Back to connecting (e.g. a watch reconnecting); keeps data. */
  connecting(): void;
  now(): number;
  /** Aborted when the source is stopped. */
  signal: AbortSignal;
}

export interface Source {
  readonly id: string;
  start(ctx: SourceContext): void;
  /** Resolves once every connection and timer of the source is closed. */
  stop(): Promise<void>;
}

export interface SourceRegistration {
  source: Source;
  staleAfterMs: number;
}

export function initialState(staleAfterMs: number, now: number): SourceState {
  return { status: 'connecting', since: now, failures: 0, staleAfterMs };
}

export function makeContext(
  id: string,
  batcher: Batcher,
  staleAfterMs: number,
  signal: AbortSignal,
  now = Date.now,
): SourceContext {
  const base = (prev: SourceState | undefined): SourceState => prev ?? initialState(staleAfterMs, now());
  let logged: string | undefined;
  return {
    signal,
    now,
    ok(data) {
      if (signal.aborted) return;
      logged = undefined;
      batcher.update(id, (prev) => {
        const p = base(prev);
        const t = now();
        return {
          ...p,
          status: 'ok',
          // A poll that found what the previous one did keeps the previous object, so views
          // memoised on the data (rows, sorting) do not rebuild for nothing (issue 15).
          data: p.data !== undefined && isDeepStrictEqual(p.data, data) ? p.data : data,
          fetchedAt: t,
          error: undefined,
          failures: 0,
          since: p.status === 'ok' ? p.since : t,
        };
      });
    },
    update<T>(fn: (prev: T | undefined) => T) {
      if (signal.aborted) return;
      batcher.update(id, (prev) => {
        const p = base(prev);
        const t = now();
        return {
          ...p,
          status: 'ok',
          data: fn(p.data as T | undefined),
          fetchedAt: t,
          error: undefined,
          failures: 0,
          since: p.status === 'ok' ? p.since : t,
        };
      });
    },
    fail(err) {
      if (signal.aborted) return;
      const text = errorText(err);
      // The debug log gets the client's own message (log() redacts it), once per distinct error.
      if (text !== logged) log('warn', `source ${id}: ${err instanceof Error ? err.message : String(err)}`);
      logged = text;
      batcher.update(id, (prev) => {
        const p = base(prev);
        return {
          ...p,
          status: 'error',
          error: text,
          failures: p.failures + 1,
          since: p.status === 'error' ? p.since : now(),
        };
      });
    },
    connecting() {
      if (signal.aborted) return;
      batcher.update(id, (prev) => {
        const p = base(prev);
        return p.status === 'connecting' ? p : { ...p, status: 'connecting', since: now() };
      });
    },
  };
}

/** Capped exponential backoff with full jitter: attempt 1 → up to base, doubling, capped. */
export function backoffMs(failures: number, baseMs: number, capMs: number, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Runs fn with an AbortSignal that fires after `ms` or when `outer` aborts; rejects with TimeoutError. */
export async function withTimeout<T>(
  ms: number,
  outer: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort(new TimeoutError(ms));
      reject(new TimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([fn(ac.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

export interface PollOptions<T> {
  id: string;
  intervalMs: number;
  timeoutMs: number;
  /** Backoff after failures: base and cap (defaults: the interval, and 30 s). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  fetch: (signal: AbortSignal) => Promise<T>;
  /** Called once on stop (close connections). */
  close?: () => Promise<void> | void;
}

/** A polling source. The next poll is scheduled only after the previous one settled. */
export function pollSource<T>(opts: PollOptions<T>): Source {
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | undefined;
  let stopped = false;
  let failures = 0;
  let ctxRef: SourceContext | undefined;
  const tick = () => {
    const ctx = ctxRef;
    if (stopped || !ctx || inflight) return;
    inflight = withTimeout(opts.timeoutMs, ctx.signal, opts.fetch)
      .then(
        (data) => {
          failures = 0;
          ctx.ok(data);
        },
        (err) => {
          failures++;
          ctx.fail(err);
        },
      )
      .finally(() => {
        inflight = undefined;
        if (stopped) return;
        const delay = failures
          ? backoffMs(failures, opts.backoffBaseMs ?? opts.intervalMs, opts.backoffCapMs ?? 30_000)
          : opts.intervalMs;
        timer = setTimeout(tick, delay);
        timer.unref?.();
      });
  };
  return {
    id: opts.id,
    start(ctx) {
      ctxRef = ctx;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inflight?.catch(() => undefined);
      await opts.close?.();
    },
  };
}

/** Starts and stops a set of sources against one batcher. The UI root owns one of these. */
export class SourceHub {
  private readonly running = new Map<string, { source: Source; ac: AbortController }>();
  constructor(
    private readonly batcher: Batcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** Marks a source unconfigured with the config key that would enable it. */
  unconfigured(id: string, hint: string): void {
    this.batcher.update(id, () => ({
      status: 'unconfigured',
      since: this.now(),
      failures: 0,
      staleAfterMs: Infinity,
      hint,
    }));
  }

  add(source: Source, staleAfterMs: number): void {
    if (this.running.has(source.id)) throw new Error(`source ${source.id} already running`);
    const ac = new AbortController();
    this.running.set(source.id, { source, ac });
    this.batcher.update(source.id, () => initialState(staleAfterMs, this.now()));
    source.start(makeContext(source.id, this.batcher, staleAfterMs, ac.signal, this.now));
  }

  has(id: string): boolean {
    return this.running.has(id);
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    for (const r of all) r.ac.abort();
    await Promise.allSettled(all.map((r) => r.source.stop()));
  }
}
