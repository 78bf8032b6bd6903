// Untrusted text (log lines, pod names, query text, error bodies) is made terminal-safe here,
// the one implementation: the drawing components (src/ui/Table.tsx, Lines.tsx, SafeText.tsx)
// pass everything they draw through sanitize(), so a pane cannot forget. Escape sequences (CSI,
// OSC incl. OSC 52 clipboard writes and OSC 8 links, DCS/SOS/PM/APC), C0/C1 controls, bidi
// overrides and zero-width characters become visible placeholders, lone surrogates (invalid
// UTF-16, or UTF-8 decoded without replacement) become U+FFFD, registered secrets and secret
// patterns are masked (redact()), and giant strings are cut first so the cost stays bounded.
// Tested in test/unit/sanitize.test.ts.
import { isPrintableAscii } from './ascii.js';
import { redact } from './redact.js';
import { longestSecret } from './secrets.js';

const MAX_DEFAULT = 4096;
// CSI, OSC, DCS/SOS/PM/APC strings and single-char ESC sequences (7-bit and the 8-bit CSI).
const ANSI =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])?|\x9b[0-?]*[ -/]*[@-~]/g;
// C0 (but tab/newline, handled first), DEL, C1, line/paragraph separators, bidi embeddings,
// overrides and isolates, and invisible characters (zero-width space/joiners, marks, word
// joiner, BOM, soft hyphen, Mongolian vowel separator).
const CONTROLS =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Cuts to at most n UTF-16 units without splitting a surrogate pair. */
function cutUnits(s: string, n: number): string {
  if (s.length <= n) return s;
  const c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

export function sanitize(text: string, max = MAX_DEFAULT): string {
  // Look far enough ahead that a secret straddling the cut is still masked whole.
  let s = cutUnits(text, max * 2 + longestSecret());
  // Printable ASCII: none of the five rules below can match.
  if (!isPrintableAscii(s))
    s = s
      .replace(LONE_SURROGATE, '\ufffd')
      .replace(ANSI, '␛')
      .replace(/\t/g, '  ')
      .replace(/\r?\n/g, ' ⏎ ')
      .replace(CONTROLS, '�');
  s = redact(s);
  if (s.length > max) s = `${cutUnits(s, max - 1)}…`;
  return s;
}

/** Decodes bytes as UTF-8, replacing invalid sequences (never throws). */
export function decodeUtf8(buf: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(buf);
}
