// The review's time series from a sequence of samples of the store's sources (samples.ts):
// the same figures the panes and the effect signals read (src/ops/effects/signals.ts), one
// point per sample, a gap (null) where the source had no good data then. Rates over time
// (errors per group, restarts) are counted like the console's error rate: increments of the
// cumulative counters within the last 60 s before each sample. Pure.
import { podStatus } from '../../data/kubernetes/status.js';
import type { PodsData } from '../../data/kubernetes/types.js';
import { PODS_SOURCE, ts } from '../../data/kubernetes/types.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from '../../data/logs/types.js';
import type { ChainSnapshot } from '../../data/chain/types.js';
import { DEFAULT_LIMITS, SIGNALS } from '../../ops/effects/signals.js';
import type { SignalId } from '../../ops/operation.js';
import type { AppState, SourceState } from '../../store/store.js';
import { sanitize } from '../../util/sanitize.js';
import { groupsOf, type ReviewSample, type SampledLogs } from './samples.js';

export type Point = [t: number, value: number | null];

export interface Series {
  /** 'errors.total', 'errors.group.<fingerprint>', 'pods.failing', … (see SERIES_KEYS). */
  key: string;
  /** The legend's words: safe text (sanitised and redacted). */
  name: string;
  points: Point[];
}

export interface SeriesSet {
  /** First and last sample times (undefined without samples). */
  start?: number;
  end?: number;
  samples: number;
  series: Series[];
}

/** The fixed series, in chart order; error groups are `errors.group.<fingerprint>`. */
export const SERIES_KEYS = {
  errorsTotal: 'errors.total',
  errorsOther: 'errors.other',
  podsFailing: 'pods.failing',
  podsRestarts: 'pods.restarts',
  healthUp: 'health.up',
  healthTotal: 'health.total',
  pgConnections: 'pg.connections',
  pgUsable: 'pg.usable',
  pgBlocked: 'pg.blocked',
  redisMemory: 'redis.memory',
  redisMax: 'redis.maxmemory',
  redisEvictions: 'redis.evictions',
  chainHeadAge: 'chain.headAge',
  chainStall: 'chain.stallAfter',
} as const;
export const GROUP_PREFIX = 'errors.group.';
/** Error groups drawn one by one (the most errors over the incident); the rest are summed. */
export const TOP_GROUPS = 6;
const WINDOW_MS = 60_000;
const MIB = 1048576;

const NAMES: Record<string, string> = {
  [SERIES_KEYS.errorsTotal]: 'all errors',
  [SERIES_KEYS.errorsOther]: 'other groups',
  [SERIES_KEYS.podsFailing]: 'failing pods',
  [SERIES_KEYS.podsRestarts]: 'restarts (last 60 s)',
  [SERIES_KEYS.healthUp]: 'endpoints up',
  [SERIES_KEYS.healthTotal]: 'endpoints checked',
  [SERIES_KEYS.pgConnections]: 'connections',
  [SERIES_KEYS.pgUsable]: 'usable slots',
  [SERIES_KEYS.pgBlocked]: 'blocked sessions',
  [SERIES_KEYS.redisMemory]: 'used memory (MiB)',
  [SERIES_KEYS.redisMax]: 'maxmemory (MiB)',
  [SERIES_KEYS.redisEvictions]: 'evictions/s',
  [SERIES_KEYS.chainHeadAge]: 'head age (s)',
  [SERIES_KEYS.chainStall]: 'stalled after (s)',
};

/** A source's data when it is good at that moment (stale or failing data is a gap). */
function good<T>(sources: Record<string, SourceState>, id: string): T | undefined {
  const s = sources[id];
  return s?.status === 'ok' && s.data !== undefined ? (s.data as T) : undefined;
}

function newerLogs(sources: Record<string, SourceState>): SampledLogs | undefined {
  const a = good<SampledLogs>(sources, LOGS_K8S);
  const b = good<SampledLogs>(sources, LOGS_CLOUDWATCH);
  return a && b ? (b.version > a.version ? b : a) : (a ?? b);
}

