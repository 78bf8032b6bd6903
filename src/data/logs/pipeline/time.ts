// The event time printed in a log line, for logs read from files or stdin (the Kubernetes and
// CloudWatch sources get their times from the API): a leading or bracketed ISO-8601 time
// (kubectl --timestamps, logfmt `ts=`, JSON `"time":"…"`, nginx `[2026-11-23T…]`), a JSON epoch
// (`"time":1795000000000`, seconds or milliseconds), an nginx/Apache common-log time
// (`[23/Nov/2026:10:00:00 +0000]`) or a klog header (`E1123 11:14:50.123456`, this year).
// Looks only at the first 256 characters; times without a zone are UTC. Undefined when none.

const HEAD = 256;
const ISO = /(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?/;
const JSON_EPOCH = /"(?:time|ts|timestamp|@timestamp)"\s*:\s*(\d{10,13})(?:\.\d+)?\b/;
const CLF = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d\d)(\d\d)\]/;
const KLOG = /^[EFWI](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function zoneMs(z: string | undefined): number {
  if (!z || z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function ms(frac: string | undefined): number {
  return frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
}

/** Epoch ms of the time printed in the line, or undefined. */
export function lineTime(text: string, year = new Date().getUTCFullYear()): number | undefined {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const iso = ISO.exec(head);
  if (iso) {
    const t =
      Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!, ms(iso[7])) - zoneMs(iso[8]);
    if (Number.isFinite(t)) return t;
  }
  if (head.charCodeAt(0) === 123 /* { */) {
    const j = JSON_EPOCH.exec(head);
    if (j) {
      const n = Number(j[1]);
      return j[1]!.length <= 10 ? n * 1000 : n;
    }
  }
  const c = CLF.exec(head);
  if (c) {
    const mon = MONTHS.indexOf(c[2]!);
    if (mon >= 0) {
      const sign = c[7]![0] === '-' ? -1 : 1;
      const off = sign * (Math.abs(Number(c[7])) * 60 + Number(c[8])) * 60_000;
      return Date.UTC(+c[3]!, mon, +c[1]!, +c[4]!, +c[5]!, +c[6]!) - off;
    }
  }
  const k = KLOG.exec(head);
  if (k) return Date.UTC(year, +k[1]! - 1, +k[2]!, +k[3]!, +k[4]!, +k[5]!, ms(k[6]));
  return undefined;
}

/**
 * `--since` as kubectl spells it: a duration before `now` (`90s`, `10m`, `2h`, `1d`, `1h30m`)
 * or an absolute time (RFC 3339 / ISO 8601). Undefined when it is neither.
 */
export function parseSince(value: string, now = Date.now()): number | undefined {
  const v = value.trim();
  if (/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(v)) {
    const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    let total = 0;
    for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * unit[m[2]!]!;
    return now - total;
  }
  if (/^\d{4}-\d\d-\d\d/.test(v)) {
    const t = lineTime(v);
    if (t !== undefined) return t;
    const d = Date.parse(v);
    return Number.isFinite(d) ? d : undefined;
  }
  return undefined;
}
