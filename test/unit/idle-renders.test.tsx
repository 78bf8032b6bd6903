// An idle console renders nothing it does not need to (issue 15): clocks and ages redraw when
// their text changes, not on every tick; a poll that found the same data keeps the same object;
// source updates that change nothing notify nobody; health checks stay on their interval's grid.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { makeContext } from '../../src/data/source.js';
import { nextOnGrid } from '../../src/data/health/source.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { statusText } from '../../src/ui/PaneHost.js';
import { ClockContext, useNow, useNowDerived, type Clock } from '../../src/ui/hooks.js';
import { age } from '../../src/util/format.js';

/** A clock moved by hand: `tick(ms)` advances it and notifies like the 1 s ticker does. */
function handClock(start: number) {
  let t = start;
  const fns = new Set<() => void>();
  const clock: Clock = {
    subscribe(fn) {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    now: () => t,
  };
  /** Advances and notifies, then lets React commit what the notification scheduled. */
  const tick = async (ms: number) => {
    t += ms;
    for (const f of fns) f();
    await new Promise((r) => setImmediate(r));
  };
  return { clock, tick };
}

let inst: ReturnType<typeof render> | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

describe('idle renders', () => {
  it('a clock in minutes renders once a minute, not once a second', async () => {
    const { clock, tick } = handClock(Date.UTC(2026, 11, 1, 12, 0, 0));
    let renders = 0;
    function Clock() {
      renders++;
      const now = useNow(60_000);
      return <Text>{new Date(now).toISOString().slice(11, 16)}</Text>;
    }
    inst = render(
      <ClockContext.Provider value={clock}>
        <Clock />
      </ClockContext.Provider>,
    );
    const first = renders;
    for (let i = 0; i < 59; i++) await tick(1000);
    expect(renders).toBe(first);
    await tick(1000);
    expect(renders).toBe(first + 1);
  });

  it('an age redraws each second under a minute, then once a minute', async () => {
    const since = Date.UTC(2026, 11, 1, 12, 0, 0);
    const { clock, tick } = handClock(since);
    const texts: string[] = [];
    function Age() {
      const text = useNowDerived((now) => age(now - since));
      texts.push(text);
      return <Text>{text}</Text>;
    }
    inst = render(
      <ClockContext.Provider value={clock}>
        <Age />
      </ClockContext.Provider>,
    );
    for (let i = 0; i < 180; i++) await tick(1000);
    // 0s … 59s, then 1m, 2m, 3m: 63 renders over three minutes of ticks, not 181.
    expect(texts).toEqual([...Array.from({ length: 60 }, (_, i) => `${i}s`), '1m', '2m', '3m']);
  });

  it('a fresh source says only "live"; its age shows once it is a minute old or stale', () => {
    const s = { status: 'ok' as const, since: 0, failures: 0, staleAfterMs: 120_000, fetchedAt: 1_000 };
    expect(statusText(s, 'ok', 1_500)).toBe('live');
    expect(statusText(s, 'ok', 59_000)).toBe('live');
    expect(statusText(s, 'ok', 61_000)).toBe('live 1m');
    expect(statusText(s, 'stale', 131_000)).toBe('STALE 2m old');
  });

  it('a poll with the same data keeps the same object; a no-op update notifies nobody', () => {
    const store = createAppStore();
    const batcher = createBatcher(store, 1_000_000);
    const ctx = makeContext('s', batcher, 10_000, new AbortController().signal, () => 5);
    ctx.ok({ rows: [{ a: 1 }] });
    batcher.flushNow();
    const first = store.getState().sources.s!.data;
    ctx.ok({ rows: [{ a: 1 }] });
    batcher.flushNow();
    expect(store.getState().sources.s!.data).toBe(first);
    ctx.ok({ rows: [{ a: 2 }] });
    batcher.flushNow();
    expect(store.getState().sources.s!.data).toEqual({ rows: [{ a: 2 }] });

    let notified = 0;
    const off = store.subscribe(() => notified++);
    batcher.update('s', (p) => p!);
    batcher.flushNow();
    expect(notified).toBe(0);
    ctx.fail(new Error('down'));
    batcher.flushNow();
    expect(notified).toBe(1);
    off();
  });

  it('health checks are scheduled on their interval grid, so endpoints stay in step', () => {
    expect(nextOnGrid(10_000, 2000)).toBe(2000);
    expect(nextOnGrid(10_003, 2000)).toBe(1997);
    expect(nextOnGrid(11_999, 2000)).toBe(1);
  });
});
