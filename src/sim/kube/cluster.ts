// The in-memory cluster: the object store plus a small controller that makes it behave like a
// real one (deployments roll out ReplicaSets with revisions, ReplicaSets keep their pods, the
// "kubelet" moves pods through Pending, ContainerCreating, Running, crash loops and OOM kills,
// and events are recorded and folded). Time in the controller is counted in ticks (about one
// per second in the server), so backoffs and progress deadlines run at simulator speed.
import { LogStore, type LogGenerator } from './logs.js';
import {
  CHANGE_CAUSE,
  KEYS,
  REVISION,
  containerId,
  deployment as buildDeployment,
  imageId,
  node as buildNode,
  namespace as buildNamespace,
  podFromTemplate,
  replicaSet as buildReplicaSet,
  type DeploymentOpts,
} from './objects.js';
import { ObjectStore } from './store.js';
import {
  clone,
  hex,
  isoSeconds,
  mulberry32,
  parseQuantityBytes,
  parseQuantityCpuMillis,
  suffix,
  templateHash,
  type Rng,
} from './util.js';

export type Fault = 'CrashLoopBackOff' | 'OOMKilled' | 'Pending' | 'ImagePullBackOff' | 'Error';
export type FaultRule = (pod: any, deployment: any | undefined) => Fault | null;
export type UsageRule = (pod: any) => { cpuMillis: number; memoryBytes: number } | null;

export interface SimCluster {
  listPods(namespace?: string): any[];
  getDeployment(ns: string, name: string): any | undefined;
  listReplicaSets(ns: string): any[];
  createDeployment(ns: string, name: string, opts: DeploymentOpts): any;
  updateDeploymentImage(ns: string, name: string, image: string, changeCause?: string): void;
  setFaultRule(rule: FaultRule | null): void;
  addEvent(
    ns: string,
    involved: { kind: string; name: string; uid?: string },
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void;
  setUsage(rule: UsageRule | null): void;
  appendLog(ns: string, pod: string, container: string, line: string, at?: Date): void;
  setLogGenerator(gen: LogGenerator | null): void;
  deletePod(ns: string, name: string): void;
  tick(): void;
}

type CState = 'creating' | 'running' | 'terminated' | 'backoff' | 'pullbackoff';

interface ContainerSim {
  state: CState;
  since: number;
  restarts: number;
  backoff: number;
  startedAt?: string;
  id?: string;
  imageID?: string;
  reason?: string; // terminated reason / waiting reason
  exitCode?: number;
  lastTerm?: { reason: string; exitCode: number; startedAt: string; finishedAt: string; containerID: string };
  pullErrors: number;
}

interface PodSim {
  phase: 'unscheduled' | 'creating' | 'running' | 'terminating';
  since: number;
  deleteAt?: number;
  containers: Map<string, ContainerSim>;
  transitions: Record<string, string>; // condition type -> lastTransitionTime
  startTime?: string;
  ip?: string;
  /** Nothing left to do until a fault, a deletion or a spec change. */
  stable?: boolean;
  schedEventAt?: number;
}

interface DeploySim {
  progressKey: string;
  progressTick: number;
  progressTime: string;
}

const GRACE_TICKS = 2;
const MAX_EVENTS = 5000;

export class Cluster implements SimCluster {
  readonly store = new ObjectStore();
  readonly logs: LogStore;
  readonly rng: Rng;
  ticks = 0;
  /** Create pods straight into Running without events (initial generation of big clusters). */
  instant = false;
  private faultRule: FaultRule | null = null;
  private usageRule: UsageRule | null = null;
  private pods = new Map<string, PodSim>();
  private deps = new Map<string, DeploySim>();
  private eventFold = new Map<string, string>();
  private nodeRR = 0;
  private ipSeq = 0;
  private kickPending = false;
  private dirtyDeps = new Set<string>();
  private dirtyRs = new Set<string>();
  private everything = true;
  private gcNeeded = true;
  /** Deployments whose rollout is not complete: re-checked every tick (progress deadline). */
  private progressing = new Set<string>();
  private hashes = new Map<string, { rv: string; hash: string }>();

