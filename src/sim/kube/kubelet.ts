// The kubelet: moves each pod through scheduling (a node round-robin, FailedScheduling when a
// fault says Pending), ContainerCreating, Running, crash loops with the kubelet's doubling
// back-off, OOM kills and image pull back-off, as a fault rule decides; renders the pod's
// status (phase, conditions, container states) and removes pods after their grace period.
import type { ClusterCore, Fault } from './core.js';
import { KEYS, containerId, imageId } from './objects.js';
import { clone, isoSeconds } from './util.js';

export const GRACE_TICKS = 2;

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

export class Kubelet {
  private pods = new Map<string, PodSim>();
  private nodeRR = 0;
  private ipSeq = 0;

  constructor(private readonly c: ClusterCore) {}

  /** A pod the ReplicaSet controller just created: to be scheduled. */
  track(pod: any): void {
    this.pods.set(`${pod.metadata.namespace}/${pod.metadata.name}`, {
      phase: 'unscheduled',
      since: this.c.ticks,
      containers: new Map(),
      transitions: {},
    });
  }

  /** Starts the grace period of a pod being deleted; false when the kubelet never ran it. */
  terminate(ns: string, name: string, graceTicks: number): boolean {
    const sim = this.pods.get(`${ns}/${name}`);
    if (!sim) return false;
    sim.phase = 'terminating';
    sim.deleteAt = this.c.ticks + graceTicks;
    return true;
  }

  removePod(ns: string, name: string): void {
    this.c.store.remove(KEYS.pods, ns, name);
    this.pods.delete(`${ns}/${name}`);
    this.c.logs.removePod(ns, name);
  }

  private deploymentOfPod(pod: any): any | undefined {
    const rsRef = pod.metadata.ownerReferences?.find((r: any) => r.kind === 'ReplicaSet');
    if (!rsRef) return undefined;
    const rs = this.c.store.get(KEYS.replicasets, pod.metadata.namespace, rsRef.name);
    const depRef = rs?.metadata.ownerReferences?.find((r: any) => r.kind === 'Deployment');
    return depRef ? this.c.store.get(KEYS.deployments, pod.metadata.namespace, depRef.name) : undefined;
  }

  private pickNode(): any | undefined {
    const nodes = this.c.store.list(KEYS.nodes).filter((n) => !n.spec?.unschedulable);
    if (!nodes.length) return undefined;
    return nodes[this.nodeRR++ % nodes.length];
  }

  reconcilePods(advance: boolean): void {
    for (const pod of this.c.store.list(KEYS.pods)) {
      const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
      let sim = this.pods.get(id);
      if (!sim) {
        // A pod created through the API (or generated): the kubelet adopts it.
        sim = { phase: 'unscheduled', since: this.c.ticks, containers: new Map(), transitions: {} };
        if (pod.spec.nodeName) sim.phase = 'creating';
        this.pods.set(id, sim);
      }
      if (sim.phase === 'terminating' || pod.metadata.deletionTimestamp) {
        if (sim.phase !== 'terminating') {
          sim.phase = 'terminating';
          sim.deleteAt = this.c.ticks + GRACE_TICKS;
        }
        if (advance && this.c.ticks >= (sim.deleteAt ?? 0))
          this.removePod(pod.metadata.namespace, pod.metadata.name);
        continue;
      }
      let fault: Fault | null = null;
      if (advance && this.c.faultRule) {
        try {
          fault = this.c.faultRule(pod, this.deploymentOfPod(pod));
        } catch {
          fault = null;
        }
      }
      if (sim.stable && fault === null) continue;
      const next = this.stepPod(pod, sim, fault, advance);
      if (next) this.c.store.put(KEYS.pods, next);
      else if (advance && fault === null && sim.phase === 'running') {
        sim.stable = [...sim.containers.values()].every((c) => c.state === 'running');
      }
      if (fault !== null) sim.stable = false;
    }
  }

