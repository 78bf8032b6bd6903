// Small helpers of the dialogs: risk labels; the one text-editing helper every dialog uses
// (src/ui/dialog/text.ts; the copy: test/unit/clipboard.test.ts).
import { describe, expect, it } from 'vitest';
import { riskLabel } from '../../src/actions/text.js';
import { editText, explode, isEditKey } from '../../src/ui/dialog/text.js';

const ev = (input: string, key: Record<string, boolean> = {}, name = input) => ({
  name,
  input,
  key: key as never,
});

describe('dialog text helpers', () => {
  it('labels risks with a symbol, not colour alone', () => {
    expect(riskLabel('destructive')).toBe('✖ DESTRUCTIVE');
    expect(riskLabel('disruptive')).toBe('▲ disruptive');
    expect(riskLabel('safe')).toBe('· safe');
  });
  it('types only printable text (no control characters, Enter, arrows or ctrl keys)', () => {
    expect(editText('', ev('a'))).toBe('a');
    expect(editText('back', ev('end'))).toBe('backend');
    expect(editText('x', ev('\r', { return: true }, 'enter'))).toBeUndefined();
    expect(editText('', ev('backend\x1b\x07'))).toBe('backend');
    expect(editText('x', ev('', { upArrow: true }, 'up'))).toBeUndefined();
    expect(editText('x', ev('c', { ctrl: true }, 'ctrl+c'))).toBeUndefined();
    expect(isEditKey(ev('c', { ctrl: true }, 'ctrl+c'))).toBe(false);
  });
  it('edits: Backspace, ^U clears, ^W deletes the last word', () => {
    expect(editText('backend', ev('', {}, 'backspace'))).toBe('backen');
    expect(editText('backend', ev('u', { ctrl: true }, 'ctrl+u'))).toBe('');
    expect(editText('two words', ev('w', { ctrl: true }, 'ctrl+w'))).toBe('two');
    expect(isEditKey(ev('', {}, 'backspace'))).toBe(true);
  });
  it('splits a typed chunk into text, Tab and Enter keys, in order', () => {
    expect(explode(ev('title\t2\r')).map((e) => e.name)).toEqual(['title', 'tab', '2', 'enter']);
  });
});
