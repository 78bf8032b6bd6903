// The masking step of a fingerprint, in one scan: what varies in an error message (quoted
// values, UUIDs, IPv4 and IPv6-looking addresses, 0x… and long hex, numbers) becomes a
// placeholder, and whitespace runs become one space, trimmed. It gives exactly what
//   s.replace(MASK, mask).replace(/\s+/g, ' ').trim()
// gives with the expression below (kept in test/unit/logs-mask.test.ts as the reference):
//   "(?:[^"\\]|\\.)*"  |  '(?:[^'\\]|\\.)*'  |  \b<uuid>\b  |  \b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b
//   | \b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b  |  \b0x[0-9a-fA-F]+\b
//   | \b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b  |  \d+
// tried in that order at each position, leftmost first; but without a regular expression's
// backtracking over every alternative at every position, and without a second pass for the
// whitespace (the two regular expressions were most of an error line's cost).

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
/** \w (ASCII, as without the u flag). */
const isWord = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
/** \s of a regular expression (and what trim() removes). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
/** What `.` does not match. */
const isLineEnd = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/** Where a word boundary follows position i (end of text, or a non-word character). */
const boundaryAt = (s: string, i: number) => i >= s.length || !isWord(s.charCodeAt(i));

function hexRun(s: string, i: number): number {
  let j = i;
  while (j < s.length && isHex(s.charCodeAt(j))) j++;
  return j - i;
}

function digitRun(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j - i;
}

/** The end of a quoted value opening at i, or -1. */
function quotedEnd(s: string, i: number, q: number): number {
  for (let j = i + 1; j < s.length;) {
    const c = s.charCodeAt(j);
    if (c === q) return j + 1;
    if (c === 92 /* \ */) {
      if (j + 1 >= s.length || isLineEnd(s.charCodeAt(j + 1))) return -1;
      j += 2;
    } else j++;
  }
  return -1;
}

const UUID_DASHES = [8, 13, 18, 23];
function uuidEnd(s: string, i: number): number {
  if (i + 36 > s.length) return -1;
  for (let k = 0; k < 36; k++) {
    const c = s.charCodeAt(i + k);
    if (UUID_DASHES.includes(k) ? c !== 45 : !isHex(c)) return -1;
  }
  return boundaryAt(s, i + 36) ? i + 36 : -1;
}

function ipv4End(s: string, i: number): number {
  let j = i;
  for (let g = 0; g < 3; g++) {
    const r = digitRun(s, j);
    if (r < 1 || r > 3 || s.charCodeAt(j + r) !== 46) return -1;
    j += r + 1;
  }
  const r = digitRun(s, j);
  if (r < 1 || r > 3) return -1;
  j += r;
  if (s.charCodeAt(j) === 58 /* : */) {
    const p = digitRun(s, j + 1);
    if (p > 0 && boundaryAt(s, j + 1 + p)) return j + 1 + p;
    return j; // without the port: ':' is a boundary
  }
  return boundaryAt(s, j) ? j : -1;
}

function ipv6End(s: string, i: number): number {
  let j = i;
  let groups = 0;
  let lastGroupEnd = -1;
  while (groups < 7) {
    const r = hexRun(s, j);
    if (r < 1 || r > 4 || s.charCodeAt(j + r) !== 58) break;
    groups++;
    lastGroupEnd = j + r;
    j += r + 1;
  }
  if (groups < 2) return -1;
  const r = hexRun(s, j);
  if (r >= 1 && r <= 4 && boundaryAt(s, j + r)) return j + r;
  // One group fewer: that group's hex is then the last part, and its ':' the boundary.
  return groups >= 3 ? lastGroupEnd : -1;
}

function hex0xEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 48 || s.charCodeAt(i + 1) !== 120) return -1;
  const r = hexRun(s, i + 2);
  return r > 0 && boundaryAt(s, i + 2 + r) ? i + 2 + r : -1;
}

function longHexEnd(s: string, i: number): number {
  const r = hexRun(s, i);
  if (r < 8 || !boundaryAt(s, i + r)) return -1;
  let digit = false;
  let letter = false;
  for (let k = i; k < i + r; k++) {
    if (isDigit(s.charCodeAt(k))) digit = true;
    else letter = true;
  }
  return digit && letter ? i + r : -1;
}

export function maskMessage(s: string): string {
  let out = '';
  let seg = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let end = -1;
    let token = '';
    if (c === 34 || c === 39) {
      end = quotedEnd(s, i, c);
      token = c === 34 ? '"…"' : "'…'";
    } else if (isHex(c)) {
      if (i === 0 || !isWord(s.charCodeAt(i - 1))) {
        if ((end = uuidEnd(s, i)) >= 0) token = '<uuid>';
        else if (isDigit(c) && (end = ipv4End(s, i)) >= 0) token = '<ip>';
        else if ((end = ipv6End(s, i)) >= 0) token = '<ip>';
        else if ((end = hex0xEnd(s, i)) >= 0 || (end = longHexEnd(s, i)) >= 0) token = '<hex>';
      }
      if (end < 0 && isDigit(c)) {
        end = i + digitRun(s, i);
        token = '#';
      }
    } else if (isSpace(c)) {
      // A run of whitespace: one space (kept as it is when it is one already).
      let j = i + 1;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j - i > 1 || c !== 32) {
        end = j;
        token = ' ';
      } else {
        i = j;
        continue;
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    out += s.slice(seg, i) + token;
    seg = i = end;
  }
  out = seg === 0 ? s : out + s.slice(seg);
  // trim(): after the runs became single spaces, only spaces remain to cut.
  let a = 0;
  let b = out.length;
  while (a < b && out.charCodeAt(a) === 32) a++;
  while (b > a && out.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === out.length ? out : out.slice(a, b);
}
