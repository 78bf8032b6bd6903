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

export function detectLevelBytes(buf: Buffer, start: number, end: number, opts?: LevelOptions): Level {
  const fast = opts?.errorPatterns?.length ? undefined : fastLevel(buf, start, end);
  return fast ?? detectLevel(buf.toString('latin1', start, end), opts);
}

/** isContinuation() on bytes: the first-byte gate on the bytes, the patterns on Latin-1. */
export function isContinuationBytes(buf: Buffer, start: number, end: number, inStack: boolean): boolean {
  if (start >= end) return false;
  const c = buf[start];
  if (c !== 32 && c !== 9 && c !== 67 && c !== 46 && c !== 103 && !inStack) return false;
  return isContinuation(buf.toString('latin1', start, Math.min(end, start + 256)), inStack);
}
