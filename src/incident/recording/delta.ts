// Deltas between two JSON values (the recording's frames, see docs/ARCHITECTURE.md "Recording"):
// `diff(prev, next)` says how to turn prev into next, `patch(prev, delta)` does it, sharing every
// unchanged subtree with prev (so a replayed store keeps its identities and panes re-render only
// what changed). Arrays of objects with an identity (Kubernetes objects by uid, error groups by
// fingerprint, log entries by seq, …) are patched by id: removed ids, changed members, inserted
// members at their index; an array whose surviving members moved is replaced whole.
//
// Written here rather than taken from a library: jsondiffpatch (the well-kept one) diffs arrays
// with an LCS that is quadratic in the array length, and a pods list is 5,000 long; the identity
// of our arrays is known, which makes the keyed patch linear.

type Json = unknown;
type Obj = Record<string, Json>;

/** A delta: replace (`=`), object patch (`o` changed keys, `x` removed keys), or keyed array patch. */
export type Delta =
  | { '=': Json }
  | { o?: Record<string, Delta>; x?: string[] }
  | { a: KeyKind; x?: string[]; u?: [string, Delta][]; i?: [number, Json][] };

/** How members of an array are identified. */
export type KeyKind = 'uid' | 'nsname' | 'id' | 'key' | 'fingerprint' | 'seq' | 'name';

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function idOf(kind: KeyKind, v: Json): string | undefined {
  if (!isObj(v)) return undefined;
  const md = isObj(v.metadata) ? v.metadata : undefined;
  let id: Json;
  switch (kind) {
    case 'uid':
      id = md?.uid;
      break;
    case 'nsname':
      id = md?.name !== undefined ? `${String(md.namespace ?? '')}/${String(md.name)}` : undefined;
      break;
    default:
      id = v[kind];
  }
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

const KINDS: KeyKind[] = ['uid', 'nsname', 'fingerprint', 'seq', 'id', 'key', 'name'];

/** The identity every member of both arrays has, unique within each; undefined if none. */
function keyKind(a: readonly Json[], b: readonly Json[]): KeyKind | undefined {
  const probe = a[0] ?? b[0];
  if (!isObj(probe)) return undefined;
  outer: for (const k of KINDS) {
    if (idOf(k, probe) === undefined) continue;
    for (const list of [a, b]) {
      const seen = new Set<string>();
      for (const v of list) {
        const id = idOf(k, v);
        if (id === undefined || seen.has(id)) continue outer;
        seen.add(id);
      }
    }
    return k;
  }
  return undefined;
}

/** Undefined when prev and next are equal (deeply). */
export function diff(prev: Json, next: Json): Delta | undefined {
  if (prev === next) return undefined;
  if (Array.isArray(prev) && Array.isArray(next)) return diffArray(prev, next);
  if (isObj(prev) && isObj(next)) {
    let o: Record<string, Delta> | undefined;
    let x: string[] | undefined;
    for (const k of Object.keys(next)) {
      if (next[k] === undefined) continue;
      const d = k in prev && prev[k] !== undefined ? diff(prev[k], next[k]) : { '=': next[k] };
      if (d) (o ??= {})[k] = d;
    }
    for (const k of Object.keys(prev))
      if (prev[k] !== undefined && (!(k in next) || next[k] === undefined)) (x ??= []).push(k);
    if (!o && !x) return undefined;
    return { ...(o ? { o } : {}), ...(x ? { x } : {}) };
  }
  if (typeof prev === 'number' && typeof next === 'number' && Number.isNaN(prev) && Number.isNaN(next))
    return undefined;
  return { '=': next };
}

function diffArray(prev: readonly Json[], next: readonly Json[]): Delta | undefined {
  const kind = keyKind(prev, next);
  if (!kind) {
    if (prev.length !== next.length) return { '=': next };
    for (let i = 0; i < prev.length; i++) if (diff(prev[i], next[i])) return { '=': next };
    return undefined;
  }
  const before = new Map<string, Json>();
  for (const v of prev) before.set(idOf(kind, v)!, v);
  const after = new Set<string>();
  for (const v of next) after.add(idOf(kind, v)!);
  // The survivors must keep their order, or the keyed patch cannot say it: replace whole.
  const kept = prev.map((v) => idOf(kind, v)!).filter((id) => after.has(id));
  let j = 0;
  const x: string[] = [];
  const u: [string, Delta][] = [];
  const ins: [number, Json][] = [];
  for (const id of before.keys()) if (!after.has(id)) x.push(id);
  for (let i = 0; i < next.length; i++) {
    const v = next[i];
    const id = idOf(kind, v)!;
    if (!before.has(id)) {
      ins.push([i, v]);
      continue;
    }
    if (kept[j++] !== id) return { '=': next };
    const d = diff(before.get(id), v);
    if (d) u.push([id, d]);
  }
  if (!x.length && !u.length && !ins.length) return undefined;
  return {
    a: kind,
    ...(x.length ? { x } : {}),
    ...(u.length ? { u } : {}),
    ...(ins.length ? { i: ins } : {}),
  };
}

/** Applies a delta to prev (not modified); unchanged subtrees are prev's own. */
export function patch(prev: Json, d: Delta): Json {
  if ('=' in d) return d['='];
  if ('a' in d) {
    const list = Array.isArray(prev) ? (prev as Json[]) : [];
    const gone = new Set(d.x ?? []);
    const upd = new Map(d.u ?? []);
    const out: Json[] = [];
    for (const v of list) {
      const id = idOf(d.a, v);
      if (id !== undefined && gone.has(id)) continue;
      const du = id !== undefined ? upd.get(id) : undefined;
      out.push(du ? patch(v, du) : v);
    }
    for (const [i, v] of d.i ?? []) out.splice(i, 0, v);
    return out;
  }
  const base: Obj = isObj(prev) ? prev : {};
  const out: Obj = { ...base };
  for (const k of d.x ?? []) delete out[k];
  for (const [k, dk] of Object.entries(d.o ?? {})) out[k] = patch(base[k], dk);
  return out;
}
