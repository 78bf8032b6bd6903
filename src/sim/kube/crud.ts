// Create, update, patch and delete of stored objects, with the API server's behaviour:
// defaults, validation (422), AlreadyExists and resourceVersion conflicts (409), generation
// bumps on spec changes, status and scale subresources, graceful pod deletion, dryRun=All.
import type { Cluster } from './cluster.js';
import { KEYS, defaultDeployment, defaultPodSpec, qosClass } from './objects.js';
import { defaultService } from './networking.js';
import { applyPatch, PATCH_TYPES } from './patch.js';
import type { ResourceDef } from './resources.js';
import { apiVersionOf, storeKey } from './resources.js';
import { errors } from './status.js';
import { clone, isoSeconds, stableStringify, suffix } from './util.js';
import { trackManagedFields } from './managed-fields.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface WriteResult {
  code: number;
  body: any;
  mutated: boolean;
}

function qualifiedKind(def: ResourceDef): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

function validate(def: ResourceDef, obj: any): void {
  const name = obj.metadata?.name;
  const kind = qualifiedKind(def);
  if (!name)
    throw errors.invalid(kind, '', 'metadata.name', 'Required value: name or generateName is required');
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw errors.invalid(
      kind,
      name,
      'metadata.name',
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      def.group,
    );
  }
  if (def.kind === 'Deployment' || def.kind === 'ReplicaSet') {
    const r = obj.spec?.replicas;
    if (typeof r === 'number' && r < 0)
      throw errors.invalid(
        kind,
        name,
        'spec.replicas',
        `Invalid value: ${r}: must be greater than or equal to 0`,
        def.group,
      );
    const sel = obj.spec?.selector?.matchLabels ?? {};
    const labels = obj.spec?.template?.metadata?.labels ?? {};
    if (!Object.keys(sel).length)
      throw errors.invalid(kind, name, 'spec.selector', 'Required value', def.group);
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v))
      throw errors.invalid(
        kind,
        name,
        'spec.template.metadata.labels',
        `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
        def.group,
      );
  }
  if (def.kind === 'Deployment' || def.kind === 'ReplicaSet' || def.kind === 'Pod') {
    const spec = def.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
    const cs: any[] = spec?.containers ?? [];
    if (!cs.length)
      throw errors.invalid(
        kind,
        name,
        def.kind === 'Pod' ? 'spec.containers' : 'spec.template.spec.containers',
        'Required value',
        def.group,
      );
    cs.forEach((c, i) => {
      if (!c.image)
        throw errors.invalid(
          kind,
          name,
          `spec.template.spec.containers[${i}].image`,
          'Required value',
          def.group,
        );
    });
  }
  if (def.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(obj.data ?? {}))
      if (typeof v !== 'string')
        throw errors.invalid(kind, name, `data[${k}]`, 'Invalid value: must be a string');
  }
}

function defaults(def: ResourceDef, obj: any, ns: string | undefined): any {
  obj.apiVersion = apiVersionOf(def);
  obj.kind = def.kind;
  obj.metadata ??= {};
  if (def.namespaced) obj.metadata.namespace = ns;
  else delete obj.metadata.namespace;
  if (!obj.metadata.name && obj.metadata.generateName)
    obj.metadata.name = obj.metadata.generateName + suffix(Math.random);
  switch (def.kind) {
    case 'Deployment':
      defaultDeployment(obj);
      break;
    case 'Pod':
      defaultPodSpec((obj.spec ??= { containers: [] }));
      obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
      break;
    case 'Namespace':
      obj.status = { phase: 'Active' };
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': obj.metadata.name,
      };
      break;
    case 'Service':
      defaultService(obj);
      break;
    case 'ReplicaSet':
      obj.metadata.generation ??= 1;
      obj.status ??= { replicas: 0 };
      break;
  }
  return obj;
}

export function create(
  c: Cluster,
  def: ResourceDef,
  ns: string | undefined,
  body: any,
  dryRun: boolean,
  manager?: string,
): WriteResult {
  if (!body || typeof body !== 'object')
    throw errors.badRequest('the body of the request was empty or not a JSON object');
  if (body.kind && body.kind !== def.kind)
    throw errors.badRequest(
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(def)}) or kind ${body.kind} does not match ${def.kind}`,
    );
  if (def.namespaced && body.metadata?.namespace && ns && body.metadata.namespace !== ns)
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  const obj = defaults(def, clone(body), ns);
  delete obj.metadata.resourceVersion;
  delete obj.metadata.uid;
  delete obj.metadata.creationTimestamp;
  validate(def, obj);
  const key = storeKey(def);
  if (def.namespaced && ns && def.kind !== 'Namespace' && !c.store.get(KEYS.namespaces, undefined, ns))
    throw errors.notFound('', 'namespaces', ns);
  if (c.store.get(key, ns, obj.metadata.name))
    throw errors.alreadyExists(def.group, def.resource, obj.metadata.name);
  if (dryRun) {
    obj.metadata.uid = '00000000-0000-0000-0000-000000000000';
    obj.metadata.creationTimestamp = isoSeconds();
    return { code: 201, body: obj, mutated: false };
  }
  if (manager) trackManagedFields(undefined, obj, manager, apiVersionOf(def));
  const stored = c.store.put(key, obj);
  c.kick();
  return { code: 201, body: stored, mutated: true };
}

