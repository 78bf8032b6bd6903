// Which container streams run: one per running container of the followed pods, at most
// `maxStreams` at once (the rest wait their turn). A stream that ends is started again at once
// when it had lines, else after a capped backoff. A retry is due when its own timer fires: the
// timer marks the stream ready rather than comparing clocks (a Node timer may fire a
// millisecond before `Date.now()` reaches the time it was set for, and the wall clock can step),
// so no retry is ever skipped.
//
// 403 on pods/log is a property of the namespace, not of a stream: the denied streams of a
// namespace wait together while one of them probes every `deniedRetryMs`; as soon as any
// stream of that namespace is answered (the probe, or a pod that joined), every denied stream
// of the namespace starts at once with a fresh backoff: a responder who fixes RBAC gets every
// pod's logs back within seconds.
import { backoffMs } from '../source.js';
import type { ContainerRef, FollowEnd, StreamPosition } from './k8s-follow.js';

export interface ContainerInfo {
  running: boolean;
}

export interface PodInfo {
  namespace: string;
  name: string;
  /** container name → state */
  containers: Map<string, ContainerInfo>;
}

export interface StreamState {
  key: string;
  ref: ContainerRef;
  pos: StreamPosition;
  running?: { abort: () => void };
  /** The server answered: lines flow. */
  live: boolean;
  /** May start now (no retry pending). */
  ready: boolean;
  /** Got 403: waits for its namespace to be allowed again. */
  denied: boolean;
  failures: number;
  timer?: NodeJS.Timeout;
  issue?: string;
}

export interface SchedulerOptions {
  maxStreams: number;
  deniedRetryMs: number;
  backoffCapMs: number;
  /** Runs one stream until it ends; calls `connected` once the server answered. */
  follow(s: StreamState, connected: () => void, signal: AbortSignal): Promise<FollowEnd>;
  /** Something the status shows changed. */
  onChange(): void;
}

export class StreamScheduler {
  readonly streams = new Map<string, StreamState>(); // ns/pod/container
  private pods = new Map<string, PodInfo>(); // ns/name
  private readonly probes = new Map<string, NodeJS.Timeout>(); // namespace → next probe
  private readonly runs = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  /** The pods followed now: streams of new containers join, those of pods gone are dropped. */
  sync(pods: Iterable<PodInfo>): void {
    if (this.stopped) return;
    this.pods = new Map([...pods].map((p) => [`${p.namespace}/${p.name}`, p]));
    const live = new Set<string>();
    for (const p of this.pods.values())
      for (const [c, st] of p.containers) {
        const key = `${p.namespace}/${p.name}/${c}`;
        live.add(key);
        let s = this.streams.get(key);
        if (!s) {
          s = {
            key,
            ref: { namespace: p.namespace, name: p.name, container: c },
            pos: { seenAtLast: new Set(), everStarted: false },
            ready: true,
            live: false,
            denied: false,
            failures: 0,
          };
          this.streams.set(key, s);
        }
        if (!st.running && s.issue && !s.denied) s.issue = undefined;
      }
    for (const [key, s] of this.streams)
      if (!live.has(key)) {
        s.running?.abort();
        if (s.timer) clearTimeout(s.timer);
        this.streams.delete(key);
      }
    this.pump();
  }

  /** Streams the server answered, lines flowing. */
  active(): number {
    let n = 0;
    for (const s of this.streams.values()) if (s.live) n++;
    return n;
  }

  /** Streams that would run but wait for a slot (or a retry). */
  waiting(): number {
    let n = 0;
    for (const s of this.streams.values()) if (!s.running && !s.issue && this.wanted(s)) n++;
    return n;
  }

  /** Streams refused with 403 (the one probing included). */
  denied(): StreamState[] {
    return [...this.streams.values()].filter((s) => s.denied);
  }

  private running(): number {
    let n = 0;
    for (const s of this.streams.values()) if (s.running) n++;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.probes.values()) clearTimeout(t);
    this.probes.clear();
    for (const s of this.streams.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.running?.abort();
    }
    await Promise.allSettled([...this.runs]);
  }

  private wanted(s: StreamState): boolean {
    return !!this.pods.get(`${s.ref.namespace}/${s.ref.name}`)?.containers.get(s.ref.container)?.running;
  }

  /** Starts the ready streams of running containers, up to the cap. */
  private pump(): void {
    if (this.stopped) return;
    let active = this.running();
    for (const s of this.streams.values()) {
      if (active >= this.o.maxStreams) break;
      if (s.running || !s.ready || !this.wanted(s)) continue;
      this.start(s);
      active++;
    }
    for (const s of this.streams.values()) if (s.denied) this.probeLater(s.ref.namespace);
    this.o.onChange();
  }

  private start(s: StreamState): void {
    const ac = new AbortController();
    s.running = { abort: () => ac.abort() };
    const connected = () => {
      s.live = true;
      s.issue = undefined;
      this.allowed(s.ref.namespace);
      this.o.onChange();
    };
    const run = this.o
      .follow(s, connected, ac.signal)
      .catch((err: unknown): FollowEnd => ({ kind: 'failed', issue: String(err) }))
      .then((end) => {
        s.running = undefined;
        s.live = false;
        this.runs.delete(run);
        if (this.stopped || this.streams.get(s.key) !== s) return;
        this.ended(s, end);
        this.pump();
      });
    this.runs.add(run);
  }

  private ended(s: StreamState, end: FollowEnd): void {
    switch (end.kind) {
      case 'denied':
        s.issue = end.issue;
        s.denied = true;
        s.ready = false;
        return;
      case 'gone':
        s.issue = undefined;
        s.failures++;
        break;
      case 'failed':
        s.issue = end.issue;
        s.failures++;
        break;
      case 'ended':
        s.failures = end.gotLine ? 0 : s.failures + 1;
        break;
    }
    this.retryIn(s, s.failures ? backoffMs(s.failures, 500, this.o.backoffCapMs) : 0);
  }

  private retryIn(s: StreamState, ms: number): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    if (ms <= 0) {
      s.ready = true;
      return;
    }
    s.ready = false;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      s.ready = true;
      this.pump();
    }, ms);
    s.timer.unref?.();
  }

  /** A stream of the namespace was answered: every denied stream there may start now. */
  private allowed(namespace: string): void {
    const probe = this.probes.get(namespace);
    if (probe) clearTimeout(probe);
    this.probes.delete(namespace);
    let released = false;
    for (const s of this.streams.values())
      if (s.denied && s.ref.namespace === namespace) {
        s.denied = false;
        s.issue = undefined;
        s.failures = 0;
        this.retryIn(s, 0);
        released = true;
      }
    if (released) this.pump();
  }

  /** While a namespace is denied, one of its streams asks again every `deniedRetryMs`. */
  private probeLater(namespace: string): void {
    if (this.probes.has(namespace)) return;
    for (const s of this.streams.values()) if (s.running && s.ref.namespace === namespace) return;
    const t = setTimeout(() => {
      this.probes.delete(namespace);
      const probe = [...this.streams.values()].find(
        (s) => s.denied && s.ref.namespace === namespace && this.wanted(s),
      );
      if (probe) probe.ready = true;
      this.pump();
    }, this.o.deniedRetryMs);
    t.unref?.();
    this.probes.set(namespace, t);
  }
}
