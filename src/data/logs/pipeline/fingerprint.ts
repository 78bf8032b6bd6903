// Error fingerprints: the message with everything that varies masked (quoted values, UUIDs,
// IPs, hex, numbers), so that "timeout after 3012ms for order 8812" and "timeout after 98ms
// for order 17" count as one error. JSON lines are fingerprinted on their message fields. Secrets are
// masked first (redact()), so none survives in a fingerprint in pieces.
import { redact } from '../../../util/redact.js';
import { maskMessage } from './mask.js';

const LEADING_TIME =
  /^\s*\[?(?:\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)\]?\s*/;
const MSG_FIELDS = ['msg', 'message', 'error', 'err', 'exception', 'event'];

function jsonMessage(text: string): string | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  const parts: string[] = [];
  for (const f of MSG_FIELDS) {
    const v = o[f];
    if (typeof v === 'string' && v) parts.push(v);
    else if (v && typeof v === 'object') {
      const e = v as Record<string, unknown>;
      const inner = [e.type, e.name, e.message].filter((x) => typeof x === 'string').join(': ');
      if (inner) parts.push(inner);
    }
  }
  if (!parts.length && typeof o.status === 'number')
    parts.push(`status ${o.status} ${String(o.path ?? o.url ?? '')}`);
  return parts.length ? parts.join(' · ') : undefined;
}

// logfmt lines (`ts=… level=error caller=… msg="…"`) are fingerprinted on their message fields:
// masking the whole line would turn every quoted message into one `"…"` group.
const LOGFMT_MARK = /(?:^|\s)(?:level|lvl|severity)=/;
const LOGFMT_MSG = /(?:^|\s)(?:msg|message|err|error)=("(?:[^"\\]|\\.)*"|\S+)/g;

function logfmtMessage(text: string): string | undefined {
  if (!LOGFMT_MARK.test(text)) return undefined;
  const parts: string[] = [];
  for (const m of text.matchAll(LOGFMT_MSG)) {
    const v = m[1]!;
    parts.push(v.charCodeAt(0) === 34 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * What a structured line says: the message fields of a JSON or logfmt line (`uncaught
 * exception · TypeError: …`), or undefined for a plain line. Raw (sanitise before display).
 */
export function messageOf(text: string): string | undefined {
  const t = text.trimStart();
  if (t.charCodeAt(0) === 123) return jsonMessage(t);
  return t.includes('=') ? logfmtMessage(t) : undefined;
}

// Access logs (nginx, Apache): method, path without its query, status; the rest varies.
const ACCESS = /"([A-Z]{3,7}) (\/[^\s?"]*)[^\s"]* HTTP\/[\d.]+" (\d{3}) /;

// Kubernetes pod names (`backend-7d9f8c6b5-x2k4q`): the generated suffixes vary per pod.
const POD_NAME = /\b([a-z][a-z0-9-]*?)-[a-z0-9]{5,10}-[a-z0-9]{5}\b/g;

export const FINGERPRINT_MAX = 200;

export function fingerprint(text: string): string {
  let s: string | undefined;
  const t = text.trimStart();
  if (t.charCodeAt(0) === 123) s = jsonMessage(t);
  else if (t.includes('=')) s = logfmtMessage(t);
  if (s === undefined && t.includes(' HTTP/')) {
    const a = ACCESS.exec(t);
    // The status stays: a 502 and a 504 are different errors. Ids in the path are masked.
    if (a) return `${a[1]} ${maskMessage(a[2]!)} ${a[3]}`.slice(0, FINGERPRINT_MAX);
  }
  if (s === undefined) s = t.replace(LEADING_TIME, '');
  if (s.length > FINGERPRINT_MAX * 4) s = s.slice(0, FINGERPRINT_MAX * 4);
  // Secrets are masked before the digits are: `token=ab12cd` must not become `token=ab#cd`,
  // which redaction no longer recognises whole (a fingerprint is shown and exported).
  s = redact(s);
  // A pod name has two dashes: without one, its pass changes nothing.
  if (s.includes('-')) s = s.replace(POD_NAME, '$1-<pod>');
  s = maskMessage(s);
  return s.length > FINGERPRINT_MAX ? s.slice(0, FINGERPRINT_MAX) : s;
}
