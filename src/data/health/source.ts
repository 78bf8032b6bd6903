// The health source: each configured endpoint checked on its own interval (one check of an
// endpoint in flight at a time), results published together with how long each endpoint has
// been in its current state, and the p95 of the latencies each endpoint's checks measured over
// the last few minutes (latency.ts). After its first check, an endpoint is checked on its
// interval's grid of the clock (every 2 s at :00, :02, …), not an interval after its previous
// check ended: endpoints sharing an interval stay in step, and their results reach the screen
// in one frame instead of drifting apart into one frame each (issue 15).
import type { Config, HealthEndpoint } from '../../config/schema.js';
import type { Source, SourceContext } from '../source.js';
import { checkHealth, checkTarget, type HealthResult } from './check.js';
import { LATENCY_WINDOW_MS, windowP95, type LatencySample } from './latency.js';

export interface HealthRow extends HealthResult {
  url: string;
  /** When the endpoint entered its current up/down state. */
  stateSince: number;
  /** The 95th percentile of the latencies its checks measured in the last `latencyWindowMs`. */
  p95Ms?: number;
  /** How many checks that p95 is over. */
  latencySamples?: number;
}
export interface HealthData {
  endpoints: HealthRow[];
}

export const HEALTH_SOURCE = 'health';

/** Milliseconds from `now` to the next multiple of `intervalMs` (a whole interval when on one). */
export function nextOnGrid(now: number, intervalMs: number): number {
  return intervalMs - (now % intervalMs);
}

export function healthSource(
  endpoints: HealthEndpoint[],
  kubernetes?: Config['kubernetes'],
  latencyWindowMs = LATENCY_WINDOW_MS,
): Source {
  const timers = new Set<NodeJS.Timeout>();
  const latencies = new Map<string, LatencySample[]>();
  const inflight = new Set<Promise<unknown>>();
  let stopped = false;
  const rows = new Map<string, HealthRow>();
  const order = endpoints.map((e) => e.name);
  const publish = (ctx: SourceContext) =>
    ctx.ok<HealthData>({ endpoints: order.map((n) => rows.get(n)).filter((r): r is HealthRow => !!r) });

  const loop = (ctx: SourceContext, ep: HealthEndpoint) => {
    if (stopped) return;
    const p = checkHealth(ep, { now: ctx.now, kubernetes }).then((r) => {
      const prev = rows.get(ep.name);
      const samples = latencies.get(ep.name) ?? [];
      latencies.set(ep.name, samples);
      if (r.latencyMs !== undefined) samples.push({ at: r.checkedAt, ms: r.latencyMs });
      const p95Ms = windowP95(samples, r.checkedAt, latencyWindowMs);
      rows.set(ep.name, {
        ...r,
        url: checkTarget(ep),
        stateSince: prev && prev.up === r.up ? prev.stateSince : r.checkedAt,
        ...(p95Ms !== undefined ? { p95Ms, latencySamples: samples.length } : {}),
      });
      publish(ctx);
    });
    inflight.add(p);
    p.finally(() => {
      inflight.delete(p);
      if (stopped) return;
      const t = setTimeout(
        () => {
          timers.delete(t);
          loop(ctx, ep);
        },
        nextOnGrid(Date.now(), ep.intervalMs),
      );
      t.unref?.();
      timers.add(t);
    });
  };

  return {
    id: HEALTH_SOURCE,
    start(ctx) {
      stopped = false;
      for (const ep of endpoints) loop(ctx, ep);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inflight]);
    },
  };
}
