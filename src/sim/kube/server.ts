// The HTTP server: authentication (bearer token), the request log, RBAC, and dispatch of a
// request to its route: discovery (discovery-route.ts), lists (list.ts), metrics
// (metrics-route.ts), get, watch (watch.ts), logs (podlogs.ts) and writes (crud.ts).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Cluster } from './cluster.js';
import { create, patch, remove, scaleOf, update } from './crud.js';
import { managerOf } from './managed-fields.js';
import { serveDiscovery } from './discovery-route.js';
import { serveUpgrade } from './exec.js';
import { notFound, parseJson, readBody, readRaw, send } from './http.js';
import { serveList } from './list.js';
import { serveMetrics } from './metrics-route.js';
import { decodeAccessReview, isProtobuf } from './protobuf.js';
import { serveLogs } from './podlogs.js';
import { servePodProxy, type PodHttpHandler } from './pod-proxy.js';
import { SIM_USER, type Rbac } from './rbac.js';
import { apiVersionOf, storeKey } from './resources.js';
import { listKind, parseResourcePath, verbOf } from './route.js';
import { selectorOf } from './selectors.js';
import { HttpError, errors, statusBody } from './status.js';
import { toTable, wantsTable } from './tables.js';
import { serveWatch } from './watch.js';
import { queryBool } from './query.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  verb?: Verb;
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  group?: string;
  dryRun: boolean;
  status: number;
  at: Date;
}

export interface ServerState {
  cluster: Cluster;
  rbac: Rbac;
  token?: string;
  metrics: boolean;
  requests: SimRequest[];
  open: Set<ServerResponse>;
  sockets: Set<Socket>;
  bookmarkMs: number;
  /** What simulated containers answer through pods/proxy (default: pod-proxy.ts). */
  podHttp?: PodHttpHandler;
}

const MAX_REQUESTS = 50_000;

