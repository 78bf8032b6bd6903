// PATCH bodies as the API server applies them: JSON patch (RFC 6902, via fast-json-patch),
// JSON merge patch (RFC 7386) and strategic merge patch (lists of containers, env, ports,
// volumes … merged by their key, with the $patch / $setElementOrder / $retainKeys /
// $deleteFromPrimitiveList directives kubectl sends). Apply patches (server-side apply) are
// treated as a strategic merge of the applied object.
import jsonpatch from 'fast-json-patch';
import YAML from 'yaml';
import { HttpError, errors } from './status.js';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** List fields merged by a key in strategic merge patch (field name -> merge key). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  addresses: 'type',
};

export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function isObj(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function strategicMerge(target: any, patch: any): any {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  const retain: string[] | undefined = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]))
        out[field] = out[field].filter((x: unknown) => !(v as unknown[]).includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const mk = MERGE_KEYS[k];
    if (Array.isArray(v) && mk && (Array.isArray(out[k]) || out[k] === undefined)) {
      out[k] = mergeList(out[k] ?? [], v, mk);
    } else if (isObj(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = structuredClone(v);
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k) && !(k in patch)) delete out[k];
  return out;
}

function mergeList(target: any[], patch: any[], key: string): any[] {
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  const out = target.map((x) => x);
  for (const p of patch) {
    if (!isObj(p)) {
      out.push(p);
      continue;
    }
    const idx = out.findIndex((t) => isObj(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else out.push(stripDirectives(p));
  }
  return out;
}

function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

/** Applies a PATCH body of the given Content-Type to a copy of `current`. */
export function applyPatch(current: any, contentType: string | undefined, body: string): any {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let parsed: any;
  try {
    parsed = type === PATCH_TYPES.apply ? YAML.parse(body) : JSON.parse(body);
  } catch (err) {
    throw errors.badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  switch (type) {
    case PATCH_TYPES.json: {
      if (!Array.isArray(parsed)) throw errors.badRequest('json patch must be an array of operations');
      try {
        return jsonpatch.applyPatch(structuredClone(current), parsed, true, false).newDocument;
      } catch (err) {
        throw new HttpError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${(err as Error).message.split('\n')[0]}`,
        );
      }
    }
    case PATCH_TYPES.merge:
      return mergePatch(current, parsed);
    case PATCH_TYPES.strategic:
    case PATCH_TYPES.apply:
      return strategicMerge(current, parsed) ?? {};
    default:
      throw errors.unsupportedMediaType(type || '(none)');
  }
}
