// Level detection for one log line: JSON (`level`, `severity`, pino/bunyan numbers), logfmt
// (`level=error`) and plain text (ERROR, FATAL, panic:, …Exception, Traceback, klog `E1123`,
// 5xx in access logs), plus configurable error patterns. Cheap by design: a few anchored
// regular expressions per line, no JSON.parse on the hot path.
import type { Level } from '../types.js';

const WORDS: Record<string, Level> = {
  fatal: 'fatal',
  panic: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
  error: 'error',
  err: 'error',
  severe: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  information: 'info',
  notice: 'info',
  debug: 'debug',
  trace: 'debug',
  verbose: 'debug',
};

/** pino / bunyan numeric levels. */
function numericLevel(n: number): Level {
  if (n >= 60) return 'fatal';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  return 'debug';
}

function wordLevel(w: string): Level {
  return WORDS[w.toLowerCase()] ?? 'unknown';
}

const JSON_LEVEL = /"(?:level|severity|lvl|loglevel|log\.level|levelname)"\s*:\s*(?:"([A-Za-z]+)"|(\d+))/i;
const JSON_STATUS = /"(?:status|status_code|statusCode|http_status)"\s*:\s*"?(5\d\d)\b/;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1/i;
const LOGFMT_STATUS = /(?:^|\s)(?:status|status_code)=("?)(5\d\d)\1(?:\s|$)/;
// The first level word wins (levels are printed early). Uppercase words, or lowercase in brackets.
const TOKEN =
  /\b(FATAL|PANIC|CRITICAL|CRIT|EMERG|ALERT|ERROR|ERR|SEVERE|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE)\b|\[(fatal|panic|crit|critical|alert|emerg|error|err|warn|warning|notice|info|debug|trace)\]|(?:^|\s)(?:level|lvl)[:=]\s*"?([A-Za-z]+)/;
const KLOG = /^([EFWI])\d{4} \d\d:\d\d:\d\d/;
// The error hints, one pattern each behind a cheap substring gate (one alternation of them all
// tried every pattern at every position of every line without a level).
const PANIC = /(?:^|\s)panic: /;
const EXCEPTION_WORD = /\b[A-Z][\w.$]*(?:Exception|Error)\b(?![-_])/;
const STATUS_5XX = /"\s+5\d\d\s+[\d-]/;
function errorHint(text: string): boolean {
  return (
    (text.includes('panic: ') && PANIC.test(text)) ||
    text.includes('Traceback (most recent call last)') ||
    ((text.includes('Exception') || text.includes('Error')) && EXCEPTION_WORD.test(text)) ||
    (text.includes('"') && STATUS_5XX.test(text))
  );
}

export interface LevelOptions {
  /** Extra patterns that mark a line as an error (from `logs.errorPatterns`). */
  errorPatterns?: RegExp[];
}

/** Compiles config patterns; an invalid one is matched literally (never throws). */
export function compilePatterns(patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((p) => {
    try {
      return new RegExp(p);
    } catch {
      return new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
  });
}

export function detectLevel(text: string, opts?: LevelOptions): Level {
  let level: Level = 'unknown';
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text.charCodeAt(i) === 123 /* { */) {
    const m = JSON_LEVEL.exec(text);
    if (m) level = m[2] !== undefined ? numericLevel(Number(m[2])) : wordLevel(m[1]!);
    if ((level === 'unknown' || level === 'info') && JSON_STATUS.test(text)) level = 'error';
  } else {
    const lf = text.includes('=') ? LOGFMT_LEVEL.exec(text) : null;
    if (lf) {
      level = wordLevel(lf[2]!);
      if ((level === 'unknown' || level === 'info') && LOGFMT_STATUS.test(text)) level = 'error';
    } else {
      const k = KLOG.exec(text);
      if (k) level = k[1] === 'E' ? 'error' : k[1] === 'F' ? 'fatal' : k[1] === 'W' ? 'warn' : 'info';
      else {
        const t = TOKEN.exec(text);
        if (t) level = wordLevel(t[1] ?? t[2] ?? t[3]!);
      }
    }
    // Hints only when no level was printed: an explicit level is authoritative.
    if (level === 'unknown' && errorHint(text)) {
      level = PANIC.test(text) ? 'fatal' : 'error';
    }
  }
  if (level !== 'error' && level !== 'fatal' && opts?.errorPatterns?.length) {
    for (const re of opts.errorPatterns) if (re.test(text)) return 'error';
  }
  return level;
}

export function isError(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}

const CONTINUATION = /^(?:[ \t]+\S|Caused by:|\.\.\. \d+ (?:more|common frames omitted)|goroutine \d+ \[)/;
const EXCEPTION_LINE = /^[A-Za-z_$][\w.$]*(?:Exception|Error|Exit|Interrupt)\b(?::|$)/;

/**
 * Whether a line continues the previous entry of the same source (a stack frame, "Caused by",
 * Python's closing "ValueError: …", Go's goroutine dump) rather than starting a new one.
 * `inStack`: the previous entry is an error or already has continuation lines.
 */
export function isContinuation(text: string, inStack: boolean): boolean {
  if (!text) return false;
  const c = text.charCodeAt(0);
  // Cheap gate: continuation lines start with a blank, "Caused by", "...", "goroutine", or
  // (inside a stack) an exception name.
  if (c !== 32 && c !== 9 && c !== 67 /* C */ && c !== 46 /* . */ && c !== 103 /* g */ && !inStack)
    return false;
  if (CONTINUATION.test(text)) return true;
  return inStack && EXCEPTION_LINE.test(text);
}

// ---- The same decisions on bytes (the hot path of the byte pipeline) -------------------------
// detectLevelBytes(buf, start, end) returns what detectLevel(the decoded line) returns. The
// shapes that dominate real streams are read straight from the bytes: pino/bunyan JSON that
// opens with `{"level":`, logfmt whose first or second field is `level=`, and text that opens
// with an ISO-8601 time and an uppercase level word. Anything else, or anything those shapes
// cannot settle alone (an info line with a `status` field, configured error patterns), is
// decided by detectLevel() on the line as Latin-1 (a byte-for-byte copy, no UTF-8 decoding:
// every pattern above is ASCII, so the outcome is the same).

const LOWER = 0x20;
const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
const isAlpha = (c: number | undefined) => c !== undefined && (c | LOWER) >= 97 && (c | LOWER) <= 122;
const isWordByte = (c: number | undefined) => isAlpha(c) || isDigit(c) || c === 95;

/** `prefix` (ASCII) at buf[i…]. */
function at(buf: Buffer, i: number, end: number, prefix: string): boolean {
  if (i + prefix.length > end) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[i + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

/** Letters from buf[i…] as a lowercase-insensitive level, or undefined when not a word. */
function wordAt(buf: Buffer, i: number, end: number): { level: Level; next: number } | undefined {
  let j = i;
  while (j < end && isAlpha(buf[j])) j++;
  if (j === i || j - i > 11) return undefined;
  return { level: wordLevelBytes(buf, i, j, false) ?? 'unknown', next: j };
}

/**
 * Whether `needle` occurs in buf[start, end). Lines of a chunk are read in order, so the next
 * occurrence after a line is remembered per needle and the chunk is searched once in all.
 */
class Finder {
  private buf: Buffer | undefined;
  private from = 0;
  private pos = -1;
  constructor(private readonly needle: Buffer) {}
  in(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.buf || start < this.from || (this.pos >= 0 && this.pos < start)) {
      this.buf = buf;
      this.from = start;
      this.pos = buf.indexOf(this.needle, start);
    }
    return this.pos >= 0 && this.pos + this.needle.length <= end;
  }
}
const STATUS = new Finder(Buffer.from('status'));
const TATUS = new Finder(Buffer.from('tatus'));
const EQUALS = new Finder(Buffer.from('='));

// The level words by length, as lowercase bytes, and whether the text rule's TOKEN pattern
// knows them in uppercase.
const UPPER_TOKENS = new Set(TOKEN.source.slice(3, TOKEN.source.indexOf(')')).split('|'));
const WORDS_BY_LENGTH: { bytes: number[]; level: Level; token: boolean }[][] = [];
for (const [w, level] of Object.entries(WORDS))
  (WORDS_BY_LENGTH[w.length] ??= []).push({
    bytes: [...w].map((ch) => ch.charCodeAt(0)),
    level,
    token: UPPER_TOKENS.has(w.toUpperCase()),
  });

/**
 * The level of the letters buf[i, j) (any case), as wordLevel() on them would say, without
 * decoding; `tokenOnly`: only the words TOKEN matches (undefined for any other).
 */
function wordLevelBytes(buf: Buffer, i: number, j: number, tokenOnly: boolean): Level | undefined {
  const list = WORDS_BY_LENGTH[j - i];
  if (!list) return undefined;
  next: for (const w of list) {
    if (tokenOnly && !w.token) continue;
    for (let k = 0; k < w.bytes.length; k++) if ((buf[i + k]! | LOWER) !== w.bytes[k]) continue next;
    return w.level;
  }
  return undefined;
}

/** The byte fast paths; undefined when the line must go through detectLevel(). */
function fastLevel(buf: Buffer, start: number, end: number): Level | undefined {
  let i = start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  const c = buf[i];
  if (c === 123 /* { */) {
    if (!at(buf, i, end, '{"level":')) return undefined;
    let j = i + 9;
    while (buf[j] === 32) j++;
    let level: Level;
    if (isDigit(buf[j])) {
      let n = 0;
      while (j < end && isDigit(buf[j])) n = n * 10 + buf[j++]! - 48;
      level = numericLevel(n);
    } else if (buf[j] === 34) {
      const w = wordAt(buf, j + 1, end);
      if (!w || buf[w.next] !== 34) return undefined;
      level = w.level;
    } else return undefined;
    if ((level === 'unknown' || level === 'info') && TATUS.in(buf, i, end)) return undefined;
    return level;
  }
  if (c === 108 /* l */ || c === 116 /* t */) {
    // logfmt: `level=…` first, or `ts=…`/`time=…` then `level=…`.
    let j = i;
    if (!at(buf, j, end, 'level=')) {
      if (!at(buf, j, end, 'ts=') && !at(buf, j, end, 'time=')) return undefined;
      while (j < end && buf[j] !== 32) j++;
      j++;
      if (!at(buf, j, end, 'level=')) return undefined;
    }
    j += 6;
    const q = buf[j] === 34;
    const w = wordAt(buf, q ? j + 1 : j, end);
    // An unknown word leaves the error hints to decide: detectLevel() does that.
    if (!w || (q && buf[w.next] !== 34) || w.level === 'unknown') return undefined;
    if (w.level === 'info' && STATUS.in(buf, i, end)) return undefined;
    return w.level;
  }
  if (isDigit(c)) {
    // `2026-11-23T10:00:00.123Z LEVEL …` (or a space instead of the T): no `=` anywhere, or
    // logfmt's rule would decide first.
    if (!(buf[i + 4] === 45 && buf[i + 7] === 45 && (buf[i + 10] === 84 || buf[i + 10] === 32)))
      return undefined;
    if (!(buf[i + 13] === 58 && buf[i + 16] === 58 && isDigit(buf[i + 18]))) return undefined;
    let j = i + 19;
    while (j < end && (isDigit(buf[j]) || buf[j] === 46 || buf[j] === 44 || buf[j] === 90)) j++;
    if (buf[j] !== 32) return undefined;
    j++;
    let k = j;
    while (k < end && buf[k]! >= 65 && buf[k]! <= 90) k++;
    if (k === j || isWordByte(buf[k])) return undefined;
    const level = wordLevelBytes(buf, j, k, true);
    if (level === undefined || EQUALS.in(buf, k, end)) return undefined;
    return level;
  }
  return undefined;
}

// The text rule on bytes, for the lines the fast paths leave (nginx/Apache access lines above
// all): one scan that looks for anything the text rule could react to — a level word, `level`,
// `lvl`, `severity`, `panic`, `Traceback`, `Error`, `Exception`, `[` and a lowercase letter, a
// klog header — and gives up (undefined: detectLevel() decides) at the first. A line without any
// has no level of its own: it is an error when its status is a 5xx (`" 503 12`), else unknown,
// which is what detectLevel() says of it.
const QUOTE = 1;
const BRACKET = 2;
const LETTER = 3;
const SCAN = new Uint8Array(256);
SCAN[34] = QUOTE;
SCAN[91] = BRACKET;
for (let c = 65; c <= 90; c++) SCAN[c] = LETTER;
for (const ch of 'lsp') SCAN[ch.charCodeAt(0)] = LETTER;

/** \s of a regular expression, on a byte read as Latin-1. */
const isSpace = (c: number | undefined) => c !== undefined && (c === 32 || (c >= 9 && c <= 13) || c === 160);

/** STATUS_5XX at the quote buf[i]: `"\s+5\d\d\s+[\d-]`. */
function status5xxAt(buf: Buffer, i: number, end: number): boolean {
  let j = i + 1;
  if (j >= end || !isSpace(buf[j])) return false;
  while (j < end && isSpace(buf[j])) j++;
  if (j + 3 > end || buf[j] !== 53 || !isDigit(buf[j + 1]) || !isDigit(buf[j + 2])) return false;
  j += 3;
  if (j >= end || !isSpace(buf[j])) return false;
  while (j < end && isSpace(buf[j])) j++;
  return j < end && (isDigit(buf[j]) || buf[j] === 45);
}

function plainLevel(buf: Buffer, start: number, end: number): Level | undefined {
  const c0 = buf[start];
  // klog (`E1123 …`) is decided by its header.
  if (c0 === 69 || c0 === 70 || c0 === 87 || c0 === 73) return undefined;
  let status5xx = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    const k = SCAN[c]!;
    if (k === 0) continue;
    if (k === QUOTE) {
      if (!status5xx && status5xxAt(buf, i, end)) status5xx = true;
      continue;
    }
    if (k === BRACKET) {
      const n = buf[i + 1]!;
      if (i + 1 < end && n >= 97 && n <= 122) return undefined;
      continue;
    }
    // A letter: `lev`, `lvl`, `sev` (any case), `panic`; the next byte rules most out.
    const lc = c | LOWER;
    const l1 = buf[i + 1]! | LOWER;
    if (lc === 108 /* l */) {
      if ((l1 === 101 || l1 === 118) && i + 2 < end) {
        const l2 = buf[i + 2]! | LOWER;
        if ((l1 === 101 && l2 === 118) || (l1 === 118 && l2 === 108)) return undefined;
      }
    } else if (lc === 115 /* s */) {
      if (l1 === 101 && i + 2 < end && (buf[i + 2]! | LOWER) === 118) return undefined;
    } else if (c === 112 /* p */) {
      if (l1 === 97 && at(buf, i, end, 'panic')) return undefined;
    }
    if (c > 90) continue;
    // An uppercase letter: `Error`, `Exception`, `Traceback`, or a level word (3 to 8 capitals).
    const n = buf[i + 1]!;
    if (
      c === 69 &&
      (n === 114 || n === 120) &&
      (at(buf, i + 1, end, 'rror') || at(buf, i + 1, end, 'xception'))
    )
      return undefined;
    if (c === 84 && n === 114 && at(buf, i + 1, end, 'raceback')) return undefined;
    if (n >= 65 && n <= 90 && i + 1 < end && (i === start || !isWordByte(buf[i - 1]))) {
      let j = i + 2;
      while (j < end && buf[j]! >= 65 && buf[j]! <= 90) j++;
      if (
        j - i >= 3 &&
        j - i <= 8 &&
        (j === end || !isWordByte(buf[j])) &&
        wordLevelBytes(buf, i, j, true) !== undefined
      )
        return undefined;
    }
  }
  return status5xx ? 'error' : 'unknown';
}

export function detectLevelBytes(buf: Buffer, start: number, end: number, opts?: LevelOptions): Level {
  if (opts?.errorPatterns?.length) return detectLevel(buf.toString('latin1', start, end), opts);
  const fast = fastLevel(buf, start, end);
  if (fast !== undefined) return fast;
  let i = start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  const plain = buf[i] === 123 || start === end ? undefined : plainLevel(buf, start, end);
  return plain ?? detectLevel(buf.toString('latin1', start, end), opts);
}

const EXCEPTION_WORDS = ['Exception', 'Error', 'Exit', 'Interrupt'];

/** EXCEPTION_LINE on buf[start, end). */
function exceptionLine(buf: Buffer, start: number, end: number): boolean {
  const c = buf[start]!;
  if (!(isAlpha(c) || c === 95 || c === 36)) return false;
  let j = start + 1;
  while (j < end && (isWordByte(buf[j]) || buf[j] === 46 || buf[j] === 36)) j++;
  if (j < end && buf[j] !== 58) return false;
  for (const w of EXCEPTION_WORDS)
    if (j - w.length >= start + 1 && at(buf, j - w.length, end, w)) return true;
  return false;
}

/** `prefix`, then digits (at least one), then `after`, at buf[i…]; the index after it, or -1. */
function digitsBetween(buf: Buffer, i: number, end: number, prefix: string, after: string): number {
  if (!at(buf, i, end, prefix)) return -1;
  let j = i + prefix.length;
  const d0 = j;
  while (j < end && isDigit(buf[j])) j++;
  return j > d0 && at(buf, j, end, after) ? j + after.length : -1;
}

/** isContinuation() on bytes (as on the line's first 256 bytes read as Latin-1), no copy. */
export function isContinuationBytes(buf: Buffer, start: number, end: number, inStack: boolean): boolean {
  if (start >= end) return false;
  const c = buf[start];
  if (c !== 32 && c !== 9 && c !== 67 && c !== 46 && c !== 103 && !inStack) return false;
  const e = Math.min(end, start + 256);
  if (c === 32 || c === 9) {
    let i = start + 1;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i < e && !isSpace(buf[i])) return true;
  } else if (c === 67) {
    if (at(buf, start, e, 'Caused by:')) return true;
  } else if (c === 46) {
    const j = digitsBetween(buf, start, e, '... ', ' ');
    if (j >= 0 && (at(buf, j, e, 'more') || at(buf, j, e, 'common frames omitted'))) return true;
  } else if (c === 103) {
    if (digitsBetween(buf, start, e, 'goroutine ', ' [') >= 0) return true;
  }
  return inStack && exceptionLine(buf, start, e);
}
