// Pure status logic, as kubectl prints it. podStatus follows kubectl's printPod
// (kubernetes/pkg/printers/internalversion/printers.go): the STATUS column, READY n/m,
// RESTARTS with the time of the last restart. rolloutState follows `kubectl rollout status`.
import type { Deployment, Pod, ReplicaSet } from './types.js';
import { ts } from './types.js';

export interface PodStatus {
  /** The STATUS column, e.g. Running, CrashLoopBackOff, Init:0/2, Terminating, OOMKilled. */
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  /** When the last restart happened (the newest lastState.terminated.finishedAt), epoch ms. */
  lastRestartAt?: number;
  /** Whether the pod needs attention (listed first). */
  failing: boolean;
}

type CStatus = NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number];
type CSpec = NonNullable<NonNullable<Pod['spec']>['initContainers']>[number];

const isRestartableInit = (c: CSpec | undefined) => c?.restartPolicy === 'Always';

/** Reasons that are fine (not failing) when every container is ready or the pod completed. */
const OK_REASONS = new Set(['Running', 'Completed', 'Succeeded']);

export function podStatus(pod: Pod): PodStatus {
  const spec = pod.spec;
  const st = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec?.containers?.length ?? 0;
  let ready = 0;
  let lastRestart = 0;
  let lastRestartableInit = 0;
  const phase = st.phase ?? '';
  let reason = st.reason || phase;

  for (const c of st.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const inits = new Map<string, CSpec>();
  for (const c of spec?.initContainers ?? []) {
    inits.set(c.name, c);
    if (isRestartableInit(c)) total++;
  }

  let initializing = false;
  const initStatuses: CStatus[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const lastTerm = ts(c.lastState?.terminated?.finishedAt);
    if (lastTerm !== undefined && lastTerm > lastRestart) lastRestart = lastTerm;
    const restartable = isRestartableInit(inits.get(c.name));
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      if (lastTerm !== undefined && lastTerm > lastRestartableInit) lastRestartableInit = lastTerm;
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      } else reason = `Init:${term.reason}`;
      initializing = true;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
      initializing = true;
    }
    break;
  }

  const initializedTrue = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInit;
    let hasRunning = false;
    const cs: CStatus[] = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount ?? 0;
      const lastTerm = ts(c.lastState?.terminated?.finishedAt);
      if (lastTerm !== undefined && lastTerm > lastRestart) lastRestart = lastTerm;
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = readyCond ? 'Running' : 'NotReady';
    }
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && st.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const done = phase === 'Succeeded' || reason === 'Completed';
  const failing = !OK_REASONS.has(reason) || (!done && ready < total);
  return {
    reason: reason || 'Unknown',
    ready,
    total,
    restarts,
    lastRestartAt: restarts && lastRestart ? lastRestart : undefined,
    failing,
  };
}

// ---- quantities ----------------------------------------------------------------------------

const BIN: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DEC: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes quantity ("250m", "1.5", "512Mi", "1e3", "100n") as a number of base units. */
export function quantity(q: string | number | undefined | null): number | undefined {
  if (q === undefined || q === null) return undefined;
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const mult = BIN[suffix] ?? DEC[suffix];
  if (!Number.isFinite(n) || mult === undefined) return undefined;
  return n * mult;
}

/** CPU in millicores. */
export function cpuMilli(q: string | number | undefined | null): number | undefined {
  const v = quantity(q);
  return v === undefined ? undefined : v * 1000;
}

export function formatCpu(m: number | undefined): string {
  if (m === undefined) return '—';
  return m >= 10_000 ? `${(m / 1000).toFixed(1)}` : `${Math.round(m)}m`;
}

export interface PodResources {
  cpuReqM?: number;
  cpuLimM?: number;
  memReqB?: number;
  memLimB?: number;
}

/**
 * Requests and limits already parsed: a cluster's are a few dozen strings ("100m", "256Mi")
 * repeated in every pod (usage figures, all different, go through quantity() itself).
 */
const specQuantities = new Map<string | number, number | undefined>();
function specQuantity(q: string | number | undefined, milli: boolean): number | undefined {
  if (q === undefined) return undefined;
  if (!specQuantities.has(q)) {
    if (specQuantities.size >= 4096) specQuantities.clear();
    specQuantities.set(q, quantity(q));
  }
  const v = specQuantities.get(q);
  return milli && v !== undefined ? v * 1000 : v;
}

/** Sums of the containers' requests and limits (a limit is undefined if any container has none). */
export function podResources(pod: Pod): PodResources {
  const out: PodResources = {};
  const cs = pod.spec?.containers ?? [];
  const sum = (pick: (c: (typeof cs)[number]) => number | undefined, all: boolean) => {
    let total = 0;
    let any = false;
    for (const c of cs) {
      const v = pick(c);
      if (v === undefined) {
        if (all) return undefined;
        continue;
      }
      any = true;
      total += v;
    }
    return any ? total : undefined;
  };
  out.cpuReqM = sum((c) => specQuantity(c.resources?.requests?.cpu, true), false);
  out.memReqB = sum((c) => specQuantity(c.resources?.requests?.memory, false), false);
  out.cpuLimM = sum((c) => specQuantity(c.resources?.limits?.cpu, true), true);
  out.memLimB = sum((c) => specQuantity(c.resources?.limits?.memory, false), true);
  return out;
}