async function handle(
  s: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  rec: SimRequest,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const q = url.searchParams;
  if (s.token !== undefined) {
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${s.token}`) throw errors.unauthorized();
  }
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (serveDiscovery(s, segs, req, res)) return;
  const r = parseResourcePath(segs);
  if (!r) throw notFound();
  if (r.def.group === 'metrics.k8s.io' && !s.metrics) throw notFound();
  const verb = verbOf(req.method ?? 'GET', r, q);
  const dryRun = q.getAll('dryRun').includes('All');
  const manager = managerOf(q.get('fieldManager'), req.headers['user-agent']);
  Object.assign(rec, {
    verb,
    resource: r.def.resource,
    group: r.def.group,
    namespace: r.namespace,
    name: r.name,
    subresource: r.subresource,
    dryRun,
  });
  const rbacResource = r.subresource ? `${r.def.resource}/${r.subresource}` : r.def.resource;
  if (!s.rbac.allowed(verb, rbacResource, r.namespace))
    throw errors.forbidden(SIM_USER, verb, r.def.group, rbacResource, r.namespace, r.name);
  const c = s.cluster;

  if (r.def.kind === 'SelfSubjectAccessReview') {
    if (verb !== 'create') throw errors.methodNotAllowed();
    const raw = await readRaw(req);
    let body: any;
    if (isProtobuf(req.headers['content-type'])) {
      try {
        body = decodeAccessReview(raw);
      } catch (err) {
        throw errors.badRequest(`error decoding protobuf body: ${(err as Error).message}`);
      }
    } else body = parseJson(raw.toString('utf8'));
    send(res, 201, s.rbac.review(body));
    return;
  }
  if (r.def.virtual) {
    if (verb !== 'get' && verb !== 'list') throw errors.methodNotAllowed();
    serveMetrics(s, r, q, res);
    return;
  }
  const key = storeKey(r.def);
  switch (verb) {
    case 'get': {
      if (r.subresource === 'proxy') {
        if (r.def.kind !== 'Pod') throw notFound();
        const podName = r.name!.split(':')[0]!;
        const e = c.store.entry(key, r.namespace, podName);
        servePodProxy(e?.obj as never, r.namespace!, r.name!, r.proxyPath ?? '/', res, s.podHttp);
        return;
      }
      if (r.subresource === 'log') {
        if (r.def.kind !== 'Pod') throw notFound();
        serveLogs(c, r.namespace!, r.name!, q, req, res, s.open);
        return;
      }
      const e = c.store.entry(key, r.namespace, r.name!);
      if (!e) throw errors.notFound(r.def.group, r.def.resource, r.name!);
      if (r.subresource === 'scale') return send(res, 200, scaleOf(r.def, e.obj));
      if (r.subresource && r.subresource !== 'status') throw notFound();
      if (wantsTable(req.headers.accept))
        return send(
          res,
          200,
          toTable(
            r.def.kind,
            [e.obj],
            { resourceVersion: e.obj.metadata.resourceVersion },
            q.get('includeObject') ?? undefined,
          ),
        );
      return send(res, 200, e.json);
    }
    case 'list':
      return serveList(s, r, q, req, res);
    case 'watch': {
      const match = selectorOf(q);
      serveWatch(
        c.store,
        r.def,
        req,
        res,
        {
          namespace: r.namespace,
          match,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          bookmarks: queryBool(q, 'allowWatchBookmarks'),
          sendInitialEvents: queryBool(q, 'sendInitialEvents'),
          timeoutSeconds: q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
          table: wantsTable(req.headers.accept),
          includeObject: q.get('includeObject') ?? undefined,
          bookmarkMs: s.bookmarkMs,
        },
        s.open,
      );
      return;
    }
    case 'create': {
      if (r.name) throw errors.methodNotAllowed();
      const out = create(c, r.def, r.namespace, parseJson(await readBody(req)), dryRun, manager);
      return send(res, out.code, out.body);
    }
    case 'update': {
      const out = update(
        c,
        r.def,
        r.namespace,
        r.name!,
        r.subresource,
        parseJson(await readBody(req)),
        dryRun,
        manager,
      );
      return send(res, out.code, out.body);
    }
    case 'patch': {
      const out = patch(
        c,
        r.def,
        r.namespace,
        r.name!,
        r.subresource,
        req.headers['content-type'],
        await readBody(req),
        dryRun,
        manager,
      );
      return send(res, out.code, out.body);
    }
    case 'delete': {
      const text = await readBody(req);
      const out = remove(c, r.def, r.namespace, r.name!, q, parseJson(text), dryRun);
      return send(res, out.code, out.body);
    }
    case 'deletecollection': {
      await readBody(req);
      const match = selectorOf(q);
      const items = c.store.list(key, r.namespace).filter((o) => !match || match(o));
      for (const o of items) remove(c, r.def, o.metadata.namespace, o.metadata.name, q, undefined, dryRun);
      return send(res, 200, { kind: listKind(r.def), apiVersion: apiVersionOf(r.def), metadata: {}, items });
    }
  }
}

/** Logs a request (plain or an upgrade) in the simulator's bounded request log. */
export function recordRequest(s: ServerState, req: IncomingMessage): SimRequest {
  const url = new URL(req.url ?? '/', 'http://sim');
  const rec: SimRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    dryRun: false,
    status: 0,
    at: new Date(),
  };
  s.requests.push(rec);
  if (s.requests.length > MAX_REQUESTS) s.requests.splice(0, MAX_REQUESTS / 2);
  return rec;
}

export function createServer(s: ServerState, tls?: { key: string; cert: string }): http.Server {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const rec = recordRequest(s, req);
    res.on('finish', () => (rec.status = res.statusCode));
    res.on('close', () => (rec.status ||= res.statusCode));
    handle(s, req, res, rec).catch((err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? err}`);
      rec.status = e.code;
      send(res, e.code, statusBody(e));
    });
  };
  const server: http.Server = tls
    ? (https.createServer(tls, listener) as unknown as http.Server)
    : http.createServer(listener);
  server.keepAliveTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => serveUpgrade(s, req, socket, head));
  server.on(tls ? 'secureConnection' : 'connection', (sock: Socket) => {
    s.sockets.add(sock);
    sock.on('close', () => s.sockets.delete(sock));
  });
  return server;
}
