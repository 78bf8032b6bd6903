// Watch streams: newline-delimited JSON events with headers flushed at once, resuming from a
// resourceVersion (410 Expired as an ERROR event when it is too old), label/field selector
// transitions (an object that stops matching is DELETED for that watcher), bookmarks,
// timeoutSeconds, and a cut-off for consumers that stop reading.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDef } from './resources.js';
import { apiVersionOf, storeKey } from './resources.js';
import type { HistoryEvent, ObjectStore } from './store.js';
import { statusBody, errors } from './status.js';
import type { Matcher } from './selectors.js';
import { toTable } from './tables.js';

const MAX_BUFFERED = 16 * 1024 * 1024;

export interface WatchParams {
  namespace?: string;
  match?: Matcher;
  resourceVersion?: string;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  table: boolean;
  includeObject?: string;
  bookmarkMs: number;
}

export function serveWatch(
  store: ObjectStore,
  def: ResourceDef,
  req: IncomingMessage,
  res: ServerResponse,
  p: WatchParams,
  open: Set<ServerResponse>,
): void {
  const key = storeKey(def);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  open.add(res);
  let headersSent = false;
  const line = (type: string, json: string, obj: any): string => {
    if (p.table) {
      const t = toTable(
        def.kind,
        [obj],
        { resourceVersion: obj.metadata?.resourceVersion },
        p.includeObject,
        headersSent,
      );
      headersSent = true;
      return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
    }
    return `{"type":"${type}","object":${json}}\n`;
  };
  const write = (s: string) => {
    if (res.destroyed) return;
    res.write(s);
    if (res.writableLength > MAX_BUFFERED) res.destroy();
  };
  const deliver = (ev: HistoryEvent) => {
    if (p.namespace && ev.obj.metadata?.namespace !== p.namespace) return;
    if (!p.match) {
      write(line(ev.type, ev.json, ev.obj));
      return;
    }
    const now = ev.type !== 'DELETED' && p.match(ev.obj);
    const before = ev.prev ? p.match(ev.prev) : false;
    if (ev.type === 'DELETED') {
      if (before || p.match(ev.obj)) write(line('DELETED', ev.json, ev.obj));
    } else if (now && before) write(line('MODIFIED', ev.json, ev.obj));
    else if (now) write(line('ADDED', ev.json, ev.obj));
    else if (before) write(line('DELETED', ev.json, ev.obj));
  };
  const bookmark = (initialEnd = false) =>
    write(
      `{"type":"BOOKMARK","object":${JSON.stringify({
        kind: def.kind,
        apiVersion: apiVersionOf(def),
        metadata: {
          resourceVersion: String(store.resourceVersion),
          ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}),
        },
      })}}\n`,
    );
  const rv = p.resourceVersion;
  if (!rv || rv === '0' || p.sendInitialEvents) {
    for (const [, e] of store.entries(key, p.namespace)) {
      if (!p.match || p.match(e.obj)) write(line('ADDED', e.json, e.obj));
    }
    if (p.sendInitialEvents && p.bookmarks) bookmark(true);
  } else {
    const n = Number(rv);
    const events = Number.isFinite(n) ? store.since(key, n) : undefined;
    if (!events) {
      const err = errors.gone(`too old resource version: ${rv} (${store.resourceVersion})`);
      write(`{"type":"ERROR","object":${JSON.stringify(statusBody(err))}}\n`);
      open.delete(res);
      res.end();
      return;
    }
    for (const ev of events) deliver(ev);
  }
  const unsubscribe = store.watch({ key, namespace: p.namespace, send: deliver });
  const timers: NodeJS.Timeout[] = [];
  if (p.bookmarks) timers.push(setInterval(() => bookmark(), p.bookmarkMs));
  if (p.timeoutSeconds && p.timeoutSeconds > 0) {
    timers.push(
      setTimeout(() => {
        cleanup();
        res.end();
      }, p.timeoutSeconds * 1000),
    );
  }
  let cleaned = false;
  function cleanup() {
    if (cleaned) return;
    cleaned = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    open.delete(res);
  }
  res.on('close', cleanup);
  req.on('close', cleanup);
}
