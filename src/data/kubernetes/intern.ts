// One copy of each repeated string of the cached objects. JSON.parse makes a new string for
// every value it reads, so 20,000 pods carry 20,000 copies of "PodScheduled", "ReplicaSet",
// "True", their node's name, their image, their labels' values and their timestamps (measured
// with the simulator's 20,000 pods: 42 MiB of strings in the heap, 26 MiB of them copies).
// The watch caches pass each object through here once, as it arrives.
//
// The table is two generations: a string found in either is shared; when the young one is full
// it becomes the old one and the previous old one is dropped, so strings still in use stay
// shared and those of objects long gone (or that were unique) are let go, within a bounded size.

/** Longer strings are rarely repeated (messages, annotations) and are left alone. */
const MAX_LENGTH = 64;
const GENERATION = 50_000;

let young = new Map<string, string>();
let old = new Map<string, string>();

export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const y = young.get(s);
  if (y !== undefined) return y;
  const o = old.get(s) ?? s;
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(o, o);
  return o;
}

/** Values unique to one object: not worth a table entry. */
const UNIQUE = new Set(['uid', 'resourceVersion', 'podIP', 'ip', 'containerID', 'imageID']);

/**
 * Every string value of `o` (objects and arrays, to any depth) replaced by its shared copy,
 * in place. The object's own name is unique and is kept out of the table; `name` elsewhere (a
 * container's, an owner's) is not.
 */
export function internDeep(o: object): void {
  walk(o, true);
}

function walk(o: object, top: boolean): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'string') o[i] = intern(v);
      else if (v && typeof v === 'object') walk(v, false);
    }
    return;
  }
  const rec = o as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (typeof v === 'string') {
      if (!UNIQUE.has(k)) rec[k] = intern(v);
    } else if (v && typeof v === 'object') {
      if (top && k === 'metadata') walkMetadata(v as Record<string, unknown>);
      else walk(v, false);
    }
  }
}

function walkMetadata(md: Record<string, unknown>): void {
  for (const k in md) {
    const v = md[k];
    if (typeof v === 'string') {
      if (k !== 'name' && !UNIQUE.has(k)) md[k] = intern(v);
    } else if (v && typeof v === 'object') walk(v, false);
  }
}

/** For tests: the strings the table holds now. */
export function internedCount(): number {
  return young.size + old.size;
}
