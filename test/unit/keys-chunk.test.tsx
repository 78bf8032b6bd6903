// Input chunks (issue 14 follow-up: text typed into dialogs must never be lost): a control key
// and text arriving as one chunk are split; text typed at once reaches a dialog field whole.
import { describe, expect, it } from 'vitest';
import { splitChunk } from '../../src/ui/keys.js';

describe('splitChunk', () => {
  it('splits control keys out of text', () => {
    expect(splitChunk('\x15debug', true).map((e) => e.name)).toEqual(['ctrl+u', 'debug']);
    expect(splitChunk('abc\r', false).map((e) => e.name)).toEqual(['a', 'b', 'c', 'enter']);
    expect(splitChunk('x\tY\x7f', false).map((e) => [e.name, e.key.shift])).toEqual([
      ['x', false],
      ['tab', false],
      ['Y', true],
      ['backspace', false],
    ]);
  });
});
