// Ages and the header clock change coarsely, so an idle console repaints next to nothing:
// seconds only while under a minute, then minutes (then hours and minutes, days and hours);
// the clock in minutes unless seconds are asked for.
import { describe, expect, it } from 'vitest';
import { age, utcClock } from '../../src/util/format.js';

describe('coarse ages and clock', () => {
  it('ticks seconds only during the first minute', () => {
    expect(age(0)).toBe('0s');
    expect(age(59_999)).toBe('59s');
    expect(age(60_000)).toBe('1m');
    expect(age(9 * 60_000 + 59_000)).toBe('9m');
    expect(age(59 * 60_000 + 59_000)).toBe('59m');
    expect(age(3_600_000 + 5 * 60_000 + 30_000)).toBe('1h5m');
    expect(age(-5)).toBe('0s');
  });

  it('shows the clock in minutes unless seconds are asked for', () => {
    const t = Date.UTC(2026, 10, 23, 9, 7, 42);
    expect(utcClock(t, false)).toBe('09:07');
    expect(utcClock(t)).toBe('09:07:42');
  });
});
