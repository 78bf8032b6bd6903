import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  makeContext,
  pollSource,
  SourceHub,
  withTimeout,
  TimeoutError,
} from '../../src/data/source.js';
import { createAppStore, createBatcher, effectiveStatus } from '../../src/store/store.js';
import { waitFor } from '../helpers/wait.js';

function setup() {
  const store = createAppStore();
  const batcher = createBatcher(store, 5);
  const hub = new SourceHub(batcher);
  return { store, batcher, hub };
}

describe('live-source framework', () => {
  it('backoff is capped, exponential, jittered', () => {
    expect(backoffMs(1, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 30_000, () => 1)).toBe(4000);
    expect(backoffMs(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(20, 1000, 30_000, () => 0)).toBe(15_000);
  });

  it('goes connecting → ok, keeps data and marks error on failure, recovers', async () => {
    const { store, hub } = setup();
    let fail = false;
    let n = 0;
    hub.add(
      pollSource({
        id: 's',
        intervalMs: 10,
        timeoutMs: 200,
        backoffBaseMs: 10,
        backoffCapMs: 20,
        fetch: async () => {
          if (fail) throw new Error('connection refused to postgres://u:pw@h/db');
          return ++n;
        },
      }),
      1000,
    );
    expect(store.getState().sources.s).toBeUndefined(); // batched: nothing until the frame
    await waitFor(
      () => store.getState().sources.s,
      (s) => s?.status === 'ok',
      { what: 'ok' },
    );
    fail = true;
    const errored = await waitFor(
      () => store.getState().sources.s,
      (s) => s?.status === 'error',
      { what: 'error' },
    );
    expect(errored!.data).toBeGreaterThan(0); // last good data kept
    expect(errored!.error).toBe('connection refused to postgres://u:***@h/db');
    expect(errored!.failures).toBeGreaterThan(0);
    fail = false;
    const back = await waitFor(
      () => store.getState().sources.s,
      (s) => s?.status === 'ok' && !s.error,
      { what: 'recovered' },
    );
    expect(back!.failures).toBe(0);
    await hub.stopAll();
  });

  it('never has two polls of one source in flight, and times out a hung call', async () => {
    const { store, hub } = setup();
    let inflight = 0;
    let maxInflight = 0;
    let calls = 0;
    hub.add(
      pollSource({
        id: 'slow',
        intervalMs: 1,
        timeoutMs: 30,
        backoffBaseMs: 1,
        backoffCapMs: 2,
        fetch: (signal) =>
          new Promise((_, reject) => {
            calls++;
            inflight++;
            maxInflight = Math.max(maxInflight, inflight);
            signal.addEventListener('abort', () => {
              inflight--;
              reject(signal.reason);
            });
          }),
      }),
      1000,
    );
    const s = await waitFor(
      () => store.getState().sources.slow,
      (x) => (x?.failures ?? 0) >= 3,
      { what: '3 timeouts' },
    );
    expect(s!.error).toMatch(/no answer within 30 ms/);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(maxInflight).toBe(1);
    await hub.stopAll();
  });

  it('stale when data is older than staleAfterMs', () => {
    const now = 10_000;
    expect(
      effectiveStatus({ status: 'ok', since: 0, failures: 0, staleAfterMs: 1000, fetchedAt: now - 500 }, now),
    ).toBe('ok');
    expect(
      effectiveStatus(
        { status: 'ok', since: 0, failures: 0, staleAfterMs: 1000, fetchedAt: now - 5000 },
        now,
      ),
    ).toBe('stale');
    expect(effectiveStatus(undefined, now)).toBe('connecting');
  });

  it('batches a burst of thousands of updates into one store update per frame', async () => {
    const store = createAppStore();
    const batcher = createBatcher(store, 20);
    let notifications = 0;
    store.subscribe(() => notifications++);
    const ctx = makeContext('burst', batcher, 1000, new AbortController().signal);
    for (let i = 0; i < 5000; i++) ctx.update<number>((p) => (p ?? 0) + 1);
    await waitFor(
      () => store.getState().sources.burst?.data,
      (d) => d === 5000,
      { what: 'all updates applied' },
    );
    expect(notifications).toBe(1);
  });

  it('unconfigured sources carry their hint; stopped sources publish nothing more', async () => {
    const { store, hub, batcher } = setup();
    hub.unconfigured('pg', 'postgres.url');
    batcher.flushNow();
    expect(store.getState().sources.pg).toMatchObject({ status: 'unconfigured', hint: 'postgres.url' });
    const ac = new AbortController();
    const ctx = makeContext('x', batcher, 1000, ac.signal);
    ac.abort();
    ctx.ok(1);
    batcher.flushNow();
    expect(store.getState().sources.x).toBeUndefined();
  });

  it('withTimeout rejects with TimeoutError and aborts the inner signal', async () => {
    let aborted = false;
    await expect(
      withTimeout(
        20,
        new AbortController().signal,
        (signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))),
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(aborted).toBe(true);
  });
});
