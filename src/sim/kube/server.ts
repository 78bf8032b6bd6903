// The HTTP server: authentication (bearer token), routing of discovery and resource paths,
// RBAC, the request log, and dispatch to list/get/watch/write handlers. Lists are served from
// memory by concatenating each object's JSON, encoded once when it was written.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Cluster } from './cluster.js';
import { create, patch, remove, scaleOf, update } from './crud.js';
import {
  AGGREGATED_TYPE,
  aggregated,
  coreVersions,
  group,
  groupList,
  resourceList,
  version,
} from './discovery.js';
import { nodeMetrics, podMetrics } from './metrics.js';
import { KEYS } from './objects.js';
import { OPENAPI_V2_PROTO, openapiV2Json, openapiV3Doc, openapiV3Root } from './openapi.js';
import { decodeAccessReview, isProtobuf } from './protobuf.js';
import { serveLogs } from './podlogs.js';
import { SIM_USER, type Rbac } from './rbac.js';
import { findResource, storeKey, apiVersionOf, type ResourceDef } from './resources.js';
import { combine, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { HttpError, errors, statusBody } from './status.js';
import { entryBuffer, type Entry } from './store.js';
import { toTable, wantsTable } from './tables.js';
import { serveWatch } from './watch.js';

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
}

const MAX_REQUESTS = 50_000;
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

function parseResourcePath(segs: string[]): Route | undefined {
  let group = '';
  let ver: string;
  let rest: string[];
  if (segs[0] === 'api' && segs[1] === 'v1') {
    ver = 'v1';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1]!;
    ver = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const def = findResource(group, ver, rest[0] ?? '');
  if (!def) return undefined;
  if (!def.namespaced && namespace !== undefined) return undefined;
  if (rest.length > 3) return undefined;
  return { def, namespace, name: rest[1], subresource: rest[2], watchPath };
}

function send(res: ServerResponse, code: number, body: unknown, type = 'application/json'): void {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(s),
    'Cache-Control': 'no-cache, private',
  });
  res.end(s);
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRaw(req)).toString('utf8');
}

function parseJson(text: string): any {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

function verbOf(method: string, r: Route, q: URLSearchParams): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (r.name) return 'get';
      return r.watchPath || q.get('watch') === 'true' || q.get('watch') === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      throw errors.methodNotAllowed();
  }
}

function listKind(def: ResourceDef): string {
  return `${def.kind}List`;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const o = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof o.rv !== 'number' || typeof o.start !== 'string') throw new Error('bad');
    return { rv: o.rv, start: o.start };
  } catch {
    throw errors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

function serveList(
  s: ServerState,
  r: Route,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const store = s.cluster.store;
  const key = storeKey(r.def);
  const match = combine(
    parseLabelSelector(q.get('labelSelector') ?? undefined),
    parseFieldSelector(q.get('fieldSelector') ?? undefined),
  );
  const rvParam = q.get('resourceVersion');
  if (rvParam && rvParam !== '0' && store.isExpired(key, Number(rvParam)))
    throw errors.gone(`too old resource version: ${rvParam} (${store.resourceVersion})`);
  const cont = q.get('continue');
  let start = '';
  if (cont) {
    const t = decodeContinue(cont);
    if (store.isExpired(key, t.rv))
      throw errors.gone(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    start = t.start;
  }
  const limit = Number(q.get('limit') ?? 0);
  const all = store.entries(key, r.namespace);
  const picked: [string, Entry][] = [];
  let next: string | undefined;
  let remaining = 0;
  for (const e of all) {
    if (start && e[0] <= start) continue;
    if (match && !match(e[1].obj)) continue;
    if (limit > 0 && picked.length >= limit) {
      if (!next) next = picked[picked.length - 1]![0];
      remaining++;
      continue;
    }
    picked.push(e);
  }
  const rv = String(store.resourceVersion);
  const meta: any = { resourceVersion: rv };
  if (next) {
    meta.continue = encodeContinue({ rv: store.resourceVersion, start: next });
    meta.remainingItemCount = remaining;
  }
  if (wantsTable(req.headers.accept)) {
    send(
      res,
      200,
      toTable(
        r.def.kind,
        picked.map((e) => e[1].obj),
        meta,
        q.get('includeObject') ?? undefined,
      ),
    );
    return;
  }
  // Each object's bytes are encoded once and reused by every list until it changes.
  const parts: Buffer[] = [
    Buffer.from(
      `{"kind":"${listKind(r.def)}","apiVersion":"${apiVersionOf(r.def)}","metadata":${JSON.stringify(meta)},"items":[`,
    ),
  ];
  picked.forEach((e, i) => {
    if (i) parts.push(COMMA);
    parts.push(entryBuffer(e[1]));
  });
  parts.push(CLOSE);
  const body = Buffer.concat(parts);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache, private',
  });
  res.end(body);
}

