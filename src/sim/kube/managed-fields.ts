// metadata.managedFields as the API server keeps them for Update operations (create, update,
// patch; server-side apply is recorded the same way here): every write names its field manager
// (the `fieldManager` query parameter, else the first word of the User-Agent, as the API server
// does: `kubectl-scale`, `kubectl-set`, `kubectl-edit`, `kubectl-client-side-apply`), and that
// manager's entry (per subresource) gains the fields the write changed, with the write's time,
// while the other managers lose them (an entry left without fields is dropped). Fields are
// FieldsV1: `f:<key>` for object keys, `k:{"name":…}` for list items keyed by name (containers,
// env), a list of anything else is one field. Status is not tracked (controllers own it).
import { isoSeconds } from './util.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

const TRACKED = ['spec', 'data', 'binaryData', 'stringData', 'type'];
const META = ['labels', 'annotations'];

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const keyed = (v: unknown): v is { name: string }[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x) && typeof x.name === 'string');

/** The leaf paths (FieldsV1 segments joined by \u0000) where a and b differ. */
function diff(a: unknown, b: unknown, prefix: string[], out: Set<string>): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObj(a) || isObj(b)) {
    const x = isObj(a) ? a : {};
    const y = isObj(b) ? b : {};
    if (!isObj(b) && b !== undefined) return void out.add([...prefix].join('\0'));
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
      diff(x[k], y[k], [...prefix, `f:${k}`], out);
    return;
  }
  if (keyed(a) || keyed(b)) {
    const x = new Map((keyed(a) ? a : []).map((i) => [i.name, i]));
    const y = new Map((keyed(b) ? b : []).map((i) => [i.name, i]));
    for (const n of new Set([...x.keys(), ...y.keys()]))
      diff(x.get(n), y.get(n), [...prefix, `k:${JSON.stringify({ name: n })}`], out);
    return;
  }
  out.add(prefix.join('\0'));
}

function changedPaths(cur: any, next: any): Set<string> {
  const out = new Set<string>();
  for (const k of TRACKED) diff(cur?.[k], next?.[k], [`f:${k}`], out);
  for (const k of META) diff(cur?.metadata?.[k], next?.metadata?.[k], ['f:metadata', `f:${k}`], out);
  out.delete('');
  return out;
}

function toTree(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const p of paths) {
    let node = root;
    for (const seg of p.split('\0')) node = node[seg] ??= {};
  }
  return root;
}

function fromTree(tree: unknown, prefix: string[] = [], out = new Set<string>()): Set<string> {
  if (!isObj(tree)) return out;
  const keys = Object.keys(tree).filter((k) => k !== '.');
  if (!keys.length && prefix.length) out.add(prefix.join('\0'));
  for (const k of keys) fromTree(tree[k], [...prefix, k], out);
  return out;
}

/** The manager a request writes as: ?fieldManager=, else the User-Agent's first word. */
export function managerOf(fieldManager: string | null | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? '').split('/')[0]!.trim();
  return ua || 'unknown';
}

/**
 * Sets next.metadata.managedFields from cur's (whatever the request body carried) plus this
 * write's changed fields for `manager`. `cur` is undefined for a create.
 */
export function trackManagedFields(
  cur: any,
  next: any,
  manager: string,
  apiVersion: string,
  subresource?: string,
  now: number = Date.now(),
): void {
  const entries: ManagedFieldsEntry[] = (cur?.metadata?.managedFields ?? []).map((e: ManagedFieldsEntry) => ({
    ...e,
  }));
  const changed = changedPaths(cur ?? {}, next);
  next.metadata ??= {};
  if (!changed.size) {
    if (entries.length) next.metadata.managedFields = entries;
    else delete next.metadata.managedFields;
    return;
  }
  const kept: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    const fields = fromTree(e.fieldsV1);
    if (e.manager === manager && e.operation === 'Update' && e.subresource === subresource) {
      mine = e;
      for (const p of changed) fields.add(p);
      e.fieldsV1 = toTree(fields);
      e.time = isoSeconds(now);
      kept.push(e);
      continue;
    }
    for (const p of changed) fields.delete(p);
    if (!fields.size) continue;
    e.fieldsV1 = toTree(fields);
    kept.push(e);
  }
  if (!mine)
    kept.push({
      manager,
      operation: 'Update',
      apiVersion,
      time: isoSeconds(now),
      fieldsType: 'FieldsV1',
      fieldsV1: toTree(changed),
      ...(subresource ? { subresource } : {}),
    });
  next.metadata.managedFields = kept;
}
