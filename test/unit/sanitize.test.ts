import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cells, fit, fitMiddle, pad } from '../../src/util/format.js';
import { decodeUtf8, sanitize } from '../../src/util/sanitize.js';
import { clearSecrets, registerSecret } from '../../src/util/secrets.js';

afterEach(() => clearSecrets());

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
  it('neutralises OSC 52 clipboard writes, OSC 8 links, DCS and 8-bit C1 controls visibly', () => {
    const hostile = [
      'x\x1b]52;c;cHduZWQ=\x07y',
      '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\',
      '\x1bP+q544e\x1b\\',
      '\x9d0;title\x9c',
      '\x90dcs\x9c',
      '\x1b[6n',
    ];
    for (const h of hostile) {
      const s = sanitize(h);
      expect(s).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(s).toMatch(/[␛�]/);
    }
    expect(sanitize('\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\')).toBe('␛click␛');
  });
  it('shows bidi overrides, zero-width characters and lone surrogates as placeholders', () => {
    expect(sanitize('abc\u202Egnp.exe')).toBe('abc�gnp.exe');
    expect(sanitize('pay\u200Bpal\u2066x\uFEFF')).toBe('pay�pal�x�');
    expect(sanitize('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitize('ok 😀 日本')).toBe('ok 😀 日本');
  });
  it('never splits a surrogate pair when cutting', () => {
    const s = sanitize('😀'.repeat(10), 6);
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(s.endsWith('…')).toBe(true);
  });
  it('bounds the cost of a 1 MB line full of escapes', () => {
    const line = '\x1b[31m\u202e\u200b'.repeat(100_000) + 'x'.repeat(400_000);
    const t = performance.now();
    const s = sanitize(line, 200);
    expect(performance.now() - t).toBeLessThan(100);
    expect(s.length).toBeLessThanOrEqual(200);
  });
  it('masks a registered secret, even one straddling the cut', () => {
    registerSecret('S3cretCanary-42');
    expect(sanitize(`${'x'.repeat(95)}S3cretCanary-42 tail`, 100)).not.toContain('S3cret');
    expect(sanitize('postgres://u:S3cretCanary-42@h')).not.toContain('S3cret');
  });
});

describe('width in terminal cells', () => {
  it('measures wide CJK and emoji as two cells and pads to the exact width', () => {
    expect(cells('日本')).toBe(4);
    expect(cells('a😀')).toBe(3);
    for (const text of ['日本語のテキスト', 'a😀b😀c😀d', 'plain ascii text', 'é́ combining']) {
      for (const w of [1, 2, 3, 5, 8, 13]) {
        expect(stringWidth(pad(text, w))).toBe(w);
        expect(stringWidth(pad(text, w, 'right', true))).toBe(w);
        expect(stringWidth(fit(text, w))).toBeLessThanOrEqual(w);
        expect(fitMiddle(text, w)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      }
    }
    expect(fit('日本語のテキスト', 5)).toBe('日本…');
  });
});
