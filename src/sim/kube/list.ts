// Lists (GET on a collection): label and field selectors, resourceVersion expiry (410),
// limit/continue paging with remainingItemCount, Table output, and the JSON list built by
// concatenating each object's bytes, encoded once when it was written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from './http.js';
import { apiVersionOf, storeKey } from './resources.js';
import { listKind, type Route } from './route.js';
import { selectorOf } from './selectors.js';
import type { ServerState } from './server.js';
import { errors } from './status.js';
import { entryBuffer, type Entry } from './store.js';
import { toTable, wantsTable } from './tables.js';

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

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

export function serveList(
  s: ServerState,
  r: Route,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const store = s.cluster.store;
  const key = storeKey(r.def);
  const match = selectorOf(q);
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
  const picked: [string, Entry][] = [];
  let next: string | undefined;
  let remaining = 0;
  // A page costs the page (the store keeps ids sorted); what follows it is counted without a
  // walk unless a selector must be tried on each.
  for (const e of store.entriesAfter(key, r.namespace, start)) {
    if (match && !match(e[1].obj)) continue;
    if (limit > 0 && picked.length >= limit) {
      if (!next) {
        next = picked[picked.length - 1]![0];
        if (!match) {
          remaining = store.countAfter(key, r.namespace, next);
          break;
        }
      }
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
