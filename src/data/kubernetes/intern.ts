// One copy of each repeated string of the cached objects. JSON.parse makes a new string for
// every value it reads, so 20,000 pods carry 20,000 copies of "PodScheduled", "ReplicaSet",
// "True", their node's name, their image, their labels' values and their timestamps (measured
// with the simulator's 20,000 pods: 42 MiB of strings in the heap, 26 MiB of them copies).
// The watch caches pass each object through here once: a watched change as it arrives, a list's
// objects in slices once the list's snapshot is out (internLater).
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
  walk(o, 'top');
}

/** Where walk() is: in the object itself, in its own metadata (whose name is unique), or below. */
type At = 'top' | 'metadata' | 'below';

function walk(o: object, at: At): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'string') o[i] = intern(v);
      else if (v && typeof v === 'object') walk(v, 'below');
    }
    return;
  }
  const rec = o as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (typeof v === 'string') {
      if (!UNIQUE.has(k) && !(at === 'metadata' && k === 'name')) rec[k] = intern(v);
    } else if (v && typeof v === 'object') walk(v, at === 'top' && k === 'metadata' ? 'metadata' : 'below');
  }
}

const SLICE_MS = 4;
const queue: object[][] = [];
let at = 0;

/**
 * internDeep for each of `objects`, on later turns of the event loop, a few milliseconds at a
 * time, so a list of 20,000 pods does not hold up the frame that shows it.
 */
export function internLater(objects: object[]): void {
  if (objects.length === 0) return;
  queue.push(objects);
  if (queue.length === 1) setImmediate(drain);
}

function drain(): void {
  const until = performance.now() + SLICE_MS;
  while (queue.length > 0) {
    const list = queue[0]!;
    while (at < list.length) {
      internDeep(list[at++]!);
      if ((at & 63) === 0 && performance.now() > until) {
        setImmediate(drain);
        return;
      }
    }
    queue.shift();
    at = 0;
  }
}

/** For tests: whether internLater has work left. */
export function internPending(): boolean {
  return queue.length > 0;
}

/** For tests: the strings the table holds now. */
export function internedCount(): number {
  return young.size + old.size;
}
