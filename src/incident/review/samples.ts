// The input of the review's charts: a sequence of samples, each the store's source snapshots
// (`AppState['sources']`, the shape every pane reads) at one moment. The flight recorder's
// reader yields them from a recording; a test or a live sampler takes them from a store with
// `sampleOf`. Everything here is plain data: the logs snapshot's `view` (the live pipeline
// in the console, read on render) is replaced by what it held at that moment (`groups`), so a
// sample read later still says what the pane showed then.
import type { ErrorGroup, LogsSnapshot } from '../../data/logs/types.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from '../../data/logs/types.js';
import type { SourceState } from '../../store/store.js';

export interface ReviewSample {
  /** Epoch ms. */
  t: number;
  sources: Record<string, SourceState>;
}

/** A logs snapshot as a sample holds it: the counters and the error groups, no live view. */
export type SampledLogs = Omit<LogsSnapshot, 'view'> & {
  view?: LogsSnapshot['view'];
  /** The error groups at that moment, most frequent first. */
  groups?: ErrorGroup[];
};

/** How many error groups a sample keeps (the logs pane shows fewer). */
export const SAMPLE_GROUPS = 50;

/** The error groups of a logs snapshot: recorded ones, else read from its view. */
export function groupsOf(logs: SampledLogs | undefined): ErrorGroup[] {
  if (!logs) return [];
  if (Array.isArray(logs.groups)) return logs.groups;
  return typeof logs.view?.groups === 'function' ? logs.view.groups(SAMPLE_GROUPS) : [];
}

/** One sample of the store's sources, frozen: safe to keep while the store goes on. */
export function sampleOf(sources: Record<string, SourceState>, t: number): ReviewSample {
  const out: Record<string, SourceState> = { ...sources };
  for (const id of [LOGS_K8S, LOGS_CLOUDWATCH]) {
    const s = sources[id];
    const logs = s?.data as SampledLogs | undefined;
    if (!s || !logs) continue;
    const { view: _view, ...rest } = logs;
    out[id] = { ...s, data: { ...rest, groups: groupsOf(logs).map((g) => ({ ...g })) } };
  }
  return { t, sources: out };
}