  constructor(seed = 1) {
    this.rng = mulberry32(seed);
    this.logs = new LogStore(this.rng);
    this.store.onWrite = (key, obj, removed) => this.markDirty(key, obj, removed);
  }

  // ---- public API -------------------------------------------------------------------------

  listPods(namespace?: string): any[] {
    return this.store.list(KEYS.pods, namespace);
  }

  getDeployment(ns: string, name: string): any | undefined {
    return this.store.get(KEYS.deployments, ns, name);
  }

  listReplicaSets(ns: string): any[] {
    return this.store.list(KEYS.replicasets, ns);
  }

  listNodes(): any[] {
    return this.store.list(KEYS.nodes);
  }

  ensureNamespace(name: string): void {
    if (!this.store.get(KEYS.namespaces, undefined, name))
      this.store.put(KEYS.namespaces, buildNamespace(name));
  }

  addNode(name: string): void {
    this.store.put(KEYS.nodes, buildNode(name, this.store.count(KEYS.nodes)));
  }

  createDeployment(ns: string, name: string, opts: DeploymentOpts): any {
    this.ensureNamespace(ns);
    const dep = this.store.put(KEYS.deployments, buildDeployment(ns, name, opts));
    if (!this.instant) this.reconcile();
    return this.getDeployment(ns, name) ?? dep;
  }

  updateDeploymentImage(ns: string, name: string, image: string, changeCause?: string): void {
    const cur = this.getDeployment(ns, name);
    if (!cur) throw new Error(`deployment ${ns}/${name} not found`);
    const dep = clone(cur);
    const c = dep.spec.template.spec.containers[0];
    if (c) c.image = image;
    dep.metadata.annotations ??= {};
    dep.metadata.annotations[CHANGE_CAUSE] =
      changeCause ?? `kubectl set image deployment/${name} ${c?.name ?? name}=${image}`;
    dep.metadata.generation = (dep.metadata.generation ?? 1) + 1;
    this.store.put(KEYS.deployments, dep);
    this.reconcile();
  }

  setFaultRule(rule: FaultRule | null): void {
    this.faultRule = rule;
  }

  setUsage(rule: UsageRule | null): void {
    this.usageRule = rule;
  }

  appendLog(ns: string, pod: string, container: string, line: string, at?: Date): void {
    this.logs.append(ns, pod, container, line, at);
  }

  setLogGenerator(gen: LogGenerator | null): void {
    this.logs.generator = gen;
  }

  deletePod(ns: string, name: string, graceTicks = GRACE_TICKS): void {
    const pod = this.store.get(KEYS.pods, ns, name);
    if (!pod) return;
    if (graceTicks <= 0) {
      this.removePod(ns, name);
    } else if (!pod.metadata.deletionTimestamp) {
      const p = clone(pod);
      p.metadata.deletionTimestamp = isoSeconds(Date.now() + 30_000);
      p.metadata.deletionGracePeriodSeconds = 30;
      this.store.put(KEYS.pods, p);
      const sim = this.pods.get(`${ns}/${name}`);
      if (sim) {
        sim.phase = 'terminating';
        sim.deleteAt = this.ticks + graceTicks;
      } else this.removePod(ns, name);
      for (const c of p.spec.containers ?? [])
        this.event(p, 'Normal', 'Killing', `Stopping container ${c.name}`, 'kubelet');
    }
    this.kick();
  }

