// CloudWatch Logs filter patterns, the subset people type when tailing: terms (all must occur,
// case-sensitive), "quoted phrases", ?term (any of these), -term (none of these), and JSON
// patterns `{ $.field = "value" }` / `!=` / `*` wildcards joined by && or ||.
export type Matcher = (message: string) => boolean;

function tokens(p: string): string[] {
  const out: string[] = [];
  const re = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(p); m; m = re.exec(p)) out.push(m[3] ?? `${m[1]}${m[2]!.replace(/\\(.)/g, '$1')}`);
  return out;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!part) continue;
    const idx = /^(\w+)\[(\d+)\]$/.exec(part);
    if (cur === null || typeof cur !== 'object') return undefined;
    if (idx) cur = ((cur as Record<string, unknown>)[idx[1]!] as unknown[] | undefined)?.[Number(idx[2])];
    else cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function wildcard(v: string): RegExp {
  return new RegExp(
    `^${v
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

function jsonMatcher(p: string): Matcher {
  const body = p.trim().replace(/^\{/, '').replace(/\}$/, '');
  const ors = body.split('||').map((alt) =>
    alt.split('&&').map((cond) => {
      const m =
        /^\s*\(?\s*\$((?:\.[\w[\]]+)+)\s*(=|!=|>=|<=|>|<)\s*("(?:[^"\\]|\\.)*"|[^\s)]+)\s*\)?\s*$/.exec(cond);
      if (!m) throw new Error(`Invalid filter pattern: ${p}`);
      const [, path, op, raw] = m;
      const quoted = raw!.startsWith('"');
      const val = quoted ? raw!.slice(1, -1) : raw!;
      return (o: unknown) => {
        const v = getPath(o, path!);
        if (op === '=' || op === '!=') {
          const eq =
            v !== undefined &&
            (quoted || Number.isNaN(Number(val))
              ? wildcard(val).test(String(v))
              : Number(v) === Number(val) || String(v) === val);
          return op === '=' ? eq : !eq;
        }
        const n = Number(v);
        const w = Number(val);
        if (Number.isNaN(n)) return false;
        return op === '>' ? n > w : op === '<' ? n < w : op === '>=' ? n >= w : n <= w;
      };
    }),
  );
  return (msg) => {
    let obj: unknown;
    try {
      obj = JSON.parse(msg);
    } catch {
      return false;
    }
    return ors.some((all) => all.every((c) => c(obj)));
  };
}

export function compileFilter(pattern: string | undefined): Matcher {
  const p = (pattern ?? '').trim();
  if (!p || p === '""') return () => true;
  if (p.startsWith('{')) return jsonMatcher(p);
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const t of tokens(p)) {
    if (t.startsWith('?') && t.length > 1) any.push(t.slice(1));
    else if (t.startsWith('-') && t.length > 1) none.push(t.slice(1));
    else all.push(t);
  }
  return (msg) =>
    all.every((t) => msg.includes(t)) &&
    (!any.length || any.some((t) => msg.includes(t))) &&
    !none.some((t) => msg.includes(t));
}
