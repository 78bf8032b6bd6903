// The in-memory object store: one map per resource, one global resourceVersion counter, a
// bounded event history per resource for watches that resume from a resourceVersion, and the
// set of open watchers. Every object's JSON is encoded once, when it is written, so lists and
// watch events only concatenate strings.
import { randomUUID } from 'node:crypto';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Entry {
  obj: any;
  json: string;
  /** UTF-8 of json, made on first use by a list and kept until the object changes. */
  buf?: Buffer;
}

export function entryBuffer(e: Entry): Buffer {
  return (e.buf ??= Buffer.from(e.json));
}

export interface HistoryEvent {
  rv: number;
  type: WatchType;
  obj: any;
  json: string;
  prev?: any;
}

export interface StoreWatcher {
  key: string;
  namespace?: string;
  send(ev: HistoryEvent): void;
}

const HISTORY_LIMIT = 10_000;

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first index whose id sorts after `id` (or, `inclusive`, at or after it). */
function upperBound(ids: readonly string[], id: string, inclusive: boolean): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id || (!inclusive && ids[mid] === id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ObjectStore {
  private rv = 1;
  private maps = new Map<string, Map<string, Entry>>();
  private history = new Map<string, HistoryEvent[]>();
  /** Oldest resourceVersion still answerable for watch/continue; older ones are 410 Gone. */
  private minRv = new Map<string, number>();
  private watchers = new Map<string, Set<StoreWatcher>>();
  /** New objects are stamped this long ago (the generated cluster looks days old). */
  backdateMs = 0;
  /** Called after every write (the controller marks what it must reconcile). */
  onWrite?: (key: string, obj: any, removed: boolean) => void;
  /** key -> controller owner uid -> ids of the objects it controls. */
  private owners = new Map<string, Map<string, Set<string>>>();

  get resourceVersion(): number {
    return this.rv;
  }

  private map(key: string): Map<string, Entry> {
    let m = this.maps.get(key);
    if (!m) {
      m = new Map();
      this.maps.set(key, m);
    }
    return m;
  }

  static id(namespace: string | undefined, name: string): string {
    return namespace ? `${namespace}/${name}` : name;
  }

  get(key: string, namespace: string | undefined, name: string): any | undefined {
    return this.map(key).get(ObjectStore.id(namespace, name))?.obj;
  }

  entry(key: string, namespace: string | undefined, name: string): Entry | undefined {
    return this.map(key).get(ObjectStore.id(namespace, name));
  }

  /**
   * A key's ids in namespace/name order (the stable order of limit/continue), kept sorted as
   * objects come and go, so that a page is found by binary search as an API server's watch cache
   * finds it, not by sorting the whole collection for every page.
   */
  private sorted = new Map<string, string[]>();

  private ids(key: string): string[] {
    let ids = this.sorted.get(key);
    if (!ids) {
      ids = [...this.map(key).keys()].sort(byId);
      this.sorted.set(key, ids);
    }
    return ids;
  }

  /** Entries sorted by namespace/name (a stable order for limit/continue). */
  entries(key: string, namespace?: string): [string, Entry][] {
    return [...this.entriesAfter(key, namespace, '')];
  }

  /**
   * Entries in namespace/name order whose id sorts after `after` ('' from the first), in
   * `namespace` if given; lazily, so a page of a list costs the page.
   */
  *entriesAfter(key: string, namespace: string | undefined, after: string): Generator<[string, Entry]> {
    const ids = this.ids(key);
    const m = this.map(key);
    const prefix = namespace ? `${namespace}/` : '';
    const from = prefix && after < prefix ? prefix : after;
    for (let i = upperBound(ids, from, prefix === from); i < ids.length; i++) {
      const id = ids[i]!;
      if (prefix && !id.startsWith(prefix)) break;
      yield [id, m.get(id)!];
    }
  }

  /** How many of a key's objects sort after `after`, in `namespace` if given. */
  countAfter(key: string, namespace: string | undefined, after: string): number {
    const ids = this.ids(key);
    if (!namespace) return ids.length - upperBound(ids, after, false);
    const prefix = `${namespace}/`;
    const end = upperBound(ids, `${namespace}0`, true); // '0' is the code point after '/'
    return Math.max(0, end - upperBound(ids, after < prefix ? prefix : after, after < prefix));
  }

  private added(key: string, id: string): void {
    const ids = this.sorted.get(key);
    if (ids) ids.splice(upperBound(ids, id, true), 0, id);
  }

  private removed(key: string, id: string): void {
    const ids = this.sorted.get(key);
    if (!ids) return;
    const i = upperBound(ids, id, true);
    if (ids[i] === id) ids.splice(i, 1);
  }

  list(key: string, namespace?: string): any[] {
    const out: any[] = [];
    for (const e of this.map(key).values()) {
      if (namespace && e.obj.metadata?.namespace !== namespace) continue;
      out.push(e.obj);
    }
    return out;
  }

  count(key: string): number {
    return this.map(key).size;
  }

  /** Creates or replaces an object: stamps uid, creationTimestamp and a new resourceVersion. */
  put(key: string, obj: any): any {
    const md = (obj.metadata ??= {});
    const id = ObjectStore.id(md.namespace, md.name);
    const m = this.map(key);
    const prev = m.get(id);
    md.uid ??= prev?.obj.metadata?.uid ?? randomUUID();
    md.creationTimestamp ??=
      prev?.obj.metadata?.creationTimestamp ??
      new Date(Date.now() - this.backdateMs).toISOString().replace(/\.\d+Z$/, 'Z');
    md.resourceVersion = String(++this.rv);
    const json = JSON.stringify(obj);
    m.set(id, { obj, json });
    if (!prev) this.added(key, id);
    this.index(key, id, prev?.obj, obj);
    this.record(key, { rv: this.rv, type: prev ? 'MODIFIED' : 'ADDED', obj, json, prev: prev?.obj });
    this.onWrite?.(key, obj, false);
    return obj;
  }

  remove(key: string, namespace: string | undefined, name: string): any | undefined {
    const id = ObjectStore.id(namespace, name);
    const m = this.map(key);
    const prev = m.get(id);
    if (!prev) return undefined;
    m.delete(id);
    this.removed(key, id);
    this.index(key, id, prev.obj, undefined);
    const obj = structuredClone(prev.obj);
    obj.metadata.resourceVersion = String(++this.rv);
    const json = JSON.stringify(obj);
    this.record(key, { rv: this.rv, type: 'DELETED', obj, json, prev: prev.obj });
    this.onWrite?.(key, obj, true);
    return obj;
  }

  private index(key: string, id: string, prev: any, next: any): void {
    const a = controllerUid(prev);
    const b = controllerUid(next);
    if (a === b) return;
    let o = this.owners.get(key);
    if (!o) {
      o = new Map();
      this.owners.set(key, o);
    }
    if (a) {
      const set = o.get(a);
      set?.delete(id);
      if (set && !set.size) o.delete(a);
    }
    if (b) {
      let set = o.get(b);
      if (!set) {
        set = new Set();
        o.set(b, set);
      }
      set.add(id);
    }
  }

  /** Objects whose controller ownerReference has this uid. */
  ownedBy(key: string, uid: string): any[] {
    const ids = this.owners.get(key)?.get(uid);
    if (!ids) return [];
    const m = this.map(key);
    const out: any[] = [];
    for (const id of ids) {
      const e = m.get(id);
      if (e) out.push(e.obj);
    }
    return out;
  }

  private record(key: string, ev: HistoryEvent): void {
    let h = this.history.get(key);
    if (!h) {
      h = [];
      this.history.set(key, h);
    }
    h.push(ev);
    if (h.length > HISTORY_LIMIT) {
      const cut = h.splice(0, h.length - HISTORY_LIMIT / 2);
      this.minRv.set(key, cut[cut.length - 1]!.rv);
    }
    const ws = this.watchers.get(key);
    if (ws) {
      const ns = ev.obj.metadata?.namespace;
      for (const w of ws) if (!w.namespace || w.namespace === ns) w.send(ev);
    }
  }

  /** Events after `rv`, or undefined when that resourceVersion is too old (410 Gone). */
  since(key: string, rv: number): HistoryEvent[] | undefined {
    const min = this.minRv.get(key) ?? 0;
    if (rv < min) return undefined;
    const h = this.history.get(key) ?? [];
    // binary search for the first event with rv > given
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return h.slice(lo);
  }

  isExpired(key: string, rv: number): boolean {
    return rv < (this.minRv.get(key) ?? 0);
  }

  /** Forget all history: any resourceVersion older than now is expired. */
  compact(): void {
    ++this.rv;
    for (const key of new Set([...this.maps.keys(), ...this.history.keys()])) {
      this.history.set(key, []);
      this.minRv.set(key, this.rv);
    }
  }

  watch(w: StoreWatcher): () => void {
    let ws = this.watchers.get(w.key);
    if (!ws) {
      ws = new Set();
      this.watchers.set(w.key, ws);
    }
    ws.add(w);
    return () => ws.delete(w);
  }

  watcherCount(): number {
    let n = 0;
    for (const ws of this.watchers.values()) n += ws.size;
    return n;
  }
}

function controllerUid(obj: any): string | undefined {
  const refs: any[] | undefined = obj?.metadata?.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r.uid;
  return undefined;
}
