// What changed: the cluster's own changes, read from the cluster (not only the console's
// actions): every revision of every deployment is a ReplicaSet, with its creation time, its
// images and env, and the change-cause annotation; consecutive revisions are compared to say
// what the change was (image a → b, env KEY set, the pod template otherwise). Error groups are
// matched to the deployment whose pods emit them: "new since the latest rollout" when first seen
// after that deployment's newest revision appeared. Pure: no I/O, no UI.
import { CHANGE_CAUSE, ownedReplicaSets, REVISION } from '../data/kubernetes/status.js';
import type { DeploymentsData, ReplicaSet } from '../data/kubernetes/types.js';
import { ts } from '../data/kubernetes/types.js';
import type { ErrorGroup } from '../data/logs/types.js';

export interface ClusterChange {
  /** 'ns/deployment@revision', unique per change. */
  key: string;
  /** When the revision's ReplicaSet was created (epoch ms). */
  at: number;
  namespace: string;
  deployment: string;
  revision: number;
  images: string[];
  changeCause?: string;
  /** What changed against the previous revision, in words. */
  what: string;
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

/** Every deployment revision the cluster keeps, oldest first. */
export function clusterChanges(d: DeploymentsData): ClusterChange[] {
  const out: ClusterChange[] = [];
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
      out.push({
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
  return `deployment ${c.namespace}/${c.deployment} revision ${c.revision}: ${c.what}${c.changeCause ? ` ("${c.changeCause}")` : ''}`;
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
