import { describe, expect, it } from 'vitest';
import { decodeUtf8, sanitize } from '../../src/util/sanitize.js';

describe('sanitize', () => {
  it('neutralises escape sequences that would clear the screen or set the title', () => {
    const s = sanitize('a\x1b[2J\x1b[Hb\x1b]0;pwned\x07c\x9b31md');
    expect(s).not.toMatch(/[\x1b\x07\x9b]/);
    expect(s).toContain('a');
    expect(s).toContain('d');
  });
  it('replaces control characters and keeps lines single', () => {
    expect(sanitize('x\x00y\rz\nw')).not.toMatch(/[\x00\r\n]/);
  });
  it('cuts giant strings', () => {
    const s = sanitize('x'.repeat(1_000_000), 100);
    expect(s.length).toBe(100);
    expect(s.endsWith('…')).toBe(true);
  });
  it('decodes invalid UTF-8 safely', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))).toBe('a\uFFFD\uFFFDb');
  });
});
