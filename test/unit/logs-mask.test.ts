// The fingerprint's masking scan gives exactly what the regular expression it replaced gave
// (kept here as the reference): on the generator's error lines, on hand-picked edges, and on
// random text made of the pieces the alternatives react to.
import { describe, expect, it } from 'vitest';
import { maskMessage } from '../../src/data/logs/pipeline/mask.js';
import { LogGenerator } from '../../src/sim/cloudwatch/generator.js';

const MASK =
  /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b|\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b|\d+/g;

function mask(m: string): string {
  const c = m.charCodeAt(0);
  if (c === 34) return '"…"';
  if (c === 39) return "'…'";
  if (m.length === 36 && m.charCodeAt(8) === 45 && m.charCodeAt(13) === 45) return '<uuid>';
  if (m.includes('.') && /^\d{1,3}(?:\.\d{1,3}){3}/.test(m)) return '<ip>';
  if (m.includes(':')) return '<ip>';
  if (m.length > 2 && (m[1] === 'x' || m[1] === 'X') && m[0] === '0') return '<hex>';
  if (/^\d+$/.test(m)) return '#';
  return '<hex>';
}

const reference = (s: string) => s.replace(MASK, mask).replace(/\s+/g, ' ').trim();

const EDGES = [
  '',
  '   ',
  ' a  b\t\tc \n',
  'timeout after 3012ms for order 8812',
  'user "alice" not found (request 0b7c6a1e-1f2d-4a3b-9c8d-112233445566)',
  'say "a\\"b" and \'c\\\'d\' and "open',
  '"a\\',
  '"a\\\nb"',
  '"a\nb"',
  'connect ECONNREFUSED 10.0.12.7:5432',
  '1.2.3.4 1.2.3.4:80 1.2.3.4:80x 1.2.3.4a 1.2.3.4.5 1234.5.6.7 1.2.3.4567 01.02.003.4',
  'fe80:0:0:1 a:b b:c:d ab:cd:ef:12:34:56:78:9a:bc 12:34 10:00:00.123 abcde:1:2 1:2:3g 1:2:3:',
  '0x 0x1f 0x1fz 0xzz 0X1f 00x1 a0x1',
  'deadbeef1 deadbeef 12345678 abcdef12_ x1234abcd5 1234abcd5678',
  '9f8e7d6c-5b4a-3c2d-1e0f-a1b2c3d4e5f6x 9f8e7d6c-5b4a-3c2d-1e0f-a1b2c3d4e5f',
  'abc123 a1 _1 é12 12é',
  '\u00a0x\u2028y\ufeff z\u3000',
];

function pieces(): string[] {
  return [
    '"',
    "'",
    '\\',
    '\\"',
    ' ',
    '  ',
    '\t',
    '\n',
    '\u00a0',
    '\u2028',
    '.',
    ':',
    '-',
    '_',
    'x',
    '0x',
    '0',
    '1',
    '12',
    '123',
    '1234',
    '255',
    'a',
    'f',
    'ab',
    'abcd',
    'deadbeef',
    'g',
    'Z',
    'é',
    '€',
    '10.0.0.1',
    'fe80',
    '9f8e7d6c-5b4a-3c2d-1e0f-a1b2c3d4e5f6',
    'ms',
    'order',
    '/',
  ];
}

describe('maskMessage', () => {
  it('equals the regular expression on the generator, edges and random text', () => {
    const g = new LogGenerator({ errorShare: 1, seed: 5, stackShare: 0.5 });
    const lines = [...EDGES];
    for (let i = 0; i < 2000; i++) lines.push(...g.next(Date.UTC(2026, 10, 23) + i));
    const p = pieces();
    let seed = 99;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    for (let i = 0; i < 60_000; i++) {
      let s = '';
      for (let k = 1 + rnd(12); k > 0; k--) s += p[rnd(p.length)];
      lines.push(s);
    }
    for (const s of lines) expect(maskMessage(s), JSON.stringify(s)).toBe(reference(s));
  });
});
