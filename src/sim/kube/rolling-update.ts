// The Deployment controller's arithmetic, as kube-controller-manager does it (pkg/controller/
// deployment/rolling.go, recreate.go, util): maxSurge and maxUnavailable resolved from
// integers or percentages of the desired replicas (surge rounded up, unavailable down, both
// zero → one unavailable); the new ReplicaSet grows while all pods stay within desired +
// maxSurge; old ReplicaSets shrink, unhealthy pods first, only while the available pods stay
// above desired − maxUnavailable. Recreate: old ReplicaSets to zero, and the new one only once
// their pods are gone. Counts come from the ReplicaSets' replicas and their ready pods.

export interface RsCount {
  /** spec.replicas */
  replicas: number;
  /** Ready pods that are not terminating. */
  available: number;
  /** Pods that still exist, terminating ones included (Recreate waits for them). */
  pods: number;
}

export interface Strategy {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge: number;
  maxUnavailable: number;
}

/** An IntOrString of the API (`1`, `"25%"`) against a total. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return Math.max(0, Math.floor(v));
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) {
      const x = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(x) : Math.floor(x);
    }
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  return 0;
}

export function strategyOf(spec: any): Strategy {
  const desired = spec?.replicas ?? 1;
  if (spec?.strategy?.type === 'Recreate') return { type: 'Recreate', maxSurge: 0, maxUnavailable: desired };
  const ru = spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge ?? '25%', desired, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { type: 'RollingUpdate', maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

export interface RolloutStep {
  /** The new ReplicaSet's replicas. */
  newReplicas: number;
  /** Each old ReplicaSet's replicas (same order as given). */
  oldReplicas: number[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** One sync of a rollout. `old` is ordered oldest first (scale-downs start there). */
export function rolloutStep(desired: number, s: Strategy, cur: RsCount, old: RsCount[]): RolloutStep {
  const oldReplicas = old.map((o) => o.replicas);
  if (s.type === 'Recreate') {
    if (old.some((o) => o.replicas > 0)) return { newReplicas: cur.replicas, oldReplicas: old.map(() => 0) };
    if (old.some((o) => o.pods > 0)) return { newReplicas: cur.replicas, oldReplicas };
    return { newReplicas: desired, oldReplicas };
  }
  // The new ReplicaSet: up to desired, within desired + maxSurge pods in all.
  let newReplicas = cur.replicas;
  if (cur.replicas > desired) newReplicas = desired;
  else if (cur.replicas < desired) {
    const current = cur.replicas + sum(oldReplicas);
    const maxTotal = desired + s.maxSurge;
    if (current < maxTotal) newReplicas = cur.replicas + Math.min(maxTotal - current, desired - cur.replicas);
  }
  // As the real controller: a sync that scaled the new one up leaves the old ones for the next.
  if (newReplicas > cur.replicas || !sum(oldReplicas)) return { newReplicas, oldReplicas };

  const minAvailable = desired - s.maxUnavailable;
  const all = newReplicas + sum(oldReplicas);
  const newUnavailable = Math.max(0, newReplicas - cur.available);
  const maxScaledDown = all - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { newReplicas, oldReplicas };
  // Unhealthy old pods first: they are not serving, removing them costs no availability.
  let cleaned = 0;
  old.forEach((o, i) => {
    const unhealthy = oldReplicas[i]! - Math.min(o.available, oldReplicas[i]!);
    if (cleaned >= maxScaledDown || unhealthy <= 0) return;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    oldReplicas[i] = oldReplicas[i]! - n;
    cleaned += n;
  });
  // Then available ones, while the available pods stay above the minimum.
  const available = cur.available + sum(old.map((o, i) => Math.min(o.available, oldReplicas[i]!)));
  let room = available - minAvailable;
  for (let i = 0; i < old.length && room > 0; i++) {
    const n = Math.min(oldReplicas[i]!, room);
    oldReplicas[i] = oldReplicas[i]! - n;
    room -= n;
  }
  return { newReplicas, oldReplicas };
}