/** Writes `next` over `cur` (the main resource), keeping identity and status, bumping generation. */
function commit(
  c: Cluster,
  def: ResourceDef,
  cur: any,
  next: any,
  dryRun: boolean,
  checkRv: boolean,
  manager?: string,
  subresource?: string,
): WriteResult {
  const key = storeKey(def);
  const name = cur.metadata.name;
  if (
    checkRv &&
    next.metadata?.resourceVersion &&
    next.metadata.resourceVersion !== cur.metadata.resourceVersion
  )
    throw errors.conflict(def.group, def.resource, name);
  if (next.metadata?.name && next.metadata.name !== name)
    throw errors.badRequest(
      `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
    );
  next.apiVersion = apiVersionOf(def);
  next.kind = def.kind;
  next.metadata = {
    ...next.metadata,
    name,
    uid: cur.metadata.uid,
    creationTimestamp: cur.metadata.creationTimestamp,
  };
  if (def.namespaced) next.metadata.namespace = cur.metadata.namespace;
  if (cur.metadata.deletionTimestamp) next.metadata.deletionTimestamp = cur.metadata.deletionTimestamp;
  if (def.kind === 'Deployment') defaultDeployment(next);
  if (['Deployment', 'ReplicaSet', 'Pod', 'Node', 'Namespace'].includes(def.kind)) next.status = cur.status;
  if (def.kind === 'Pod') {
    // Only a few pod fields are mutable; keep the spec except images and tolerations.
    const spec = clone(cur.spec);
    (next.spec?.containers ?? []).forEach((nc: any, i: number) => {
      if (spec.containers[i] && nc.image) spec.containers[i].image = nc.image;
    });
    next.spec = spec;
  }
  validate(def, next);
  if (stableStringify(next.spec) !== stableStringify(cur.spec) && cur.metadata.generation !== undefined)
    next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
  else if (cur.metadata.generation !== undefined) next.metadata.generation = cur.metadata.generation;
  const unchanged =
    stableStringify({
      ...next,
      metadata: { ...next.metadata, resourceVersion: undefined, managedFields: undefined },
    }) ===
    stableStringify({
      ...cur,
      metadata: { ...cur.metadata, resourceVersion: undefined, managedFields: undefined },
    });
  if (dryRun || unchanged) {
    next.metadata.resourceVersion = cur.metadata.resourceVersion;
    return { code: 200, body: next, mutated: false };
  }
  delete next.metadata.resourceVersion;
  // The request body never sets managedFields: the server keeps its own record.
  next.metadata.managedFields = cur.metadata.managedFields;
  if (manager) trackManagedFields(cur, next, manager, apiVersionOf(def), subresource);
  else if (!next.metadata.managedFields) delete next.metadata.managedFields;
  const stored = c.store.put(key, next);
  c.kick();
  return { code: 200, body: stored, mutated: true };
}

function commitStatus(c: Cluster, def: ResourceDef, cur: any, status: any, dryRun: boolean): WriteResult {
  const next = clone(cur);
  next.status = status;
  if (dryRun) return { code: 200, body: next, mutated: false };
  return { code: 200, body: c.store.put(storeKey(def), next), mutated: true };
}

export function scaleOf(def: ResourceDef, obj: any): any {
  const sel = obj.spec?.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(sel)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function commitScale(
  c: Cluster,
  def: ResourceDef,
  cur: any,
  scale: any,
  dryRun: boolean,
  manager?: string,
): WriteResult {
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw errors.invalid(
      'Scale.autoscaling',
      cur.metadata.name,
      'spec.replicas',
      `Invalid value: ${replicas}: must be greater than or equal to 0`,
      'autoscaling',
    );
  if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== cur.metadata.resourceVersion)
    throw errors.conflict(def.group, def.resource, cur.metadata.name);
  const next = clone(cur);
  next.spec.replicas = replicas;
  const r = commit(c, def, cur, next, dryRun, false, manager, 'scale');
  return { ...r, body: scaleOf(def, r.body) };
}

export function update(
  c: Cluster,
  def: ResourceDef,
  ns: string | undefined,
  name: string,
  sub: string | undefined,
  body: any,
  dryRun: boolean,
  manager?: string,
): WriteResult {
  const cur = c.store.get(storeKey(def), ns, name);
  if (!cur) throw errors.notFound(def.group, def.resource, name);
  if (!body || typeof body !== 'object')
    throw errors.badRequest('the body of the request was empty or not a JSON object');
  if (sub === 'status') return commitStatus(c, def, cur, body.status, dryRun);
  if (sub === 'scale') return commitScale(c, def, cur, body, dryRun, manager);
  return commit(c, def, cur, clone(body), dryRun, true, manager);
}

export function patch(
  c: Cluster,
  def: ResourceDef,
  ns: string | undefined,
  name: string,
  sub: string | undefined,
  contentType: string | undefined,
  body: string,
  dryRun: boolean,
  manager?: string,
): WriteResult {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!Object.values(PATCH_TYPES).includes(type as any)) throw errors.unsupportedMediaType(type || '(none)');
  const key = storeKey(def);
  const cur = c.store.get(key, ns, name);
  if (!cur) {
    if (type === PATCH_TYPES.apply && !sub) {
      const obj = applyPatch({}, contentType, body);
      obj.metadata = { ...(obj.metadata ?? {}), name };
      return create(c, def, ns, obj, dryRun, manager);
    }
    throw errors.notFound(def.group, def.resource, name);
  }
  if (sub === 'scale')
    return commitScale(c, def, cur, applyPatch(scaleOf(def, cur), contentType, body), dryRun, manager);
  const patched = applyPatch(cur, contentType, body);
  if (sub === 'status') return commitStatus(c, def, cur, patched.status, dryRun);
  if (!patched || typeof patched !== 'object') throw errors.badRequest('the patch did not produce an object');
  // A resourceVersion in the patch is a precondition; otherwise the current one is implied.
  const rvInPatch = patched.metadata?.resourceVersion !== cur.metadata.resourceVersion;
  return commit(c, def, cur, patched, dryRun, rvInPatch, manager);
}

export function remove(
  c: Cluster,
  def: ResourceDef,
  ns: string | undefined,
  name: string,
  q: URLSearchParams,
  body: any,
  dryRun: boolean,
): WriteResult {
  const key = storeKey(def);
  const cur = c.store.get(key, ns, name);
  if (!cur) throw errors.notFound(def.group, def.resource, name);
  const pre = body?.preconditions;
  if (pre?.uid && pre.uid !== cur.metadata.uid) throw errors.conflict(def.group, def.resource, name);
  if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
    throw errors.conflict(def.group, def.resource, name);
  if (dryRun) return { code: 200, body: cur, mutated: false };
  const grace =
    q.get('gracePeriodSeconds') ??
    (body?.gracePeriodSeconds !== undefined ? String(body.gracePeriodSeconds) : null);
  if (def.kind === 'Pod') {
    c.deletePod(ns!, name, grace === '0' ? 0 : undefined);
    return { code: 200, body: c.store.get(key, ns, name) ?? cur, mutated: true };
  }
  if (def.kind === 'Namespace') {
    for (const k of Object.values(KEYS)) {
      if (k === KEYS.namespaces || k === KEYS.nodes) continue;
      for (const o of c.store.list(k, name)) c.store.remove(k, name, o.metadata.name);
    }
  }
  const gone = c.store.remove(key, ns, name);
  c.kick();
  return { code: 200, body: gone, mutated: true };
}
