// Resource paths (/api/v1/..., /apis/GROUP/VERSION/..., watch/, namespaces/NS/, name,
// subresource) and the verb a request asks for, as the API server parses them.
import type { Verb } from './server.js';
import { findResource, type ResourceDef } from './resources.js';
import { errors } from './status.js';
import { queryBool } from './query.js';

export interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** After `proxy/` (pods/NAME:PORT/proxy/PATH). */
  proxyPath?: string;
  watchPath: boolean;
}

export function parseResourcePath(segs: string[]): Route | undefined {
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
  if (rest[2] === 'proxy' && rest[1])
    return {
      def,
      namespace,
      name: rest[1],
      subresource: 'proxy',
      proxyPath: '/' + rest.slice(3).join('/'),
      watchPath,
    };
  if (rest.length > 3) return undefined;
  return { def, namespace, name: rest[1], subresource: rest[2], watchPath };
}

export function verbOf(method: string, r: Route, q: URLSearchParams): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (r.name) return 'get';
      return r.watchPath || queryBool(q, 'watch') ? 'watch' : 'list';
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

export function listKind(def: ResourceDef): string {
  return `${def.kind}List`;
}