  addEvent(
    ns: string,
    involved: { kind: string; name: string; uid?: string; apiVersion?: string },
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component = 'warroom-sim',
  ): void {
    const fold = `${ns}\0${involved.kind}\0${involved.name}\0${type}\0${reason}\0${message}`;
    const now = isoSeconds();
    const existingName = this.eventFold.get(fold);
    const existing = existingName ? this.store.get(KEYS.events, ns, existingName) : undefined;
    if (existing) {
      const ev = clone(existing);
      ev.count = (ev.count ?? 1) + 1;
      ev.lastTimestamp = now;
      this.store.put(KEYS.events, ev);
      return;
    }
    const name = `${involved.name}.${hex(this.rng, 16)}`;
    this.eventFold.set(fold, name);
    this.store.put(KEYS.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: involved.kind,
        namespace: ns,
        name: involved.name,
        ...(involved.uid ? { uid: involved.uid } : {}),
        apiVersion:
          involved.apiVersion ?? (['Deployment', 'ReplicaSet'].includes(involved.kind) ? 'apps/v1' : 'v1'),
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    });
    if (this.store.count(KEYS.events) > MAX_EVENTS) {
      const oldest = this.store
        .list(KEYS.events)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .slice(0, MAX_EVENTS / 10);
      for (const e of oldest) this.store.remove(KEYS.events, e.metadata.namespace, e.metadata.name);
      const live = new Set(this.store.list(KEYS.events).map((e) => e.metadata.name));
      for (const [k, v] of this.eventFold) if (!live.has(v)) this.eventFold.delete(k);
    }
  }

  private event(
    obj: any,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
  ): void {
    if (this.instant) return;
    this.addEvent(
      obj.metadata.namespace,
      { kind: obj.kind, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion },
      type,
      reason,
      message,
      component,
    );
  }

  /** Wall clock, shifted back while a backdated cluster is being generated. */
  now(): number {
    return Date.now() - this.store.backdateMs;
  }

  /** One controller step: advances simulated time by one tick. */
  tick(): void {
    this.ticks++;
    this.reconcile(true);
    this.logs.tickFollowed();
  }

