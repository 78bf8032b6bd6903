// What changed: the cluster's own changes, read from the cluster (not only the console's
// actions): every revision of every deployment is a ReplicaSet, with its creation time, its
// images and env, and the change-cause annotation; consecutive revisions are compared to say
// what the change was (image a → b, env KEY set, the pod template otherwise). Error groups are
// matched to the deployment whose pods emit them: "new since the latest rollout" when first seen
// after that deployment's newest revision appeared. Changes that make no revision are read from
// the objects' managedFields (which field manager last set which fields, and when, as the API
// server records it): a scale (spec.replicas), a ConfigMap edit (its data keys, never the
// values); they name the manager (`kubectl`, `kubectl-set`, `kubectl-edit`, …), and so does the
// newest revision when a manager set the pod template then. Pure: no I/O, no UI.
import { CHANGE_CAUSE, ownedReplicaSets, REVISION } from '../data/kubernetes/status.js';
import type { ConfigMap, Deployment, DeploymentsData, ReplicaSet } from '../data/kubernetes/types.js';
import { ts } from '../data/kubernetes/types.js';
import type { ErrorGroup } from '../data/logs/types.js';

export interface ClusterChange {
  /** A new revision (rollout), a scale, or a ConfigMap edit. */
  kind: 'rollout' | 'scale' | 'configmap';
  /** 'ns/deployment@revision' ('ns/name@scale@time', 'ns/name@configmap@time'), unique per change. */
  key: string;
  /** When the revision's ReplicaSet was created (epoch ms). */
  at: number;
  namespace: string;
  /** The deployment (rollout, scale) or the ConfigMap. */
  deployment: string;
  /** The revision (rollouts; a scale: the deployment's current revision; 0 for a ConfigMap). */
  revision: number;
  images: string[];
  changeCause?: string;
  /** What changed against the previous revision, in words. */
  what: string;
  /** The field manager that made it, from managedFields (kubectl, kubectl-set, kubectl-edit, …). */
  by?: string;
}

interface Managed {
  manager?: string;
  operation?: string;
  time?: string | Date;
  subresource?: string;
  fieldsV1?: Record<string, Record<string, unknown> | undefined>;
}
const managed = (o: Deployment | ConfigMap): Managed[] =>
  (o.metadata?.managedFields as Managed[] | undefined) ?? [];
const owns = (e: Managed, top: string, field?: string) =>
  !!e.fieldsV1?.[top] && (!field || !!e.fieldsV1[top]![field]);
/** Entries later than the object's creation (a write that created it is no change of it). */
const after = (o: Deployment | ConfigMap, e: Managed) => {
  const t = ts(e.time as string);
  const created = ts(o.metadata?.creationTimestamp);
  return t !== undefined && (created === undefined || t > created + 1000) ? t : undefined;
};

/** The latest scale of each deployment, by the manager owning spec.replicas. */
function scaleChanges(d: DeploymentsData): ClusterChange[] {
  const out: ClusterChange[] = [];
  for (const dep of d.deployments) {
    // kubectl scale writes the scale subresource; a write of spec.replicas alone is a scale too
    // (a manager that also set the template at creation keeps owning replicas: not a scale).
    const e = managed(dep).find(
      (x) =>
        owns(x, 'f:spec', 'f:replicas') &&
        (x.subresource === 'scale' || Object.keys(x.fieldsV1?.['f:spec'] ?? {}).length === 1),
    );
    const at = e && after(dep, e);
    if (!e || at === undefined) continue;
    const ns = dep.metadata?.namespace ?? '';
    const name = dep.metadata?.name ?? '';
    out.push({
      kind: 'scale',
      key: `${ns}/${name}@scale@${new Date(at).toISOString()}`,
      at,
      namespace: ns,
      deployment: name,
      revision: Number(dep.metadata?.annotations?.[REVISION] ?? 0) || 0,
      images: [],
      what: `scaled to ${dep.spec?.replicas ?? 1} replicas`,
      ...(e.manager ? { by: e.manager } : {}),
    });
  }
  return out;
}

/** Every ConfigMap edit still on record: one per manager that last set some data keys. */
function configMapChanges(d: DeploymentsData): ClusterChange[] {
  const out: ClusterChange[] = [];
  for (const cm of d.configMaps ?? []) {
    const ns = cm.metadata?.namespace ?? '';
    const name = cm.metadata?.name ?? '';
    for (const e of managed(cm)) {
      const at = after(cm, e);
      if (at === undefined || !(owns(e, 'f:data') || owns(e, 'f:binaryData'))) continue;
      const keys = [
        ...Object.keys(e.fieldsV1?.['f:data'] ?? {}),
        ...Object.keys(e.fieldsV1?.['f:binaryData'] ?? {}),
      ].map((k) => k.replace(/^f:/, ''));
      out.push({
        kind: 'configmap',
        key: `${ns}/${name}@configmap@${new Date(at).toISOString()}@${e.manager ?? ''}`,
        at,
        namespace: ns,
        deployment: name,
        revision: 0,
        images: [],
        // Values are not shown: a ConfigMap value may be a secret.
        what: `key${keys.length === 1 ? '' : 's'} ${keys.join(', ')} set`,
        ...(e.manager ? { by: e.manager } : {}),
      });
    }
  }
  return out;
}