function serveMetrics(s: ServerState, r: Route, q: URLSearchParams, res: ServerResponse): void {
  if (!s.metrics) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
  const c = s.cluster;
  const match = parseLabelSelector(q.get('labelSelector') ?? undefined);
  if (r.def.kind === 'PodMetrics') {
    if (r.name) {
      const pod = c.store.get(KEYS.pods, r.namespace, r.name);
      const m = pod && podMetrics(c, pod);
      if (!m)
        throw new HttpError(
          404,
          'NotFound',
          `podmetrics.metrics.k8s.io "${r.namespace}/${r.name}" not found`,
          { name: r.name, group: 'metrics.k8s.io', kind: 'pods' },
        );
      send(res, 200, m);
      return;
    }
    const items = c.store
      .list(KEYS.pods, r.namespace)
      .filter((p) => !match || match(p))
      .map((p) => podMetrics(c, p))
      .filter(Boolean);
    send(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    return;
  }
  if (r.name) {
    const node = c.store.get(KEYS.nodes, undefined, r.name);
    if (!node)
      throw new HttpError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${r.name}" not found`, {
        name: r.name,
        group: 'metrics.k8s.io',
        kind: 'nodes',
      });
    send(res, 200, nodeMetrics(c, node));
    return;
  }
  const items = c.store
    .list(KEYS.nodes)
    .filter((n) => !match || match(n))
    .map((n) => nodeMetrics(c, n));
  send(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
}

function discovery(s: ServerState, segs: string[], req: IncomingMessage, res: ServerResponse): boolean {
  const accept = req.headers.accept ?? '';
  const wantsAggregated = accept.includes('as=APIGroupDiscoveryList');
  const path = segs.join('/');
  if (path === 'version') return (send(res, 200, version()), true);
  if (path === 'healthz' || path === 'readyz' || path === 'livez')
    return (send(res, 200, 'ok', 'text/plain'), true);
  if (path === 'api' || path === 'apis') {
    if (wantsAggregated) send(res, 200, aggregated(path === 'api', s.metrics), AGGREGATED_TYPE);
    else send(res, 200, path === 'api' ? coreVersions() : groupList(s.metrics));
    return true;
  }
  if (path === 'openapi/v2') {
    if (accept.includes('protobuf')) send(res, 200, '', OPENAPI_V2_PROTO);
    else send(res, 200, openapiV2Json());
    return true;
  }
  if (path === 'openapi/v3') return (send(res, 200, openapiV3Root()), true);
  if (segs[0] === 'openapi' && segs[1] === 'v3') {
    const doc = openapiV3Doc(segs.slice(2).join('/'));
    if (!doc) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    send(res, 200, doc);
    return true;
  }
  if (path === 'api/v1') return (send(res, 200, resourceList('', 'v1', s.metrics)), true);
  if (segs[0] === 'apis' && segs.length === 2) {
    const g = group(segs[1]!, s.metrics);
    if (!g) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    send(res, 200, g);
    return true;
  }
  if (segs[0] === 'apis' && segs.length === 3) {
    const l = resourceList(segs[1]!, segs[2]!, s.metrics);
    if (!l) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    send(res, 200, l);
    return true;
  }
  return false;
}

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
  if (discovery(s, segs, req, res)) return;
  const r = parseResourcePath(segs);
  if (!r) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
  if (r.def.group === 'metrics.k8s.io' && !s.metrics)
    throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
  const verb = verbOf(req.method ?? 'GET', r, q);
  const dryRun = q.getAll('dryRun').includes('All');
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
      if (r.subresource === 'log') {
        if (r.def.kind !== 'Pod')
          throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
        serveLogs(c, r.namespace!, r.name!, q, req, res, s.open);
        return;
      }
      const e = c.store.entry(key, r.namespace, r.name!);
      if (!e) throw errors.notFound(r.def.group, r.def.resource, r.name!);
      if (r.subresource === 'scale') return send(res, 200, scaleOf(r.def, e.obj));
      if (r.subresource && r.subresource !== 'status')
        throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
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
      const match = combine(
        parseLabelSelector(q.get('labelSelector') ?? undefined),
        parseFieldSelector(q.get('fieldSelector') ?? undefined),
      );
      serveWatch(
        c.store,
        r.def,
        req,
        res,
        {
          namespace: r.namespace,
          match,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          bookmarks: q.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
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
      const out = create(c, r.def, r.namespace, parseJson(await readBody(req)), dryRun);
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
      const match = combine(
        parseLabelSelector(q.get('labelSelector') ?? undefined),
        parseFieldSelector(q.get('fieldSelector') ?? undefined),
      );
      const items = c.store.list(key, r.namespace).filter((o) => !match || match(o));
      for (const o of items) remove(c, r.def, o.metadata.namespace, o.metadata.name, q, undefined, dryRun);
      return send(res, 200, { kind: listKind(r.def), apiVersion: apiVersionOf(r.def), metadata: {}, items });
    }
  }
}

export function createServer(s: ServerState, tls?: { key: string; cert: string }): http.Server {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
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
  server.on(tls ? 'secureConnection' : 'connection', (sock: Socket) => {
    s.sockets.add(sock);
    sock.on('close', () => s.sockets.delete(sock));
  });
  return server;
}
