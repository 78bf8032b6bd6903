// The in-memory cluster: the object store plus small controllers that make it behave like a
// real one: the Deployment controller (deployment-controller.ts: ReplicaSets with revisions,
// rolling updates, status), the ReplicaSet controller (replicaset-controller.ts: pods from the
// template), garbage collection (gc.ts), the kubelet (kubelet.ts: Pending, ContainerCreating,
// Running, crash loops, OOM kills), events folded like the API server's (events.ts) and usage
// for metrics (usage.ts). This file is the scenario API and the reconcile loop. Time in the
// controllers is counted in ticks (about one per second in the server), so backoffs and
// progress deadlines run at simulator speed.
import {
  defaultExitLog,
  type ClusterCore,
  type ExitLogRule,
  type FaultRule,
  type UsageRule,
} from './core.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointsController } from './endpoints-controller.js';
import { EventLog } from './events.js';
import { collectGarbage } from './gc.js';
import { GRACE_TICKS, Kubelet } from './kubelet.js';
import { LogStore, type LogGenerator } from './logs.js';
import {
  CHANGE_CAUSE,
  KEYS,
  deployment as buildDeployment,
  node as buildNode,
  namespace as buildNamespace,
  type DeploymentOpts,
} from './objects.js';
import { controllerRef, idOf } from './ownership.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { ObjectStore } from './store.js';
import { podUsage } from './usage.js';
import { clone, isoSeconds, mulberry32, type Rng } from './util.js';

export type { Fault, FaultRule, UsageRule, ExitLogRule } from './core.js';
export { defaultExitLog } from './core.js';
export { isReady } from './ownership.js';

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
  setExitLog(rule: ExitLogRule | null): void;
  appendLog(ns: string, pod: string, container: string, line: string, at?: Date): void;
  setLogGenerator(gen: LogGenerator | null): void;
  deletePod(ns: string, name: string): void;
  tick(): void;
}

export class Cluster implements SimCluster, ClusterCore {
  readonly store = new ObjectStore();
  readonly logs: LogStore;
  readonly rng: Rng;
  ticks = 0;
  /** Create pods straight into Running without events (initial generation of big clusters). */
  instant = false;
  faultRule: FaultRule | null = null;
  private usageRule: UsageRule | null = null;
  private exitRule: ExitLogRule = defaultExitLog;
  private readonly events: EventLog;
  private readonly kubelet: Kubelet;
  private readonly deployments: DeploymentController;
  private readonly replicaSets: ReplicaSetController;
  private readonly endpoints: EndpointsController;
  private kickPending = false;
  private dirtyDeps = new Set<string>();
  private dirtyRs = new Set<string>();
  private everything = true;
  private gcNeeded = true;

  constructor(seed = 1) {
    this.rng = mulberry32(seed);
    this.logs = new LogStore(this.rng);
    this.events = new EventLog(this.store, this.rng);
    this.kubelet = new Kubelet(this);
    this.deployments = new DeploymentController(this);
    this.replicaSets = new ReplicaSetController(this, this.kubelet);
    this.endpoints = new EndpointsController(this);
    this.store.onWrite = (key, obj, removed) => this.markDirty(key, obj, removed);
  }

  // ---- scenario API --------------------------------------------------------------------------

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

  setExitLog(rule: ExitLogRule | null): void {
    this.exitRule = rule ?? defaultExitLog;
  }

  /** A dying container's last lines (a rule that throws gives none). */
  exitLog(pod: any, container: string, reason: 'OOMKilled' | 'Error', now: Date): string[] {
    try {
      return this.exitRule(pod, container, reason, now);
    } catch {
      return [];
    }
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
      this.kubelet.removePod(ns, name);
    } else if (!pod.metadata.deletionTimestamp) {
      const p = clone(pod);
      p.metadata.deletionTimestamp = isoSeconds(Date.now() + 30_000);
      p.metadata.deletionGracePeriodSeconds = 30;
      this.store.put(KEYS.pods, p);
      if (!this.kubelet.terminate(ns, name, graceTicks)) this.kubelet.removePod(ns, name);
      for (const c of p.spec.containers ?? [])
        this.event(p, 'Normal', 'Killing', `Stopping container ${c.name}`, 'kubelet');
    }
    this.kick();
  }

  addEvent(...args: Parameters<EventLog['add']>): void {
    this.events.add(...args);
  }

  event(obj: any, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
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
    return podUsage(pod, this.usageRule);
  }

  // ---- reconcile loop ------------------------------------------------------------------------

  reconcile(advance = false): void {
    if (this.everything) {
      this.everything = false;
      for (const d of this.store.list(KEYS.deployments)) this.dirtyDeps.add(idOf(d));
      for (const r of this.store.list(KEYS.replicasets)) this.dirtyRs.add(idOf(r));
    }
    if (this.gcNeeded) {
      this.gcNeeded = false;
      collectGarbage(this, this.deployments);
    }
    if (advance) for (const id of this.deployments.progressing) this.dirtyDeps.add(id);
    const deps = take(this.dirtyDeps);
    for (const id of deps) {
      const d = this.byId(KEYS.deployments, id);
      if (d) this.deployments.reconcile(d);
    }
    const rss = take(this.dirtyRs);
    for (const id of rss) {
      const r = this.byId(KEYS.replicasets, id);
      if (r) this.replicaSets.reconcile(r);
    }
    if (advance || this.instant) this.kubelet.reconcilePods(advance);
    for (const id of take(this.dirtyRs, rss)) {
      const r = this.byId(KEYS.replicasets, id);
      if (r) this.replicaSets.status(r);
    }
    for (const id of take(this.dirtyDeps, deps)) {
      const d = this.byId(KEYS.deployments, id);
      if (d) this.deployments.status(d);
      else this.deployments.progressing.delete(id);
    }
    this.endpoints.reconcile();
  }

  private byId(key: string, id: string): any | undefined {
    const i = id.indexOf('/');
    return this.store.get(key, id.slice(0, i), id.slice(i + 1));
  }

  /** Marks what a write affects: the object itself and its controller. */
  private markDirty(key: string, obj: any, removed: boolean): void {
    const ns = obj.metadata?.namespace;
    this.endpoints.markDirty(key, obj);
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
}

/** Empties a set and returns its items, plus any extra ones. */
function take(set: Set<string>, extra: Iterable<string> = []): Set<string> {
  const out = new Set(extra);
  for (const x of set) out.add(x);
  set.clear();
  return out;
}