type Container = NonNullable<
  NonNullable<NonNullable<ReplicaSet['spec']>['template']>['spec']
>['containers'][number];
const containers = (rs: ReplicaSet): Container[] => rs.spec?.template?.spec?.containers ?? [];
const envOf = (rs: ReplicaSet) =>
  new Map(
    containers(rs).flatMap((c) =>
      (c.env ?? []).map((e) => [`${c.name}.${e.name}`, e.value ?? '(from a source)']),
    ),
  );

function describe(prev: ReplicaSet | undefined, cur: ReplicaSet): string {
  if (!prev) return 'earliest revision kept';
  const parts: string[] = [];
  const a = containers(prev);
  for (const c of containers(cur)) {
    const was = a.find((x) => x.name === c.name);
    if (was && was.image !== c.image) parts.push(`image ${was.image ?? '?'} → ${c.image ?? '?'}`);
  }
  const ea = envOf(prev);
  const eb = envOf(cur);
  const env = [...new Set([...ea.keys(), ...eb.keys()])].filter((k) => ea.get(k) !== eb.get(k));
  // Values are not shown: an env value may be a secret.
  if (env.length) parts.push(`env ${env.map((k) => k.replace(/^[^.]*\./, '')).join(', ')} changed`);
  return parts.join('; ') || 'pod template changed';
}

/**
 * Every deployment revision the cluster keeps, the latest scale of each deployment and the
 * ConfigMap edits on record, oldest first.
 */
export function clusterChanges(d: DeploymentsData): ClusterChange[] {
  const out: ClusterChange[] = [...scaleChanges(d), ...configMapChanges(d)];
  for (const dep of d.deployments) {
    const ns = dep.metadata?.namespace ?? '';
    const name = dep.metadata?.name ?? '';
    const revs = ownedReplicaSets(dep, d.replicaSets)
      .map((rs) => ({ rs, rev: Number(rs.metadata?.annotations?.[REVISION] ?? NaN) }))
      .filter((x) => Number.isFinite(x.rev))
      .sort((x, y) => x.rev - y.rev);
    // When the current revision took over: the controller's last Progressing update.
    const progressed = ts(dep.status?.conditions?.find((c) => c.type === 'Progressing')?.lastUpdateTime);
    let prevAt = -Infinity;
    revs.forEach(({ rs, rev }, i) => {
      let at = ts(rs.metadata?.creationTimestamp);
      if (at === undefined) return;
      // A rollback reuses an older ReplicaSet under a new revision: its creation time is the
      // old one, so the change is dated by the deployment's progress (or just after the last).
      const reused = at < prevAt;
      if (reused)
        at = Math.max(prevAt, i === revs.length - 1 && progressed !== undefined ? progressed : prevAt);
      prevAt = at;
      const cause = rs.metadata?.annotations?.[CHANGE_CAUSE];
      // The newest revision: the manager that last set the pod template, when it did so then.
      const tpl =
        i === revs.length - 1
          ? managed(dep).find((e) => owns(e, 'f:spec', 'f:template') && !e.subresource)
          : undefined;
      const tplAt = tpl && after(dep, tpl);
      const by = tpl?.manager && tplAt !== undefined && Math.abs(tplAt - at) < 5000 ? tpl.manager : undefined;
      out.push({
        kind: 'rollout',
        ...(by ? { by } : {}),
        key: `${ns}/${name}@${rev}`,
        at,
        namespace: ns,
        deployment: name,
        revision: rev,
        images: containers(rs).map((c) => c.image ?? '?'),
        ...(cause ? { changeCause: cause } : {}),
        what: `${reused ? 'rollback (an earlier template again): ' : ''}${describe(revs[i - 1]?.rs, rs)}`,
      });
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** One line for the timeline and the review. */
export function changeText(c: ClusterChange): string {
  const by = c.by ? ` (by ${c.by})` : '';
  if (c.kind === 'scale') return `deployment ${c.namespace}/${c.deployment} ${c.what}${by}`;
  if (c.kind === 'configmap') return `configmap ${c.namespace}/${c.deployment}: ${c.what}${by}`;
  return `deployment ${c.namespace}/${c.deployment} revision ${c.revision}: ${c.what}${c.changeCause ? ` ("${c.changeCause}")` : ''}${by}`;
}

/**
 * Whether an error group is new since the latest rollout of the deployment whose pods emit it
 * (its sources are 'ns/pod/container'; a pod belongs to the deployment named by its prefix).
 */
export function newSinceRollout(
  g: ErrorGroup,
  changes: ClusterChange[],
): { change: ClusterChange; afterMs: number; text: string; short: string } | undefined {
  let best: ClusterChange | undefined;
  for (const c of changes) {
    if (c.kind !== 'rollout') continue;
    const mine = g.sources.some((s) => s.startsWith(`${c.namespace}/${c.deployment}-`));
    if (mine && (!best || (c.deployment === best.deployment ? c.revision > best.revision : c.at > best.at)))
      best = c;
  }
  if (!best || g.firstSeen < best.at) return undefined;
  const afterMs = g.firstSeen - best.at;
  return {
    change: best,
    afterMs,
    text: `new since the latest rollout: first seen ${Math.round(afterMs / 1000)} s after ${best.deployment} revision ${best.revision}`,
    short: `new: ${Math.round(afterMs / 1000)} s after ${best.deployment} revision ${best.revision}`,
  };
}
