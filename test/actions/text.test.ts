// Small helpers of the action dialogs: risk labels, printable keys, the OSC 52 copy.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { copyToClipboard, isPrintable, riskLabel } from '../../src/actions/text.js';

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
  it('copies the command with OSC 52', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const prev = process.env.TMUX;
    delete process.env.TMUX;
    copyToClipboard('kubectl rollout undo deployment/backend', out);
    if (prev !== undefined) process.env.TMUX = prev;
    await new Promise((r) => setImmediate(r));
    expect(chunks.join('')).toBe(
      `\x1b]52;c;${Buffer.from('kubectl rollout undo deployment/backend').toString('base64')}\x07`,
    );
  });
});
