// Small helpers of the action dialogs: risk labels, printable keys (the copy: test/unit/clipboard.test.ts).
import { describe, expect, it } from 'vitest';
import { isPrintable, riskLabel } from '../../src/actions/text.js';

const ev = (input: string, key: Record<string, boolean> = {}) => ({ name: input, input, key: key as never });

describe('action text helpers', () => {
  it('labels risks with a symbol, not colour alone', () => {
    expect(riskLabel('destructive')).toBe('✖ DESTRUCTIVE');
    expect(riskLabel('disruptive')).toBe('▲ disruptive');
    expect(riskLabel('safe')).toBe('· safe');
  });
  it('types only printable keys (no control characters, Enter or escape sequences)', () => {
    expect(isPrintable(ev('a'))).toBe(true);
    expect(isPrintable(ev('backend'))).toBe(true);
    expect(isPrintable(ev('\r', { return: true }))).toBe(false);
    expect(isPrintable(ev('backend\r'))).toBe(false);
    expect(isPrintable(ev('\x1b[A'))).toBe(false);
    expect(isPrintable(ev('c', { ctrl: true }))).toBe(false);
  });
});