  /** Advances one pod; returns the new object when its status changed. */
  private stepPod(pod0: any, sim: PodSim, fault: Fault | null, advance: boolean): any | undefined {
    const pod = clone(pod0);
    const T = this.c.ticks;
    const containers: any[] = pod.spec.containers ?? [];
    const main = containers[0]?.name;
    if (sim.phase === 'unscheduled') {
      if (fault === 'Pending') {
        pod.status.phase = 'Pending';
        const n = this.c.store.count(KEYS.nodes);
        const msg = `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
        pod.status.conditions = [this.condition(sim, 'PodScheduled', 'False', 'Unschedulable', msg)];
        if (advance && (sim.schedEventAt === undefined || T - sim.schedEventAt >= 10)) {
          sim.schedEventAt = T;
          this.c.event(pod, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
        }
        return this.changed(pod0, pod);
      }
      const node = this.pickNode();
      if (!node) return undefined;
      pod.spec.nodeName = node.metadata.name;
      sim.phase = 'creating';
      sim.since = T;
      sim.ip = `10.244.${Math.max(0, Number(node.spec.podCIDR?.split('.')[2] ?? 0))}.${(++this.ipSeq % 250) + 2}`;
      sim.startTime = isoSeconds(this.c.now());
      for (const c of containers)
        sim.containers.set(c.name, { state: 'creating', since: T, restarts: 0, backoff: 0, pullErrors: 0 });
      this.c.event(
        pod,
        'Normal',
        'Scheduled',
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
        'default-scheduler',
      );
      if (!this.c.instant) return this.render(pod0, pod, sim);
    }
    if (sim.phase === 'creating' && (this.c.instant || T > sim.since)) {
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
    cs.since = this.c.ticks;
    cs.startedAt = isoSeconds(this.c.now());
    cs.id = containerId(this.c.rng);
    cs.imageID ??= imageId(c.image ?? 'unknown', this.c.rng);
    if (restart) cs.restarts++;
    this.c.logs.started(pod, c.name, restart);
    if (!restart) this.c.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet');
    this.c.event(
      pod,
      'Normal',
      'Pulled',
      restart
        ? `Container image "${c.image}" already present on machine`
        : `Successfully pulled image "${c.image}" in 1.204s (1.204s including waiting). Image size: 48215243 bytes.`,
      'kubelet',
    );
    this.c.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, 'kubelet');
    this.c.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet');
  }

  private stepContainer(pod: any, c: any, cs: ContainerSim, fault: Fault | null, advance: boolean): void {
    const T = this.c.ticks;
    const crash = fault === 'CrashLoopBackOff' || fault === 'OOMKilled' || fault === 'Error';
    switch (cs.state) {
      case 'creating':
        if (fault === 'ImagePullBackOff') {
          cs.state = 'pullbackoff';
          cs.since = T;
          cs.reason = 'ErrImagePull';
          this.c.event(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, 'kubelet');
          this.c.event(
            pod,
            'Warning',
            'Failed',
            `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found`,
            'kubelet',
          );
          this.c.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
        } else this.startContainer(pod, c, cs, false);
        return;
      case 'pullbackoff':
        if (!advance) return;
        if (fault !== 'ImagePullBackOff') this.startContainer(pod, c, cs, false);
        else if (T > cs.since) {
          cs.reason = 'ImagePullBackOff';
          this.c.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, 'kubelet');
          this.c.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
        }
        return;
      case 'running':
        if (advance && crash && T > cs.since) {
          const oom = fault === 'OOMKilled';
          cs.state = 'terminated';
          cs.since = T;
          cs.reason = oom ? 'OOMKilled' : 'Error';
          cs.exitCode = oom ? 137 : 1;
          this.c.logs.stopped(
            pod,
            c.name,
            this.c.exitLog(pod, c.name, cs.reason as 'OOMKilled' | 'Error', new Date()),
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
          this.c.event(
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
      at = isoSeconds(this.c.now());
      sim.transitions[key] = `${status}@${at}`;
    }
    const c: any = { type, status, lastProbeTime: null, lastTransitionTime: at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  private render(pod0: any, pod: any, sim: PodSim): any | undefined {
    const node = pod.spec.nodeName ? this.c.store.get(KEYS.nodes, undefined, pod.spec.nodeName) : undefined;
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
          st.ready = !(cs!.lastTerm && this.c.ticks - cs!.since < 1);
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
    for (const c of pod.spec.containers ?? []) this.c.logs.setPod(pod, c.name);
    return this.changed(pod0, pod);
  }

  private changed(pod0: any, pod: any): any | undefined {
    return JSON.stringify(pod0) === JSON.stringify(pod) ? undefined : pod;
  }
}
