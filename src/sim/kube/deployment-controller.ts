// The Deployment controller: a ReplicaSet per pod template (revisions, change-cause,
// revision history, pruning beyond revisionHistoryLimit), the rolling update within maxSurge
// and maxUnavailable or Recreate (rolling-update.ts), pause, and the Deployment's status with its
// Available and Progressing conditions and the progress deadline (counted in ticks).
import type { ClusterCore } from './core.js';
import { CHANGE_CAUSE, KEYS, REVISION, replicaSet as buildReplicaSet } from './objects.js';
import { podsOf, readyPods } from './ownership.js';
import { rolloutStep, strategyOf, type RsCount } from './rolling-update.js';
import { clone, isoSeconds, templateHash } from './util.js';

interface DeploySim {
  progressKey: string;
  progressTick: number;
  progressTime: string;
}

export class DeploymentController {
  private deps = new Map<string, DeploySim>();
  /** Deployments whose rollout is not complete: re-checked every tick (progress deadline). */
  readonly progressing = new Set<string>();
  private hashes = new Map<string, { rv: string; hash: string }>();

  constructor(private readonly c: ClusterCore) {}

  /** Forgets what it knew of deployments that are gone. */
  forget(liveUids: Set<string>, liveIds: Set<string>): void {
    for (const uid of this.hashes.keys()) if (!liveUids.has(uid)) this.hashes.delete(uid);
    for (const id of this.deps.keys()) if (!liveIds.has(id)) this.deps.delete(id);
  }

  private podTemplateHash(dep: any): string {
    const cached = this.hashes.get(dep.metadata.uid);
    if (cached && cached.rv === dep.metadata.resourceVersion) return cached.hash;
    const t = clone(dep.spec.template);
    if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
    const hash = templateHash(t);
    this.hashes.set(dep.metadata.uid, { rv: dep.metadata.resourceVersion, hash });
    return hash;
  }

  private revisionOf(rs: any): number {
    return Number(rs.metadata.annotations?.[REVISION] ?? 0);
  }