// ---- deployments ---------------------------------------------------------------------------

export type RolloutPhase = 'complete' | 'progressing' | 'stalled' | 'paused';
export interface RolloutState {
  phase: RolloutPhase;
  /** In words, as `kubectl rollout status` would say it. */
  text: string;
  /** Complete, but this many wanted replicas are not available (crashing pods). */
  unavailable?: number;
}

/**
 * `kubectl rollout status` (kubectl/pkg/polymorphichelpers/rollout_status.go): progress deadline
 * exceeded → stalled; spec not yet observed, fewer updated than wanted, old replicas pending
 * termination, or updated replicas not yet available → progressing. One difference, for a
 * responder: once the controller has recorded the rollout complete (Progressing reason
 * NewReplicaSetAvailable, which it keeps until the next template change), pods of the current
 * revision that crash (CrashLoopBackOff, OOMKilled) are not a rollout: the state stays
 * complete and says how many are available (`complete · 0/2 available`).
 */
export function rolloutState(d: Deployment): RolloutState {
  const spec = d.spec;
  const st = d.status ?? {};
  const want = spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const progressing = (st.conditions ?? []).find((c) => c.type === 'Progressing');
  const rolledOut = progressing?.reason === 'NewReplicaSetAvailable';
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { phase: 'stalled', text: `stalled: ProgressDeadlineExceeded (${updated}/${want} updated)` };
  }
  if (spec?.paused) return { phase: 'paused', text: 'paused' };
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) {
    return { phase: 'progressing', text: 'waiting for the spec update to be observed' };
  }
  if (updated < want) return { phase: 'progressing', text: `${updated} of ${want} updated` };
  if (replicas > updated)
    return { phase: 'progressing', text: `${replicas - updated} old pending termination` };
  if (available < updated && !rolledOut)
    return { phase: 'progressing', text: `${available} of ${updated} updated available` };
  if (available < want)
    return {
      phase: 'complete',
      text: `complete · ${available}/${want} available`,
      unavailable: want - available,
    };
  return { phase: 'complete', text: 'complete' };
}

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export interface HistoryEntry {
  revision: number;
  changeCause?: string;
  images: string[];
  createdAt?: number;
  replicas: number;
  /** The ReplicaSet's name. */
  name: string;
  current: boolean;
}

/** The ReplicaSets a deployment controls (by owner uid, or owner name in the namespace). */
export function ownedReplicaSets(d: Deployment, all: readonly ReplicaSet[]): ReplicaSet[] {
  const uid = d.metadata?.uid;
  const ns = d.metadata?.namespace;
  const name = d.metadata?.name;
  return all.filter(
    (rs) =>
      rs.metadata?.namespace === ns &&
      (rs.metadata?.ownerReferences ?? []).some(
        (o) => o.kind === 'Deployment' && (uid && o.uid ? o.uid === uid : o.name === name),
      ),
  );
}

/** `kubectl rollout history`: one entry per revision, newest first. */
export function rolloutHistory(d: Deployment, all: readonly ReplicaSet[]): HistoryEntry[] {
  const current = Number(d.metadata?.annotations?.[REVISION] ?? NaN);
  const out: HistoryEntry[] = [];
  for (const rs of ownedReplicaSets(d, all)) {
    const rev = Number(rs.metadata?.annotations?.[REVISION] ?? NaN);
    if (!Number.isFinite(rev)) continue;
    out.push({
      revision: rev,
      changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE],
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?'),
      createdAt: ts(rs.metadata?.creationTimestamp),
      replicas: rs.status?.replicas ?? 0,
      name: rs.metadata?.name ?? '',
      current: rev === current,
    });
  }
  out.sort((a, b) => b.revision - a.revision);
  if (!Number.isFinite(current) && out[0]) out[0].current = true;
  return out;
}

// ---- nodes ---------------------------------------------------------------------------------

export interface NodeState {
  ready: boolean | undefined;
  /** Pressure conditions that are True (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable). */
  pressures: string[];
  cordoned: boolean;
  /** As kubectl prints STATUS: Ready, NotReady, Unknown, plus ",SchedulingDisabled". */
  text: string;
}

export function nodeState(n: import('./types.js').Node): NodeState {
  const conds = n.status?.conditions ?? [];
  const readyC = conds.find((c) => c.type === 'Ready');
  const ready = readyC ? readyC.status === 'True' : undefined;
  const pressures = conds.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type);
  const cordoned = !!n.spec?.unschedulable;
  let text = readyC
    ? readyC.status === 'True'
      ? 'Ready'
      : readyC.status === 'False'
        ? 'NotReady'
        : 'Unknown'
    : 'Unknown';
  if (cordoned) text += ',SchedulingDisabled';
  return { ready, pressures, cordoned, text };
}
