// The latency an endpoint's checks measured over a window: each check's latency kept with its
// time, the 95th percentile (nearest rank) of those in the last `windowMs`. What the
// resolution criteria read ("p95 latency under 200 ms where a health endpoint measures it").
export const LATENCY_WINDOW_MS = 5 * 60_000;

export interface LatencySample {
  at: number;
  ms: number;
}

/** The nearest-rank percentile `p` (0..1) of the values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Keeps the samples of the window (in place, oldest first) and returns their p95. */
export function windowP95(
  samples: LatencySample[],
  now: number,
  windowMs = LATENCY_WINDOW_MS,
): number | undefined {
  while (samples.length && samples[0]!.at <= now - windowMs) samples.shift();
  return percentile(
    samples.map((s) => s.ms),
    0.95,
  );
}