  reconcile(dep0: any): void {
    const ns = dep0.metadata.namespace;
    const owned = this.c.store.ownedBy(KEYS.replicasets, dep0.metadata.uid);
    const hash = this.podTemplateHash(dep0);
    let newRs = owned.find((r) => r.metadata.labels?.['pod-template-hash'] === hash);
    const old = owned.filter((r) => r !== newRs);
    const desired = dep0.spec.replicas ?? 1;
    const maxRev = owned.reduce((m, r) => Math.max(m, this.revisionOf(r)), 0);
    const dep = clone(dep0);
    if (dep.spec.paused) {
      // Paused: only proportional scaling of the current ReplicaSet, no new rollout.
      if (newRs && newRs.spec.replicas !== desired && old.every((r) => !r.spec.replicas))
        this.scaleRs(newRs, desired, dep);
      return;
    }
    const strategy = strategyOf(dep.spec);
    const count = (rs: any): RsCount => ({
      replicas: rs.spec.replicas ?? 0,
      available: readyPods(this.c.store, rs).length,
      pods: podsOf(this.c.store, rs).length,
    });
    // Oldest first: the real controller scales the oldest ReplicaSets down first.
    old.sort((a, b) => this.revisionOf(a) - this.revisionOf(b));
    if (!newRs) {
      const first = rolloutStep(desired, strategy, { replicas: 0, available: 0, pods: 0 }, old.map(count));
      const rs = buildReplicaSet(dep, hash, maxRev + 1, first.newReplicas);
      newRs = this.c.store.put(KEYS.replicasets, rs);
      if (first.newReplicas)
        this.c.event(
          dep,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${rs.metadata.name} from 0 to ${first.newReplicas}`,
          'deployment-controller',
        );
    } else {
      const rev = this.revisionOf(newRs);
      const cause = dep.metadata.annotations?.[CHANGE_CAUSE];
      if (rev < maxRev || (cause && newRs.metadata.annotations?.[CHANGE_CAUSE] !== cause)) {
        const rs = clone(newRs);
        if (rev < maxRev) {
          rs.metadata.annotations[REVISION] = String(maxRev + 1);
          const hist = rs.metadata.annotations['deployment.kubernetes.io/revision-history'];
          rs.metadata.annotations['deployment.kubernetes.io/revision-history'] = hist
            ? `${hist},${rev}`
            : String(rev);
        }
        if (cause) rs.metadata.annotations[CHANGE_CAUSE] = cause;
        newRs = this.c.store.put(KEYS.replicasets, rs);
      }
    }
    // The rollout: the new ReplicaSet grows within maxSurge, old ones shrink within maxUnavailable.
    const step = rolloutStep(desired, strategy, count(newRs), old.map(count));
    if ((newRs.spec.replicas ?? 0) !== step.newReplicas) this.scaleRs(newRs, step.newReplicas, dep);
    old.forEach((rs, i) => {
      if ((rs.spec.replicas ?? 0) !== step.oldReplicas[i]) this.scaleRs(rs, step.oldReplicas[i]!, dep);
    });
    // Revision bookkeeping on the deployment.
    const revision = newRs.metadata.annotations?.[REVISION];
    if (revision && dep.metadata.annotations?.[REVISION] !== revision) {
      const cur = clone(this.c.store.get(KEYS.deployments, ns, dep.metadata.name));
      cur.metadata.annotations ??= {};
      cur.metadata.annotations[REVISION] = revision;
      this.c.store.put(KEYS.deployments, cur);
    }
    // Too many old ReplicaSets: prune beyond revisionHistoryLimit.
    const limit = dep.spec.revisionHistoryLimit ?? 10;
    const idle = old
      .filter((r) => !r.spec.replicas && !podsOf(this.c.store, r).length)
      .sort((a, b) => this.revisionOf(a) - this.revisionOf(b));
    while (idle.length > limit) {
      const r = idle.shift()!;
      this.c.store.remove(KEYS.replicasets, r.metadata.namespace, r.metadata.name);
    }
  }

  private scaleRs(rs0: any, replicas: number, dep: any): void {
    const rs = clone(rs0);
    const from = rs.spec.replicas ?? 0;
    rs.spec.replicas = replicas;
    rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    rs.metadata.annotations ??= {};
    rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'] = String(dep.spec.replicas);
    this.c.store.put(KEYS.replicasets, rs);
    this.c.event(
      dep,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
      'deployment-controller',
    );
  }

  status(dep: any): void {
    const key = `${dep.metadata.namespace}/${dep.metadata.name}`;
    const owned = this.c.store.ownedBy(KEYS.replicasets, dep.metadata.uid);
    const hash = this.podTemplateHash(dep);
    const newRs = owned.find((r) => r.metadata.labels?.['pod-template-hash'] === hash);
    let replicas = 0;
    let ready = 0;
    for (const rs of owned) {
      replicas += rs.status?.replicas ?? 0;
      ready += rs.status?.readyReplicas ?? 0;
    }
    const updated = newRs?.status?.replicas ?? 0;
    const newReady = newRs?.status?.readyReplicas ?? 0;
    const desired = dep.spec.replicas ?? 1;
    const maxUnavailable = strategyOf(dep.spec).maxUnavailable;
    const prevConds: any[] = dep.status?.conditions ?? [];
    const now = isoSeconds();
    const cond = (type: string, status: string, reason: string, message: string, progressed: boolean) => {
      const prev = prevConds.find((c) => c.type === type);
      return {
        type,
        status,
        lastUpdateTime:
          prev && !progressed && prev.status === status && prev.reason === reason ? prev.lastUpdateTime : now,
        lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
        reason,
        message,
      };
    };
    // Progress tracking for the progress deadline (counted in ticks).
    const pkey = `${newRs?.metadata.name}:${updated}:${newReady}:${replicas}`;
    let sim = this.deps.get(key);
    let progressed = false;
    if (!sim || sim.progressKey !== pkey) {
      progressed = !!sim;
      sim = { progressKey: pkey, progressTick: this.c.ticks, progressTime: now };
      this.deps.set(key, sim);
    }
    const complete = updated === desired && newReady >= desired && replicas === updated;
    if (complete || dep.spec.paused) this.progressing.delete(key);
    else this.progressing.add(key);
    const available = ready >= desired - maxUnavailable;
    const conds = [
      cond(
        'Available',
        available ? 'True' : 'False',
        available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
        false,
      ),
    ];
    const rsName = newRs?.metadata.name ?? dep.metadata.name;
    const prevProg = prevConds.find((c) => c.type === 'Progressing');
    // As the real controller does: once rolled out, Progressing stays NewReplicaSetAvailable
    // until the next rollout (pods of the current revision crashing are not a rollout).
    const rolledOut =
      complete ||
      (prevProg?.reason === 'NewReplicaSetAvailable' && updated === desired && replicas === updated);
    if (dep.spec.paused) {
      conds.push(cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', false));
    } else if (rolledOut) {
      conds.push(
        cond(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
          progressed,
        ),
      );
    } else if (
      prevProg?.reason === 'ProgressDeadlineExceeded' && !progressed
        ? true
        : this.c.ticks - sim.progressTick >= (dep.spec.progressDeadlineSeconds ?? 600)
    ) {
      conds.push(
        cond(
          'Progressing',
          'False',
          'ProgressDeadlineExceeded',
          `ReplicaSet "${rsName}" has timed out progressing.`,
          false,
        ),
      );
    } else {
      conds.push(
        cond(
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          `ReplicaSet "${rsName}" is progressing.`,
          progressed,
        ),
      );
    }
    const status: any = {
      observedGeneration: dep.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(0, replicas - ready, desired - ready),
      conditions: conds,
    };
    for (const k of [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
    ])
      if (!status[k]) delete status[k];
    if (JSON.stringify(status) !== JSON.stringify(dep.status ?? {})) {
      const next = clone(dep);
      next.status = status;
      this.c.store.put(KEYS.deployments, next);
    }
  }
}
