// src/util/text-width.ts answers as string-width does (the bundle gives it to ink and every
// library that imports string-width): its one-cell class, code point by code point, and whole
// texts, styled or not, narrow or not.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import textWidth, { NARROW } from '../../src/util/text-width.js';

const narrow: string[] = [];
for (let cp = 0; cp <= 0x2fff; cp++) {
  const ch = String.fromCodePoint(cp);
  if (NARROW.test(ch)) narrow.push(ch);
}

/** A deterministic pseudo-random text of `n` characters from `chars`. */
function text(chars: string[], n: number, seed: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out += chars[s % chars.length];
  }
  return out;
}

describe('textWidth', () => {
  it('every character of its one-cell class is one cell for string-width', () => {
    expect(narrow.length).toBeGreaterThan(3000);
    const wrong = narrow.filter((ch) => stringWidth(ch) !== 1);
    expect(wrong.map((ch) => ch.codePointAt(0)!.toString(16))).toEqual([]);
  });

  it('texts of those characters are as wide as string-width says, styled or not', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const t = text(narrow, 1 + (seed % 120), seed);
      expect(textWidth(t)).toBe(stringWidth(t));
      const styled = `\u001B[31m${t}\u001B[39m \u001B[1m${t.slice(0, 5)}\u001B[22m`;
      expect(textWidth(styled)).toBe(stringWidth(styled));
    }
  });

  it('other texts (CJK, emoji, marks, controls) get string-width’s own answer', () => {
    for (const t of [
      '日本語のログ',
      'deploy ✅ done',
      '👩‍💻 on call',
      'e\u0301te\u0301',
      '🇳🇱',
      'tab\there',
      '\u00AD soft hyphen',
      '║ 한국어 ║',
      '⌚ ⏩ ☔',
      '',
    ]) {
      expect(textWidth(t)).toBe(stringWidth(t));
      expect(textWidth(t, { ambiguousIsNarrow: false })).toBe(stringWidth(t, { ambiguousIsNarrow: false }));
      expect(textWidth(t, { countAnsiEscapeCodes: true })).toBe(
        stringWidth(t, { countAnsiEscapeCodes: true }),
      );
    }
  });
});
