// The discovery and document routes: /version, /healthz, /readyz, /livez, /api, /apis
// (classic and aggregated), the group and group-version lists, OpenAPI v2 and v3.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AGGREGATED_TYPE,
  aggregated,
  coreVersions,
  group,
  groupList,
  resourceList,
  version,
} from './discovery.js';
import { notFound, send } from './http.js';
import { OPENAPI_V2_PROTO, openapiV2Json, openapiV3Doc, openapiV3Root } from './openapi.js';
import type { ServerState } from './server.js';

/** Answers a discovery path; false when the path is not one. */
export function serveDiscovery(
  s: ServerState,
  segs: string[],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
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
    if (!doc) throw notFound();
    send(res, 200, doc);
    return true;
  }
  if (path === 'api/v1') return (send(res, 200, resourceList('', 'v1', s.metrics)), true);
  if (segs[0] === 'apis' && segs.length === 2) {
    const g = group(segs[1]!, s.metrics);
    if (!g) throw notFound();
    send(res, 200, g);
    return true;
  }
  if (segs[0] === 'apis' && segs.length === 3) {
    const l = resourceList(segs[1]!, segs[2]!, s.metrics);
    if (!l) throw notFound();
    send(res, 200, l);
    return true;
  }
  return false;
}
