// A resilient watch cache for one resource in one scope (a namespace, or all): list (paged)
// → watch from the list's resourceVersion → on a normal end (server timeout, idle, dropped
// stream) resume from the last resourceVersion seen; on 410 Gone relist; on any other error
// back off (capped, jittered) and resume. client-node's informer stops on most errors; this
// loop never stops until its signal aborts. Objects are keyed by namespace/name: an event whose
// resourceVersion equals the cached one is a duplicate and ignored, a DELETED for an older uid
// never removes its successor, and a relist keeps the identity of unchanged objects (so the
// panes' per-object memoisation survives reconnects).
import { backoffMs } from '../source.js';
import {
  KubeApiError,
  parseJson,
  type KubeHttp,
  type Target,
  type WatchEvent,
  type WatchHandle,
} from './client.js';
import { internDeep, internLater } from './intern.js';
import { keyOf } from './types.js';

export interface ResourceRef {
  /** Plural resource name, e.g. 'pods'. */
  resource: string;
  /** API group, '' for the core group. */
  group: string;
  version: string;
  /** Namespace, or undefined for all namespaces / cluster-scoped resources. */
  namespace?: string;
  /** Only the objects with these labels (`app=web,tier in (a,b)`). */
  labelSelector?: string;
}

export interface CacheTuning {
  /** Objects per list page. */
  pageSize: number;
  /** Asked of the server per watch (it then ends the watch cleanly; we resume). */
  watchTimeoutS: number;
  /** A watch with no byte for this long is treated as dead and resumed. */
  idleMs: number;
  /** Per-request timeout of list pages. */
  listTimeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Keep at most this many objects (oldest by `ageOf` dropped first); for events. */
  maxItems?: number;
}

export const DEFAULT_TUNING: CacheTuning = {
  pageSize: 500,
  watchTimeoutS: 240,
  idleMs: 300_000,
  listTimeoutMs: 30_000,
  backoffBaseMs: 1000,
  backoffCapMs: 30_000,
};

export type CacheStatus = 'syncing' | 'live' | 'error';

