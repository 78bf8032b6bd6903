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
const ERROR_HINTS =
  /(?:^|\s)panic: |Traceback \(most recent call last\)|\b[A-Z][\w.$]*(?:Exception|Error)\b(?![-_])|"\s+(5\d\d)\s+\d+|"\s+(5\d\d)\s+-/;

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
    if (level === 'unknown' && ERROR_HINTS.test(text)) {
      level = /(?:^|\s)panic: /.test(text) ? 'fatal' : 'error';
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