/** A stateless signal reader over one sample (the same figure the effect follower reads). */
function signal(id: SignalId, sources: Record<string, SourceState>, t: number): number | null {
  const st = { sources, ui: { focus: '', zoomed: false, help: false }, slices: {} } as AppState;
  const r = SIGNALS[id].read(st, { scope: {}, limits: DEFAULT_LIMITS, now: t, windowMs: 0, memo: new Map() });
  return r ? r.value : null;
}

/** Increments of per-key cumulative counters, summed over the last 60 s. */
class Window {
  /** `from`: the counters' values before the first reading (a group new since the last sample: 0). */
  constructor(private last?: Map<string, number>) {}
  private recent: { t: number; n: number }[] = [];
  /** Returns the increments within the window ending at t (0 on the first reading). */
  add(t: number, counts: Map<string, number>, isNew: (key: string) => boolean = () => false): number {
    if (this.last) {
      let n = 0;
      for (const [k, v] of counts) {
        const was = this.last.get(k);
        // A counter seen for the first time counts whole only if it started since the last reading.
        if (was === undefined) n += isNew(k) ? v : 0;
        else n += v >= was ? v - was : v; // reset (evicted and seen again): counted from zero
      }
      this.recent.push({ t, n });
    }
    this.last = counts;
    this.recent = this.recent.filter((x) => x.t > t - WINDOW_MS);
    return this.recent.reduce((a, x) => a + x.n, 0);
  }
  /** Forget the counters (the source had no data): the next reading starts anew. */
  gap() {
    this.last = undefined;
  }
}

/**
 * Keeps the points a straight-line drawing needs: the first, the last, and each point where
 * the value changes (with the one before it). Lossless for the drawing, far fewer points for
 * an hour of one-second samples.
 */
export function compact(points: Point[]): Point[] {
  return points.filter(
    (p, i) => i === 0 || i === points.length - 1 || p[1] !== points[i - 1]![1] || p[1] !== points[i + 1]![1],
  );
}

/** The builder behind seriesFromSamples, for samples that arrive one by one (a recording). */
export class SeriesBuilder {
  private times: number[] = [];
  private fixed = new Map<string, (number | null)[]>();
  private groups = new Map<string, { name: string; values: (number | null)[]; total: number }>();
  private groupWindows = new Map<string, Window>();
  private restarts = new Window();

  private put(key: string, v: number | null) {
    let a = this.fixed.get(key);
    if (!a) this.fixed.set(key, (a = []));
    a[this.times.length - 1] = v;
  }