interface KObj {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

class GoneError extends Error {}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const CONTAINER_DROP = [
  'volumeMounts',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
];
/** Scheduling and runtime settings of a pod that no pane, detail or action reads. */
const POD_SPEC_DROP = [
  'volumes',
  'tolerations',
  'affinity',
  'securityContext',
  'dnsPolicy',
  'schedulerName',
  'enableServiceLinks',
  'preemptionPolicy',
  'terminationGracePeriodSeconds',
  'serviceAccount',
  'priority',
];
const POD_STATUS_DROP = ['hostIPs', 'podIPs'];
const CONTAINER_STATUS_DROP = ['imageID', 'containerID'];

/**
 * What no pane reads is dropped before caching (like client-go's informer transforms): every
 * object's managedFields and last-applied-configuration; a pod's volumes and its containers'
 * mounts, probes and runtime settings, its scheduling settings (tolerations, affinity, security
 * context…), its IP lists and its containers' image and container ids (env stays: pod describe
 * lists it). Real pods carry kilobytes of these; 20,000 of them add up.
 * Workloads and ConfigMaps keep their managedFields cut to two levels (who last set
 * spec.replicas, spec.template, which data keys, and when): "what changed" reads them.
 * The caches then share the strings of what is kept between objects (./intern.ts).
 */
export function slim<T>(o: T): T {
  if (!o || typeof o !== 'object') return o;
  const obj = o as {
    metadata?: { managedFields?: ManagedFields; annotations?: Record<string, string> };
    spec?: {
      containers?: Record<string, unknown>[];
      initContainers?: Record<string, unknown>[];
      template?: unknown;
    };
    status?: {
      conditions?: Record<string, unknown>[];
      containerStatuses?: Record<string, unknown>[];
      initContainerStatuses?: Record<string, unknown>[];
    };
    data?: unknown;
    binaryData?: unknown;
  };
  // Only pods have containers directly under spec (workloads have them in spec.template).
  const pod = !!obj.spec && Array.isArray(obj.spec.containers);
  const top: Record<string, unknown> = {};
  const md = obj.metadata;
  if (md) {
    const keep = !!obj.spec?.template || 'data' in obj || 'binaryData' in obj;
    let annotations = md.annotations;
    if (annotations && LAST_APPLIED in annotations) {
      const { [LAST_APPLIED]: _drop, ...rest } = annotations;
      annotations = rest;
    }
    top.metadata = reshape(md, pod ? ['generateName'] : [], {
      managedFields: keep && Array.isArray(md.managedFields) ? md.managedFields.map(shallowEntry) : undefined,
      annotations,
    });
  }
  if (pod) {
    const spec = obj.spec!;
    const container = (c: Record<string, unknown>) => reshape(c, CONTAINER_DROP);
    top.spec = reshape(spec, POD_SPEC_DROP, {
      containers: spec.containers!.map(container),
      initContainers: spec.initContainers?.map(container),
    });
    const st = obj.status;
    if (st) {
      const cstatus = (c: Record<string, unknown>) => reshape(c, CONTAINER_STATUS_DROP);
      top.status = reshape(st, POD_STATUS_DROP, {
        conditions: st.conditions?.map((c) => (c.lastProbeTime === null ? reshape(c, ['lastProbeTime']) : c)),
        containerStatuses: st.containerStatuses?.map(cstatus),
        initContainerStatuses: st.initContainerStatuses?.map(cstatus),
      });
    }
  }
  return reshape(obj, [], top) as T;
}

/**
 * A copy of `o` without the keys in `drop`, with those in `set` replaced (undefined drops them),
 * built key by key: V8 keeps such objects in fast mode, sharing one hidden class for every pod,
 * where `delete` would turn each into a dictionary (measured: 5,000 parsed pods took 16 MiB of
 * heap, 32 MiB once slimmed by deleting, though their JSON shrank from 12 to 7 MB).
 */
function reshape<O extends object>(o: O, drop: readonly string[], set: Record<string, unknown> = {}): O {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (drop.includes(k)) continue;
    const v = k in set ? set[k] : (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as O;
}

type ManagedFields = {
  manager?: string;
  operation?: string;
  time?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}[];

/** A managedFields entry with its FieldsV1 cut to two levels ('f:spec' → 'f:replicas'). */
function shallowEntry(e: ManagedFields[number]): ManagedFields[number] {
  const fields: Record<string, Record<string, object>> = {};
  for (const [k, v] of Object.entries(e.fieldsV1 ?? {}))
    fields[k] = Object.fromEntries(Object.keys((v as object) ?? {}).map((x) => [x, {}]));
  return {
    manager: e.manager,
    operation: e.operation,
    time: e.time,
    ...(e.subresource ? { subresource: e.subresource } : {}),
    fieldsV1: fields,
  };
}

/**
 * The continue token of a list page, read from the head of its text (the API server writes the
 * list's metadata before its items), or undefined. Only a hint: the parsed page decides.
 */
export function peekContinue(text: string): string | undefined {
  const head = text.slice(0, 2048);
  const items = head.indexOf('"items"');
  const m = /"continue":"([A-Za-z0-9_\-=.+/]+)"/.exec(items < 0 ? head : head.slice(0, items));
  return m?.[1];
}

export function resourcePath(r: ResourceRef): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return `${base}${r.namespace ? `/namespaces/${encodeURIComponent(r.namespace)}` : ''}/${r.resource}`;
}

export function resourceName(r: ResourceRef): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export class WatchCache<T extends KObj = KObj> {
  readonly items = new Map<string, T>();
  /** Bumped on every change to `items`. */
  version = 0;
  synced = false;
  status: CacheStatus = 'syncing';
  error?: Error;
  resourceVersion?: string;
  /** Counters for tests and the benchmark. */
  readonly stats = { lists: 0, watches: 0, relists: 0, gone: 0, errors: 0, duplicates: 0 };
  private loop?: Promise<void>;
  private current?: { abort(): void };
  private sleepTimer?: { t: NodeJS.Timeout; resolve: () => void };

  constructor(
    private readonly http: KubeHttp,
    readonly ref: ResourceRef,
    private readonly tuning: CacheTuning,
    private readonly listeners: {
      onChange(): void;
      onStatus(): void;
    },
    private readonly ageOf?: (o: T) => number,
  ) {}

  start(signal: AbortSignal): void {
    signal.addEventListener(
      'abort',
      () => {
        this.current?.abort();
        if (this.sleepTimer) {
          clearTimeout(this.sleepTimer.t);
          this.sleepTimer.resolve();
        }
      },
      { once: true },
    );
    this.loop = this.run(signal);
  }

  async stopped(): Promise<void> {
    await this.loop?.catch(() => undefined);
  }

  private setStatus(s: CacheStatus, err?: Error) {
    if (this.status === s && this.error === err) return;
    this.status = s;
    this.error = err;
    this.listeners.onStatus();
  }

  private target(verb: Target['verb']): Target {
    return { verb, resource: resourceName(this.ref), namespace: this.ref.namespace };
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sleepTimer = undefined;
        resolve();
      }, ms);
      t.unref?.();
      this.sleepTimer = { t, resolve };
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let quick = 0;
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) {
          await this.relist(signal);
          failures = 0;
        }
        const started = Date.now();
        const received = await this.watchOnce(signal);
        failures = 0;
        // A watch that ends at once with nothing in it, again and again, must not spin.
        if (!received && Date.now() - started < 1000) {
          quick++;
          await this.sleep(backoffMs(quick, 200, this.tuning.backoffCapMs), signal);
        } else quick = 0;
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof GoneError || (err instanceof KubeApiError && err.status === 410)) {
          this.stats.gone++;
          this.resourceVersion = undefined;
          continue;
        }
        failures++;
        this.stats.errors++;
        this.setStatus('error', err instanceof Error ? err : new Error(String(err)));
        await this.sleep(backoffMs(failures, this.tuning.backoffBaseMs, this.tuning.backoffCapMs), signal);
      }
    }
  }

  /** One list page, fetched (unparsed) under its own timeout; `abort` drops it. */
  private fetchPage(cont: string | undefined, signal: AbortSignal): { text: Promise<string>; abort(): void } {
    this.stats.lists++;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ac.abort(new Error('timeout')), this.tuning.listTimeoutMs);
    const text = this.http
      .getJsonText(
        resourcePath(this.ref),
        { limit: String(this.tuning.pageSize), continue: cont, labelSelector: this.ref.labelSelector },
        this.target('list'),
        ac.signal,
      )
      .finally(() => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      });
    return { text, abort: () => ac.abort() };
  }

  /**
   * A full list (paged), replacing the cache; unchanged objects keep their identity. The next
   * page is asked for as soon as a page's continue token is read from the head of its text, so
   * the server builds it while this one is parsed and slimmed (the token is checked against the
   * parsed page; a page asked with another token is dropped).
   */
  private async relist(signal: AbortSignal): Promise<void> {
    if (this.synced) this.stats.relists++;
    const next = new Map<string, T>();
    const fresh: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    let ahead: { cont: string; page: ReturnType<WatchCache['fetchPage']> } | undefined;
    const drop = () => {
      if (!ahead) return;
      ahead.page.abort();
      ahead.page.text.catch(() => undefined);
      ahead = undefined;
    };
    try {
      for (;;) {
        const current = ahead?.cont === cont && ahead ? ahead.page : this.fetchPage(cont, signal);
        ahead = undefined;
        let text: string;
        try {
          text = await current.text;
        } catch (err) {
          if (cont && err instanceof KubeApiError && err.status === 410) {
            // The continue token expired mid-list: start the list again.
            cont = undefined;
            next.clear();
            continue;
          }
          throw err;
        }
        const peeked = peekContinue(text);
        if (peeked) ahead = { cont: peeked, page: this.fetchPage(peeked, signal) };
        const page = parseJson<{ metadata?: { resourceVersion?: string; continue?: string }; items?: T[] }>(
          text,
          this.target('list'),
        );
        for (const item of page.items ?? []) {
          const o = slim(item);
          const k = keyOf(o);
          const prev = this.items.get(k);
          const same =
            prev &&
            prev.metadata?.resourceVersion === o.metadata?.resourceVersion &&
            prev.metadata?.uid === o.metadata?.uid;
          next.set(k, same ? prev : o);
          if (!same) fresh.push(o);
        }
        rv = page.metadata?.resourceVersion;
        cont = page.metadata?.continue || undefined;
        if (ahead && ahead.cont !== cont) drop();
        if (!cont) break;
      }
    } finally {
      drop();
    }
    this.items.clear();
    for (const [k, v] of next) this.items.set(k, v);
    this.trim();
    this.resourceVersion = rv ?? '0';
    this.synced = true;
    this.version++;
    this.setStatus('live');
    this.listeners.onChange();
    // After the snapshot is out: sharing the strings of 20,000 pods takes about 90 ms, which
    // the first frame does not wait for (the values do not change, only their copies go).
    internLater(fresh);
  }

  /** One watch from resourceVersion until it ends; returns whether any event arrived. */
  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    this.stats.watches++;
    let received = false;
    let failure: Error | undefined;
    let handle: WatchHandle | undefined = undefined;
    handle = await this.http.watch(
      resourcePath(this.ref),
      {
        resourceVersion: this.resourceVersion,
        labelSelector: this.ref.labelSelector,
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(this.tuning.watchTimeoutS),
      },
      this.target('watch'),
      (ev) => {
        if (failure) return;
        received = true;
        try {
          this.apply(ev);
        } catch (err) {
          failure = err as Error;
          handle?.abort();
        }
      },
      this.tuning.idleMs,
      signal,
    );
    this.current = handle;
    if (failure) handle.abort();
    else this.setStatus('live');
    try {
      await handle.done;
    } catch (err) {
      if (failure) throw failure;
      throw err;
    } finally {
      this.current = undefined;
    }
    if (failure) throw failure;
    return received;
  }

  private apply(ev: WatchEvent): void {
    const o = (ev.type === 'ERROR' ? ev.object : slim(ev.object)) as T;
    if (ev.type !== 'ERROR') internDeep(o);
    const rv = o.metadata?.resourceVersion;
    switch (ev.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const k = keyOf(o);
        const prev = this.items.get(k);
        if (prev && prev.metadata?.resourceVersion === rv && prev.metadata?.uid === o.metadata?.uid) {
          this.stats.duplicates++;
        } else {
          this.items.set(k, o);
          if (this.tuning.maxItems && this.items.size > this.tuning.maxItems * 1.1) this.trim();
          this.version++;
          this.listeners.onChange();
        }
        break;
      }
      case 'DELETED': {
        const k = keyOf(o);
        const prev = this.items.get(k);
        if (prev && (!prev.metadata?.uid || !o.metadata?.uid || prev.metadata.uid === o.metadata.uid)) {
          this.items.delete(k);
          this.version++;
          this.listeners.onChange();
        }
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const s = ev.object as { code?: number; message?: string; reason?: string };
        if (s.code === 410 || s.reason === 'Expired' || s.reason === 'Gone') throw new GoneError('410 Gone');
        throw new KubeApiError(
          s.code ?? 500,
          `watch ${resourceName(this.ref)}: ${s.message ?? s.reason ?? 'error from the API server'}`,
          s.reason,
        );
      }
      default:
        return;
    }
    if (rv) this.resourceVersion = rv;
  }

  private trim(): void {
    const max = this.tuning.maxItems;
    if (!max || !this.ageOf || this.items.size <= max) return;
    const sorted = [...this.items.entries()].sort((a, b) => this.ageOf!(b[1]) - this.ageOf!(a[1]));
    for (const [k] of sorted.slice(max)) this.items.delete(k);
  }
}
