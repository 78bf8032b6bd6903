// What a recording must not keep even before redaction: Kubernetes objects carry container
// environments (values that look secret, as the pod describe hides them: src/data/kubernetes/
// env.ts) and kubectl's last-applied-configuration annotation, which repeats the whole spec with
// those values. Masked per object and cached by identity, so an unchanged pod costs nothing
// the next second and keeps its identity for the delta.
import { looksSecret } from '../../data/kubernetes/env.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const HIDDEN = '(hidden)';

function maskContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  let changed = false;
  const out = list.map((c: unknown) => {
    if (!isObj(c) || !Array.isArray(c.env)) return c;
    let envChanged = false;
    const env = (c.env as unknown[]).map((e) => {
      if (!isObj(e) || typeof e.value !== 'string' || typeof e.name !== 'string') return e;
      if (!looksSecret(e.name, e.value)) return e;
      envChanged = true;
      return { ...e, value: HIDDEN };
    });
    if (!envChanged) return c;
    changed = true;
    return { ...c, env };
  });
  return changed ? out : list;
}

function maskPodSpec(spec: unknown): unknown {
  if (!isObj(spec)) return spec;
  const containers = maskContainers(spec.containers);
  const initContainers = maskContainers(spec.initContainers);
  if (containers === spec.containers && initContainers === spec.initContainers) return spec;
  return { ...spec, containers, initContainers };
}

const cache = new WeakMap<object, unknown>();

/** A Kubernetes object (pod, deployment, ReplicaSet) with its secret-looking env values masked. */
export function maskKubeObject<T>(o: T): T {
  if (!isObj(o)) return o;
  const hit = cache.get(o);
  if (hit) return hit as T;
  let out: Obj = o;
  const md = o.metadata;
  if (isObj(md) && isObj(md.annotations) && LAST_APPLIED in md.annotations) {
    out = { ...out, metadata: { ...md, annotations: { ...md.annotations, [LAST_APPLIED]: HIDDEN } } };
  }
  const spec = o.spec;
  if (isObj(spec)) {
    let next: unknown = maskPodSpec(spec);
    if (isObj(spec.template) && isObj(spec.template.spec)) {
      const ts = maskPodSpec(spec.template.spec);
      if (ts !== spec.template.spec) next = { ...(next as Obj), template: { ...spec.template, spec: ts } };
    }
    if (next !== spec) out = { ...out, spec: next };
  }
  cache.set(o, out);
  return out as T;
}

/** Every Kubernetes object list in a source's data (`pods`, `deployments`, `replicaSets`) masked. */
export function maskKubeData(data: unknown): unknown {
  if (!isObj(data)) return data;
  let out: Obj | undefined;
  for (const k of ['pods', 'deployments', 'replicaSets']) {
    const list = data[k];
    if (!Array.isArray(list)) continue;
    let changed = false;
    const masked = list.map((o: unknown) => {
      const m = maskKubeObject(o);
      if (m !== o) changed = true;
      return m;
    });
    if (changed) (out ??= { ...data })[k] = masked;
  }
  return out ?? data;
}