  add(sample: ReviewSample): void {
    const { t, sources } = sample;
    const prevT = this.times.at(-1);
    this.times.push(t);
    const K = SERIES_KEYS;
    // Errors: the console's one error rate, and each group's errors within the last 60 s.
    const logs = newerLogs(sources);
    this.put(K.errorsTotal, logs ? logs.errorsLastMinute : null);
    const i = this.times.length - 1;
    if (logs) {
      for (const g of groupsOf(logs)) {
        let w = this.groupWindows.get(g.fingerprint);
        // A group first seen since the previous sample counts whole; one already there is a baseline.
        const fresh = prevT !== undefined && g.firstSeen > prevT;
        if (!w)
          this.groupWindows.set(g.fingerprint, (w = new Window(fresh ? new Map([['n', 0]]) : undefined)));
        const rate = w.add(t, new Map([['n', g.count]]));
        let entry = this.groups.get(g.fingerprint);
        if (!entry)
          this.groups.set(g.fingerprint, (entry = { name: groupName(g.fingerprint), values: [], total: 0 }));
        entry.values[i] = rate;
        entry.total = Math.max(entry.total, rate);
      }
    } else for (const w of this.groupWindows.values()) w.gap();
    // Pods: failing now, and restarts within the last 60 s (per pod, as the restarts signal).
    const pods = good<PodsData>(sources, PODS_SOURCE)?.pods;
    if (pods) {
      const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
      const st = live.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, podStatus(p)] as const);
      this.put(K.podsFailing, st.filter(([, s]) => s.failing).length);
      const created = new Map(live.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
      this.put(
        K.podsRestarts,
        this.restarts.add(t, new Map(st.map(([k, s]) => [k, s.restarts])), (k) => {
          const c = ts(created.get(k)?.metadata?.creationTimestamp);
          return prevT !== undefined && c !== undefined && c > prevT;
        }),
      );
    } else {
      this.put(K.podsFailing, null);
      this.put(K.podsRestarts, null);
      this.restarts.gap();
    }
    // Health, Postgres, Redis: the effect signals' own readers.
    const up = signal('health', sources, t);
    this.put(K.healthUp, up);
    const eps = (good<{ endpoints: unknown[] }>(sources, 'health')?.endpoints ?? []).length;
    this.put(K.healthTotal, up === null ? null : eps);
    this.put(K.pgConnections, signal('pgConnections', sources, t));
    const pg = good<{ maxConnections: number; reservedConnections: number }>(sources, 'postgres');
    this.put(K.pgUsable, pg ? Math.max(1, pg.maxConnections - pg.reservedConnections) : null);
    this.put(K.pgBlocked, signal('pgBlocked', sources, t));
    const mem = signal('redisMemory', sources, t);
    this.put(K.redisMemory, mem === null ? null : round1(mem / MIB));
    const max = good<{ info: { maxmemory?: number } }>(sources, 'redis')?.info.maxmemory;
    this.put(K.redisMax, mem !== null && max ? round1(max / MIB) : null);
    this.put(K.redisEvictions, signal('redisEvictions', sources, t));
    // Chain: the age of the highest head among the endpoints, and when it counts as stalled.
    const chain = good<ChainSnapshot>(sources, 'chain');
    this.put(K.chainHeadAge, chain?.highestAgeMs !== undefined ? round1(chain.highestAgeMs / 1000) : null);
    this.put(K.chainStall, chain?.highestAgeMs !== undefined ? round1(chain.stallAfterMs / 1000) : null);
  }

  result(): SeriesSet {
    const n = this.times.length;
    const series: Series[] = [];
    const pts = (values: (number | null)[]): Point[] =>
      compact(this.times.map((t, i) => [t, values[i] ?? null] as Point));
    const has = (values: (number | null)[]) => values.some((v) => v !== null && v !== undefined);
    const errorsTotal = this.fixed.get(SERIES_KEYS.errorsTotal) ?? [];
    if (has(errorsTotal))
      series.push({
        key: SERIES_KEYS.errorsTotal,
        name: NAMES[SERIES_KEYS.errorsTotal]!,
        points: pts(errorsTotal),
      });
    // The groups with the highest rate at any moment, one by one; the rest summed.
    const ranked = [...this.groups].filter(([, g]) => g.total > 0).sort((a, b) => b[1].total - a[1].total);
    for (const [fp, g] of ranked.slice(0, TOP_GROUPS))
      series.push({ key: `${GROUP_PREFIX}${fp}`, name: g.name, points: pts(g.values) });
    const rest = ranked.slice(TOP_GROUPS);
    if (rest.length) {
      const sum = this.times.map((_, i) => {
        const vs = rest.map(([, g]) => g.values[i]).filter((v): v is number => typeof v === 'number');
        return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
      });
      series.push({ key: SERIES_KEYS.errorsOther, name: `${rest.length} other groups`, points: pts(sum) });
    }
    for (const key of Object.values(SERIES_KEYS)) {
      if (key === SERIES_KEYS.errorsTotal || key === SERIES_KEYS.errorsOther) continue;
      const values = this.fixed.get(key) ?? [];
      if (has(values)) series.push({ key, name: NAMES[key]!, points: pts(values) });
    }
    return { start: this.times[0], end: this.times.at(-1), samples: n, series };
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** An error group's legend: its fingerprint (the message with the variable parts taken out), safe and short. */
export function groupName(fingerprint: string): string {
  return sanitize(fingerprint.trim().replace(/\s+/g, ' '), 72);
}

export function seriesFromSamples(samples: Iterable<ReviewSample>): SeriesSet {
  const b = new SeriesBuilder();
  for (const s of samples) b.add(s);
  return b.result();
}

/** The same from samples read one by one (the flight recorder's reader). */
export async function seriesFromRecording(samples: AsyncIterable<ReviewSample>): Promise<SeriesSet> {
  const b = new SeriesBuilder();
  for await (const s of samples) b.add(s);
  return b.result();
}
