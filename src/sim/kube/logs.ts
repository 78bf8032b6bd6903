// Container logs: a bounded buffer per container instance (current and previous), lines
// produced lazily by a generator (about one batch per simulated second, caught up whenever
// someone reads or follows), and followers that get new lines as they are appended.
import { isoNano, type Rng } from './util.js';
import { systemLines } from './system-logs.js';

export interface LogLine {
  at: number; // ms since epoch
  nanos: number; // tie-breaker for the RFC3339Nano prefix
  text: string;
}

export type LogGenerator = (pod: any, container: string, now: Date) => string[];

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
  running: boolean;
  lastGen: number;
  /** A container that started before the simulator did: its history is still to be written. */
  historyFrom?: number;
  pod: any;
  followers: Set<(line: LogLine | null) => void>;
}

const MAX_LINES = 2000;
const MAX_CATCHUP_S = 300;
/** Generator calls spread over a long-running container's past (its tail is then lived-in). */
const HISTORY_STEPS = 600;

export class LogStore {
  private logs = new Map<string, ContainerLog>();
  private seq = 0;
  generator: LogGenerator | null;

  constructor(private rng: Rng) {
    this.generator = (pod, c, now) => defaultLines(this.rng, pod, c, now);
  }

  private key(ns: string, pod: string, c: string): string {
    return `${ns}/${pod}/${c}`;
  }

  private get(ns: string, pod: string, c: string): ContainerLog {
    const k = this.key(ns, pod, c);
    let l = this.logs.get(k);
    if (!l) {
      l = { current: [], running: false, lastGen: Date.now(), pod: undefined, followers: new Set() };
      this.logs.set(k, l);
    }
    return l;
  }

  has(ns: string, pod: string, c: string): boolean {
    return this.logs.has(this.key(ns, pod, c));
  }

  /** The container started (first time or after a restart: the old instance becomes previous). */
  started(pod: any, c: string, restart: boolean): void {
    const l = this.get(pod.metadata.namespace, pod.metadata.name, c);
    this.catchUp(l, c);
    if (restart) {
      l.previous = l.current;
      l.current = [];
    }
    l.running = true;
    l.pod = pod;
    l.lastGen = Date.now();
    if (!restart) {
      // A pod three days old has three days of logs behind it (written lazily, at first read).
      const since = Date.parse(pod.status?.startTime ?? pod.metadata?.creationTimestamp ?? '');
      if (since < l.lastGen - 1000) l.historyFrom = since;
    }
  }

  private history(l: ContainerLog, c: string): void {
    const from = l.historyFrom!;
    l.historyFrom = undefined;
    const span = l.lastGen - from;
    const steps = Math.min(HISTORY_STEPS, Math.floor(span / 1000));
    for (let i = 0; i < steps; i++) {
      const t = from + Math.floor((span * i) / steps);
      for (const text of this.generator!(l.pod, c, new Date(t))) this.push(l, text, t);
    }
  }

  /** The container stopped; `last` lines are its dying words. */
  stopped(pod: any, c: string, last: string[] = []): void {
    const l = this.get(pod.metadata.namespace, pod.metadata.name, c);
    this.catchUp(l, c);
    for (const t of last) this.push(l, t, Date.now());
    l.running = false;
    for (const f of [...l.followers]) f(null);
  }

  setPod(pod: any, c: string): void {
    const l = this.logs.get(this.key(pod.metadata.namespace, pod.metadata.name, c));
    if (l) l.pod = pod;
  }

  removePod(ns: string, pod: string): void {
    const prefix = `${ns}/${pod}/`;
    for (const [k, l] of [...this.logs]) {
      if (!k.startsWith(prefix)) continue;
      for (const f of [...l.followers]) f(null);
      this.logs.delete(k);
    }
  }

  append(ns: string, pod: string, c: string, text: string, at = new Date()): void {
    const l = this.get(ns, pod, c);
    this.catchUp(l, c);
    this.push(l, text, at.getTime());
  }

  private push(l: ContainerLog, text: string, at: number): void {
    const line = { at, nanos: ++this.seq, text };
    l.current.push(line);
    if (l.current.length > MAX_LINES) l.current.splice(0, l.current.length - MAX_LINES);
    for (const f of l.followers) f(line);
  }

  private catchUp(l: ContainerLog, c: string): void {
    if (!l.running || !this.generator || !l.pod) {
      l.lastGen = Date.now();
      return;
    }
    if (l.historyFrom !== undefined) this.history(l, c);
    const now = Date.now();
    let t = Math.max(l.lastGen, now - MAX_CATCHUP_S * 1000);
    while (t + 1000 <= now) {
      t += 1000;
      for (const text of this.generator(l.pod, c, new Date(t))) this.push(l, text, t);
    }
    l.lastGen = t;
  }

  /** Generates due lines for containers someone is following (called every controller tick). */
  tickFollowed(): void {
    for (const [k, l] of this.logs) if (l.followers.size) this.catchUp(l, k.slice(k.lastIndexOf('/') + 1));
  }

  read(ns: string, pod: string, c: string, previous: boolean): LogLine[] | undefined {
    const l = this.logs.get(this.key(ns, pod, c));
    if (!l) return undefined;
    if (previous) return l.previous;
    this.catchUp(l, c);
    return l.current;
  }

  /** Calls fn for each new line, and with null when the container stops or the pod goes. */
  follow(ns: string, pod: string, c: string, fn: (line: LogLine | null) => void): () => void {
    const l = this.get(ns, pod, c);
    l.followers.add(fn);
    return () => l.followers.delete(fn);
  }

  isRunning(ns: string, pod: string, c: string): boolean {
    return !!this.logs.get(this.key(ns, pod, c))?.running;
  }
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${isoNano(line.at, line.nanos)} ${line.text}\n` : `${line.text}\n`;
}

const PATHS = ['/api/orders', '/api/listings', '/api/cart', '/healthz', '/api/users/me', '/api/search?q=nft'];

function defaultLines(rng: Rng, pod: any, container: string, now: Date): string[] {
  const system = systemLines(rng, pod, container, now);
  if (system) return system;
  if (rng() < 0.4) return [];
  const ts = now.toISOString();
  const r = rng();
  const path = PATHS[Math.floor(rng() * PATHS.length)]!;
  const ms = Math.floor(rng() * 120) + 2;
  if (r < 0.45) {
    return [
      JSON.stringify({
        level: 'info',
        ts,
        msg: 'request completed',
        method: 'GET',
        path,
        status: 200,
        duration_ms: ms,
        pod: pod.metadata.name,
      }),
    ];
  }
  if (r < 0.8) return [`${ts} INFO  [${container}] handled ${path} in ${ms}ms`];
  if (r < 0.93) return [`${ts} WARN  [${container}] slow query on orders (${ms * 10}ms)`];
  return [
    JSON.stringify({
      level: 'error',
      ts,
      msg: 'upstream request failed',
      error: 'connect ECONNREFUSED 10.96.0.15:5432',
      path,
      status: 502,
    }),
  ];
}