  /** Reconcile soon (after an API write), without advancing time. */
  kick(): void {
    if (this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.reconcile();
    });
  }

  /** Metrics for one pod: per container usage. */
  usage(pod: any): { name: string; cpuMillis: number; memoryBytes: number }[] {
    const containers: any[] = pod.spec.containers ?? [];
    const custom = this.usageRule?.(pod);
    if (custom) {
      const n = containers.length || 1;
      return containers.map((c) => ({
        name: c.name,
        cpuMillis: custom.cpuMillis / n,
        memoryBytes: custom.memoryBytes / n,
      }));
    }
    const t = Date.now() / 1000;
    let seed = 0;
    for (const ch of pod.metadata.uid ?? pod.metadata.name) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
    return containers.map((c, i) => {
      const req = c.resources?.requests ?? {};
      const lim = c.resources?.limits ?? {};
      const cpuBase = parseQuantityCpuMillis(req.cpu) ?? parseQuantityCpuMillis(lim.cpu) ?? 50;
      const memBase = parseQuantityBytes(req.memory) ?? parseQuantityBytes(lim.memory) ?? 64 * 1024 ** 2;
      const w = (Math.sin(t / 20 + seed + i) + 1) / 2;
      return {
        name: c.name,
        cpuMillis: Math.max(1, Math.round(cpuBase * (0.2 + 0.7 * w))),
        memoryBytes: Math.round(memBase * (0.5 + 0.4 * ((Math.sin(t / 60 + seed * 1.7 + i) + 1) / 2))),
      };
    });
  }

  // ---- controller -------------------------------------------------------------------------

  reconcile(advance = false): void {
    if (this.everything) {
      this.everything = false;
      for (const d of this.store.list(KEYS.deployments)) this.dirtyDeps.add(idOf(d));
      for (const r of this.store.list(KEYS.replicasets)) this.dirtyRs.add(idOf(r));
    }
    if (this.gcNeeded) {
      this.gcNeeded = false;
      this.garbageCollect();
    }
    if (advance) for (const id of this.progressing) this.dirtyDeps.add(id);
    const deps = take(this.dirtyDeps);
    for (const id of deps) {
      const d = this.byId(KEYS.deployments, id);
      if (d) this.reconcileDeployment(d);
    }
    const rss = take(this.dirtyRs);
    for (const id of rss) {
      const r = this.byId(KEYS.replicasets, id);
      if (r) this.reconcileReplicaSet(r);
    }
    if (advance || this.instant) this.reconcilePods(advance);
    for (const id of take(this.dirtyRs, rss)) {
      const r = this.byId(KEYS.replicasets, id);
      if (r) this.replicaSetStatus(r);
    }
    for (const id of take(this.dirtyDeps, deps)) {
      const d = this.byId(KEYS.deployments, id);
      if (d) this.deploymentStatus(d);
      else this.progressing.delete(id);
    }
  }

  private byId(key: string, id: string): any | undefined {
    const i = id.indexOf('/');
    return this.store.get(key, id.slice(0, i), id.slice(i + 1));
  }

  /** Marks what a write affects: the object itself and its controller. */
  private markDirty(key: string, obj: any, removed: boolean): void {
    const ns = obj.metadata?.namespace;
    if (key === KEYS.deployments) {
      this.dirtyDeps.add(idOf(obj));
      if (removed) this.gcNeeded = true;
    } else if (key === KEYS.replicasets) {
      this.dirtyRs.add(idOf(obj));
      const o = controllerRef(obj);
      if (o) this.dirtyDeps.add(`${ns}/${o.name}`);
      if (removed) this.gcNeeded = true;
    } else if (key === KEYS.pods) {
      const o = controllerRef(obj);
      if (o) this.dirtyRs.add(`${ns}/${o.name}`);
    }
  }

  private ownedBy(key: string, uid: string): any[] {
    return this.store.ownedBy(key, uid);
  }

  private garbageCollect(): void {
    const depUids = new Set(this.store.list(KEYS.deployments).map((d) => d.metadata.uid));
    for (const uid of this.hashes.keys()) if (!depUids.has(uid)) this.hashes.delete(uid);
    const depIds = new Set(this.store.list(KEYS.deployments).map(idOf));
    for (const id of this.deps.keys()) if (!depIds.has(id)) this.deps.delete(id);
    for (const rs of this.store.list(KEYS.replicasets)) {
      const owner = rs.metadata.ownerReferences?.find((r: any) => r.controller && r.kind === 'Deployment');
      if (owner && !depUids.has(owner.uid))
        this.store.remove(KEYS.replicasets, rs.metadata.namespace, rs.metadata.name);
    }
    const rsUids = new Set(this.store.list(KEYS.replicasets).map((r) => r.metadata.uid));
    for (const pod of this.store.list(KEYS.pods)) {
      const owner = pod.metadata.ownerReferences?.find((r: any) => r.controller && r.kind === 'ReplicaSet');
      if (owner && !rsUids.has(owner.uid) && !pod.metadata.deletionTimestamp)
        this.deletePod(pod.metadata.namespace, pod.metadata.name);
    }
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

  private reconcileDeployment(dep0: any): void {
    const ns = dep0.metadata.namespace;
    const owned = this.ownedBy(KEYS.replicasets, dep0.metadata.uid);
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
    if (!newRs) {
      const rs = buildReplicaSet(dep, hash, maxRev + 1, desired);
      newRs = this.store.put(KEYS.replicasets, rs);
      this.event(
        dep,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs.metadata.name} from 0 to ${desired}`,
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
        newRs = this.store.put(KEYS.replicasets, rs);
      }
      if (newRs.spec.replicas !== desired) this.scaleRs(newRs, desired, dep);
    }
    // Old ReplicaSets give way as the new one becomes ready.
    const newReady = this.readyPods(newRs).length;
    let allowed = Math.max(0, desired - newReady);
    for (const rs of old.sort((a, b) => this.revisionOf(b) - this.revisionOf(a))) {
      const target = Math.min(rs.spec.replicas ?? 0, allowed);
      allowed -= target;
      if ((rs.spec.replicas ?? 0) !== target) this.scaleRs(rs, target, dep);
    }
    // Revision bookkeeping on the deployment.
    const revision = newRs.metadata.annotations?.[REVISION];
    if (revision && dep.metadata.annotations?.[REVISION] !== revision) {
      const cur = clone(this.store.get(KEYS.deployments, ns, dep.metadata.name));
      cur.metadata.annotations ??= {};
      cur.metadata.annotations[REVISION] = revision;
      this.store.put(KEYS.deployments, cur);
    }
    // Too many old ReplicaSets: prune beyond revisionHistoryLimit.
    const limit = dep.spec.revisionHistoryLimit ?? 10;
    const idle = old
      .filter((r) => !r.spec.replicas && !this.podsOf(r).length)
      .sort((a, b) => this.revisionOf(a) - this.revisionOf(b));
    while (idle.length > limit) {
      const r = idle.shift()!;
      this.store.remove(KEYS.replicasets, r.metadata.namespace, r.metadata.name);
    }
  }

  private scaleRs(rs0: any, replicas: number, dep: any): void {
    const rs = clone(rs0);
    const from = rs.spec.replicas ?? 0;
    rs.spec.replicas = replicas;
    rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    rs.metadata.annotations ??= {};
    rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'] = String(dep.spec.replicas);
    this.store.put(KEYS.replicasets, rs);
    this.event(
      dep,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
      'deployment-controller',
    );
  }

  private podsOf(rs: any): any[] {
    return this.ownedBy(KEYS.pods, rs.metadata.uid);
  }

  private readyPods(rs: any): any[] {
    return this.podsOf(rs).filter((p) => !p.metadata.deletionTimestamp && isReady(p));
  }

  private reconcileReplicaSet(rs: any): void {
    const live = this.podsOf(rs).filter((p) => !p.metadata.deletionTimestamp);
    const want = rs.spec.replicas ?? 0;
    for (let i = live.length; i < want; i++) {
      let name = `${rs.metadata.name}-${suffix(this.rng)}`;
      while (this.store.get(KEYS.pods, rs.metadata.namespace, name))
        name = `${rs.metadata.name}-${suffix(this.rng)}`;
      const pod = podFromTemplate(rs, name);
      this.store.put(KEYS.pods, pod);
      this.pods.set(`${pod.metadata.namespace}/${pod.metadata.name}`, {
        phase: 'unscheduled',
        since: this.ticks,
        containers: new Map(),
        transitions: {},
      });
      this.event(
        rs,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata.name}`,
        'replicaset-controller',
      );
    }
    if (live.length > want) {
      const rank = (p: any) => (!p.spec.nodeName ? 0 : isReady(p) ? 2 : 1);
      const victims = live
        .sort(
          (a, b) =>
            rank(a) - rank(b) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp),
        )
        .slice(0, live.length - want);
      for (const p of victims) {
        this.deletePod(p.metadata.namespace, p.metadata.name);
        this.event(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${p.metadata.name}`,
          'replicaset-controller',
        );
      }
    }
  }

  private replicaSetStatus(rs: any): void {
    const pods = this.podsOf(rs).filter((p) => !p.metadata.deletionTimestamp);
    const ready = pods.filter(isReady).length;
    const status: any = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (!ready) {
      delete status.readyReplicas;
      delete status.availableReplicas;
    }
    if (!pods.length) delete status.fullyLabeledReplicas;
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      const next = clone(rs);
      next.status = status;
      this.store.put(KEYS.replicasets, next);
    }
  }

  private deploymentStatus(dep: any): void {
    const key = `${dep.metadata.namespace}/${dep.metadata.name}`;
    const owned = this.ownedBy(KEYS.replicasets, dep.metadata.uid);
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
    const maxUnavailable = Math.floor(desired * 0.25);
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
      sim = { progressKey: pkey, progressTick: this.ticks, progressTime: now };
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
        : this.ticks - sim.progressTick >= (dep.spec.progressDeadlineSeconds ?? 600)
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
      this.store.put(KEYS.deployments, next);
    }
  }

  // ---- kubelet -----------------------------------------------------------------------------

  private removePod(ns: string, name: string): void {
    this.store.remove(KEYS.pods, ns, name);
    this.pods.delete(`${ns}/${name}`);
    this.logs.removePod(ns, name);
  }

  private deploymentOfPod(pod: any): any | undefined {
    const rsRef = pod.metadata.ownerReferences?.find((r: any) => r.kind === 'ReplicaSet');
    if (!rsRef) return undefined;
    const rs = this.store.get(KEYS.replicasets, pod.metadata.namespace, rsRef.name);
    const depRef = rs?.metadata.ownerReferences?.find((r: any) => r.kind === 'Deployment');
    return depRef ? this.store.get(KEYS.deployments, pod.metadata.namespace, depRef.name) : undefined;
  }

  private pickNode(): any | undefined {
    const nodes = this.store.list(KEYS.nodes).filter((n) => !n.spec?.unschedulable);
    if (!nodes.length) return undefined;
    return nodes[this.nodeRR++ % nodes.length];
  }

  private reconcilePods(advance: boolean): void {
    for (const pod of this.store.list(KEYS.pods)) {
      const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
      let sim = this.pods.get(id);
      if (!sim) {
        // A pod created through the API (or generated): the kubelet adopts it.
        sim = { phase: 'unscheduled', since: this.ticks, containers: new Map(), transitions: {} };
        if (pod.spec.nodeName) sim.phase = 'creating';
        this.pods.set(id, sim);
      }
      if (sim.phase === 'terminating' || pod.metadata.deletionTimestamp) {
        if (sim.phase !== 'terminating') {
          sim.phase = 'terminating';
          sim.deleteAt = this.ticks + GRACE_TICKS;
        }
        if (advance && this.ticks >= (sim.deleteAt ?? 0))
          this.removePod(pod.metadata.namespace, pod.metadata.name);
        continue;
      }
      let fault: Fault | null = null;
      if (advance && this.faultRule) {
        try {
          fault = this.faultRule(pod, this.deploymentOfPod(pod));
        } catch {
          fault = null;
        }
      }
      if (sim.stable && fault === null) continue;
      const next = this.stepPod(pod, sim, fault, advance);
      if (next) this.store.put(KEYS.pods, next);
      else if (advance && fault === null && sim.phase === 'running') {
        sim.stable = [...sim.containers.values()].every((c) => c.state === 'running');
      }
      if (fault !== null) sim.stable = false;
    }
  }

  /** Advances one pod; returns the new object when its status changed. */
  private stepPod(pod0: any, sim: PodSim, fault: Fault | null, advance: boolean): any | undefined {
    const pod = clone(pod0);
    const T = this.ticks;
    const containers: any[] = pod.spec.containers ?? [];
    const main = containers[0]?.name;
    if (sim.phase === 'unscheduled') {
      if (fault === 'Pending') {
        pod.status.phase = 'Pending';
        const n = this.store.count(KEYS.nodes);
        const msg = `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
        pod.status.conditions = [this.condition(sim, 'PodScheduled', 'False', 'Unschedulable', msg)];
        if (advance && (sim.schedEventAt === undefined || T - sim.schedEventAt >= 10)) {
          sim.schedEventAt = T;
          this.event(pod, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
        }
        return this.changed(pod0, pod);
      }
      const node = this.pickNode();
      if (!node) return undefined;
      pod.spec.nodeName = node.metadata.name;
      sim.phase = 'creating';
      sim.since = T;
      sim.ip = `10.244.${Math.max(0, Number(node.spec.podCIDR?.split('.')[2] ?? 0))}.${(++this.ipSeq % 250) + 2}`;
      sim.startTime = isoSeconds(this.now());
      for (const c of containers)
        sim.containers.set(c.name, { state: 'creating', since: T, restarts: 0, backoff: 0, pullErrors: 0 });
      this.event(
        pod,
        'Normal',
        'Scheduled',
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
        'default-scheduler',
      );
      if (!this.instant) return this.render(pod0, pod, sim);
    }
    if (sim.phase === 'creating' && (this.instant || T > sim.since)) {
      sim.phase = 'running';
      sim.since = T;
    }
    if (sim.phase === 'running') {
      for (const c of containers) {
        let cs = sim.containers.get(c.name);
        if (!cs) {
          cs = { state: 'creating', since: T, restarts: 0, backoff: 0, pullErrors: 0 };
          sim.containers.set(c.name, cs);
        }
        const f = c.name === main ? fault : null;
        this.stepContainer(pod, c, cs, f, advance);
      }
    }
    return this.render(pod0, pod, sim);
  }

  private startContainer(pod: any, c: any, cs: ContainerSim, restart: boolean): void {
    cs.state = 'running';
    cs.since = this.ticks;
    cs.startedAt = isoSeconds(this.now());
    cs.id = containerId(this.rng);
    cs.imageID ??= imageId(c.image ?? 'unknown', this.rng);
    if (restart) cs.restarts++;
    this.logs.started(pod, c.name, restart);
    if (!restart) this.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet');
    this.event(
      pod,
      'Normal',
      'Pulled',
      restart
        ? `Container image "${c.image}" already present on machine`
        : `Successfully pulled image "${c.image}" in 1.204s (1.204s including waiting). Image size: 48215243 bytes.`,
      'kubelet',
    );
    this.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, 'kubelet');
    this.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet');
  }

  private stepContainer(pod: any, c: any, cs: ContainerSim, fault: Fault | null, advance: boolean): void {
    const T = this.ticks;
    const crash = fault === 'CrashLoopBackOff' || fault === 'OOMKilled' || fault === 'Error';
    switch (cs.state) {
      case 'creating':
        if (fault === 'ImagePullBackOff') {
          cs.state = 'pullbackoff';
          cs.since = T;
          cs.reason = 'ErrImagePull';
          this.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet');
          this.event(
            pod,
            'Warning',
            'Failed',
            `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found`,
            'kubelet',
          );
          this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
        } else this.startContainer(pod, c, cs, false);
        return;
      case 'pullbackoff':
        if (!advance) return;
        if (fault !== 'ImagePullBackOff') this.startContainer(pod, c, cs, false);
        else if (T > cs.since) {
          cs.reason = 'ImagePullBackOff';
          this.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, 'kubelet');
          this.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
        }
        return;
      case 'running':
        if (advance && crash && T > cs.since) {
          const oom = fault === 'OOMKilled';
          cs.state = 'terminated';
          cs.since = T;
          cs.reason = oom ? 'OOMKilled' : 'Error';
          cs.exitCode = oom ? 137 : 1;
          this.logs.stopped(
            pod,
            c.name,
            oom
              ? [`${new Date().toISOString()} ERROR [${c.name}] heap usage above limit, allocation failed`]
              : [
                  `${new Date().toISOString()} ERROR [${c.name}] fatal: could not connect to database: connection refused`,
                  'panic: runtime error: invalid memory address or nil pointer dereference',
                ],
          );
        }
        return;
      case 'terminated':
        if (advance && T > cs.since) {
          cs.lastTerm = {
            reason: cs.reason ?? 'Error',
            exitCode: cs.exitCode ?? 1,
            startedAt: cs.startedAt ?? isoSeconds(),
            finishedAt: isoSeconds(),
            containerID: cs.id ?? '',
          };
          // Like the kubelet: the first failure restarts at once, later ones back off (doubling).
          if (cs.restarts === 0) {
            this.startContainer(pod, c, cs, true);
            return;
          }
          cs.backoff = Math.min(cs.backoff ? cs.backoff * 2 : 1, 16);
          cs.state = 'backoff';
          cs.since = T;
          this.event(
            pod,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            'kubelet',
          );
        }
        return;
      case 'backoff':
        if (advance && T - cs.since >= cs.backoff) this.startContainer(pod, c, cs, true);
        return;
    }
  }

  private condition(sim: PodSim, type: string, status: string, reason?: string, message?: string): any {
    const key = `${type}`;
    const prev = sim.transitions[key];
    let at: string;
    if (prev && prev.startsWith(status + '@')) at = prev.slice(status.length + 1);
    else {
      at = isoSeconds(this.now());
      sim.transitions[key] = `${status}@${at}`;
    }
    const c: any = { type, status, lastProbeTime: null, lastTransitionTime: at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  private render(pod0: any, pod: any, sim: PodSim): any | undefined {
    const node = pod.spec.nodeName ? this.store.get(KEYS.nodes, undefined, pod.spec.nodeName) : undefined;
    const hostIP = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address;
    const statuses: any[] = [];
    const unready: string[] = [];
    let anyWaitingPull = false;
    for (const c of pod.spec.containers ?? []) {
      const cs = sim.containers.get(c.name);
      const st: any = {
        name: c.name,
        image: c.image,
        imageID: cs?.imageID && cs.state !== 'creating' && cs.state !== 'pullbackoff' ? cs.imageID : '',
        ...(cs?.id && cs.state !== 'creating' && cs.state !== 'pullbackoff' ? { containerID: cs.id } : {}),
        ready: false,
        started: false,
        restartCount: cs?.restarts ?? 0,
        state: {},
        lastState: {},
      };
      switch (cs?.state ?? 'creating') {
        case 'creating':
          st.state = { waiting: { reason: 'ContainerCreating' } };
          break;
        case 'pullbackoff':
          anyWaitingPull = true;
          st.state = {
            waiting: {
              reason: cs!.reason,
              message:
                cs!.reason === 'ImagePullBackOff'
                  ? `Back-off pulling image "${c.image}"`
                  : `rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found`,
            },
          };
          break;
        case 'running':
          st.state = { running: { startedAt: cs!.startedAt } };
          st.started = true;
          st.ready = !(cs!.lastTerm && this.ticks - cs!.since < 1);
          break;
        case 'terminated':
          st.state = {
            terminated: {
              exitCode: cs!.exitCode,
              reason: cs!.reason,
              startedAt: cs!.startedAt,
              finishedAt: isoSeconds(),
              containerID: cs!.id,
            },
          };
          break;
        case 'backoff':
          st.state = {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${cs!.backoff * 10}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            },
          };
          break;
      }
      if (cs?.lastTerm) st.lastState = { terminated: { ...cs.lastTerm } };
      if (!st.ready) unready.push(c.name);
      statuses.push(st);
    }
    // Keep the previously published terminated.finishedAt stable while the state lasts.
    const prevStatuses: any[] = pod0.status?.containerStatuses ?? [];
    for (const st of statuses) {
      const prev = prevStatuses.find((p) => p.name === st.name);
      if (st.state.terminated && prev?.state?.terminated)
        st.state.terminated.finishedAt = prev.state.terminated.finishedAt;
    }
    const allReady = unready.length === 0 && statuses.length > 0;
    const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`;
    const creating = sim.phase === 'creating';
    const phase = sim.phase === 'running' && !anyWaitingPull ? 'Running' : 'Pending';
    pod.status = {
      phase,
      conditions: [
        this.condition(sim, 'PodReadyToStartContainers', creating ? 'False' : 'True'),
        this.condition(sim, 'Initialized', 'True'),
        allReady
          ? this.condition(sim, 'Ready', 'True')
          : this.condition(sim, 'Ready', 'False', 'ContainersNotReady', notReadyMsg),
        allReady
          ? this.condition(sim, 'ContainersReady', 'True')
          : this.condition(sim, 'ContainersReady', 'False', 'ContainersNotReady', notReadyMsg),
        this.condition(sim, 'PodScheduled', 'True'),
      ],
      hostIP,
      hostIPs: hostIP ? [{ ip: hostIP }] : undefined,
      podIP: creating ? undefined : sim.ip,
      podIPs: creating || !sim.ip ? undefined : [{ ip: sim.ip }],
      startTime: sim.startTime,
      containerStatuses: statuses,
      qosClass: pod0.status?.qosClass ?? 'BestEffort',
    };
    for (const k of Object.keys(pod.status)) if (pod.status[k] === undefined) delete pod.status[k];
    for (const c of pod.spec.containers ?? []) this.logs.setPod(pod, c.name);
    return this.changed(pod0, pod);
  }

  private changed(pod0: any, pod: any): any | undefined {
    return JSON.stringify(pod0) === JSON.stringify(pod) ? undefined : pod;
  }
}

export function isReady(pod: any): boolean {
  return !!pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function idOf(obj: any): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

function controllerRef(obj: any): { name: string; uid: string } | undefined {
  return obj.metadata?.ownerReferences?.find((r: any) => r.controller);
}

/** Empties a set and returns its items, plus any extra ones. */
function take(set: Set<string>, extra: Iterable<string> = []): Set<string> {
  const out = new Set(extra);
  for (const x of set) out.add(x);
  set.clear();
  return out;
}
