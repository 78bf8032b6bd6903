// Label selectors (`a=b,c!=d,e in (x,y),f notin (z),g,!h`) and field selectors
// (`metadata.name=x,status.phase!=Running`), as the API server parses them.
import { HttpError } from './status.js';

type Req = { key: string; op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | '!exists'; values: string[] };
export type Matcher = (obj: any) => boolean;

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

export function parseLabelSelector(sel: string | undefined): Matcher | undefined {
  if (!sel || !sel.trim()) return undefined;
  const reqs: Req[] = [];
  for (const part of splitTop(sel)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) });
    } else if ((m = part.match(/^([^\s!=()]+)\s*(==|=|!=)\s*([^\s,()]*)$/))) {
      reqs.push({ key: m[1]!, op: m[2] === '!=' ? 'ne' : 'eq', values: [m[3]!] });
    } else if ((m = part.match(/^!\s*([^\s!=()]+)$/))) {
      reqs.push({ key: m[1]!, op: '!exists', values: [] });
    } else if ((m = part.match(/^([^\s!=()]+)$/))) {
      reqs.push({ key: m[1]!, op: 'exists', values: [] });
    } else {
      throw new HttpError(400, 'BadRequest', `unable to parse requirement: ${part}`);
    }
  }
  return (obj) => {
    const labels: Record<string, string> = obj?.metadata?.labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case 'eq':
          return has && v === r.values[0];
        case 'ne':
          return !has || v !== r.values[0];
        case 'in':
          return has && r.values.includes(v!);
        case 'notin':
          return !has || !r.values.includes(v!);
        case 'exists':
          return has;
        case '!exists':
          return !has;
      }
    });
  };
}

/** Matches a `{key: value}` label map (a deployment's matchLabels) against labels. */
export function matchLabels(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

function fieldValue(obj: any, path: string): string {
  let cur = obj;
  for (const p of path.split('.')) {
    if (cur == null) return '';
    cur = cur[p];
  }
  if (cur == null) return '';
  return String(cur);
}

export function parseFieldSelector(sel: string | undefined): Matcher | undefined {
  if (!sel || !sel.trim()) return undefined;
  const reqs: { path: string; ne: boolean; value: string }[] = [];
  for (const part of sel
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = part.match(/^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new HttpError(400, 'BadRequest', `invalid field selector: ${part}`);
    reqs.push({ path: m[1]!, ne: m[2] === '!=', value: m[3]! });
  }
  return (obj) => reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.ne);
}

export function combine(...ms: (Matcher | undefined)[]): Matcher | undefined {
  const list = ms.filter((m): m is Matcher => !!m);
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return (o) => list.every((m) => m(o));
}

/** The labelSelector and fieldSelector of a request, combined. */
export function selectorOf(q: URLSearchParams): Matcher | undefined {
  return combine(
    parseLabelSelector(q.get('labelSelector') ?? undefined),
    parseFieldSelector(q.get('fieldSelector') ?? undefined),
  );
}
