// Pure chain analysis: head ages, lag behind the highest head, and the alerts (stalled head,
// diverging endpoints, lagging, syncing, wrong chain, down). Tested in test/unit/chain-analyze.test.ts.
import { age } from '../../util/format.js';
import type { ChainAlert, ChainEndpointState } from './types.js';

export interface AnalyzeOptions {
  now: number;
  blockTimeSeconds: number;
  stallMultiple: number;
}

/** Endpoints whose head counts: answering, on the right chain. */
export function healthy(e: ChainEndpointState): boolean {
  return e.status === 'ok' && !!e.head;
}

export function analyze(
  endpoints: ChainEndpointState[],
  o: AnalyzeOptions,
): { endpoints: ChainEndpointState[]; highest?: number; highestAgeMs?: number; alerts: ChainAlert[] } {
  const stallAfterMs = o.blockTimeSeconds * o.stallMultiple * 1000;
  const live = endpoints.filter(healthy);
  const highest = live.length ? Math.max(...live.map((e) => e.head!.height)) : undefined;
  const top = live.find((e) => e.head!.height === highest);
  const highestAgeMs = top ? Math.max(0, o.now - top.head!.timestampMs) : undefined;
  const alerts: ChainAlert[] = [];
  const out = endpoints.map((e) => {
    const r: ChainEndpointState = { ...e };
    if (e.head) r.headAgeMs = Math.max(0, o.now - e.head.timestampMs);
    r.lag = healthy(e) && highest !== undefined ? highest - e.head!.height : undefined;
    return r;
  });
  for (const e of out) {
    if (e.status === 'error') {
      const kind = /chain ID/i.test(e.error ?? '') ? 'chainId' : 'down';
      alerts.push({ level: 'bad', kind, endpoint: e.name, text: `${e.name}: ${e.error ?? 'down'}` });
      continue;
    }
    if (!healthy(e)) continue;
    if (e.head!.syncing)
      alerts.push({ level: 'warn', kind: 'syncing', endpoint: e.name, text: `${e.name} is syncing` });
    if ((e.headAgeMs ?? 0) > stallAfterMs)
      alerts.push({
        level: 'bad',
        kind: 'stalled',
        endpoint: e.name,
        text: `${e.name}: head #${e.head!.height} is ${age(e.headAgeMs!)} old (stalled; expected a block every ${o.blockTimeSeconds}s)`,
      });
    else if ((e.lag ?? 0) > o.stallMultiple)
      alerts.push({
        level: 'warn',
        kind: 'lagging',
        endpoint: e.name,
        text: `${e.name} is ${e.lag} blocks behind the highest head`,
      });
  }
  // Divergence: two endpoints with different hashes at the same height.
  const seen = new Set<string>();
  for (let i = 0; i < live.length; i++)
    for (let j = i + 1; j < live.length; j++) {
      const a = hashesOf(live[i]!);
      const b = hashesOf(live[j]!);
      for (const [h, hash] of a) {
        const other = b.get(h);
        if (other && other !== hash) {
          const key = `${live[i]!.name}|${live[j]!.name}`;
          if (seen.has(key)) break;
          seen.add(key);
          alerts.push({
            level: 'bad',
            kind: 'diverged',
            text: `${live[i]!.name} and ${live[j]!.name} diverge: different blocks at #${h}`,
          });
          break;
        }
      }
    }
  alerts.sort((x, y) => (x.level === y.level ? 0 : x.level === 'bad' ? -1 : 1));
  return { endpoints: out, highest, highestAgeMs, alerts };
}

function hashesOf(e: ChainEndpointState): Map<number, string> {
  const m = new Map<number, string>();
  if (e.head) m.set(e.head.height, e.head.hash);
  if (e.head?.ref) m.set(e.head.ref.height, e.head.ref.hash);
  return m;
}

/** The height every healthy endpoint should have: the lowest healthy head. */
export function referenceHeight(endpoints: ChainEndpointState[]): number | undefined {
  const live = endpoints.filter(healthy);
  if (live.length < 2) return undefined;
  return Math.min(...live.map((e) => e.head!.height));
}
