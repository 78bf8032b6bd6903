// Deployment rows: ready/desired, updated, available, rollout state (stalled first), the
// current revision and age; and the rollout history of one deployment (`kubectl rollout
// history`) with change-cause, images and age, for "review recent changes".
import { REVISION, rolloutHistory, rolloutState, type HistoryEntry } from '../../data/kubernetes/status.js';
import { ts, type Deployment, type ReplicaSet } from '../../data/kubernetes/types.js';
import type { Column, Row } from '../../ui/list.js';
import type { Tone } from '../../ui/tone.js';
import { age } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export const columns: Column[] = [
  { header: 'NAMESPACE', width: 14 },
  { header: 'NAME', width: 0, min: 12, middle: true },
  { header: 'READY', width: 7, align: 'right' },
  { header: 'UP-TO-DATE', width: 10, align: 'right' },
  { header: 'AVAILABLE', width: 9, align: 'right' },
  { header: 'ROLLOUT', width: 0, min: 10 },
  { header: 'REV', width: 4, align: 'right' },
  { header: 'AGE', width: 5, align: 'right' },
];

const PHASE_RANK = { stalled: 0, progressing: 1, paused: 2, complete: 3 } as const;
const PHASE_TONE: Record<keyof typeof PHASE_RANK, Tone> = {
  stalled: 'bad',
  progressing: 'warn',
  paused: 'warn',
  complete: 'none',
};

export function toRow(d: Deployment, now: number): Row {
  const st = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  const r = rolloutState(d);
  const created = ts(d.metadata?.creationTimestamp);
  const rev = d.metadata?.annotations?.[REVISION] ?? '';
  const short = ready < want && r.phase === 'complete';
  return {
    id: `${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`,
    tone: short ? 'warn' : PHASE_TONE[r.phase],
    // Rolled out but short of ready pods is a problem too: it sorts with the rollouts in progress.
    rank: short ? PHASE_RANK.progressing : PHASE_RANK[r.phase],
    cells: [
      sanitize(d.metadata?.namespace ?? '', 253),
      sanitize(d.metadata?.name ?? '', 253),
      `${ready}/${want}`,
      String(st.updatedReplicas ?? 0),
      String(st.availableReplicas ?? 0),
      r.phase === 'complete' ? r.text : `${r.phase === 'stalled' ? '✖' : '▲'} ${r.text}`,
      sanitize(rev, 8),
      created !== undefined ? age(now - created) : '?',
    ],
    sort: [
      d.metadata?.namespace ?? '',
      d.metadata?.name ?? '',
      want ? ready / want : 1,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      PHASE_RANK[r.phase],
      Number(rev) || 0,
      -(created ?? 0),
    ],
  };
}

export function rowStamp(d: Deployment, now: number): string {
  const created = ts(d.metadata?.creationTimestamp);
  return created !== undefined ? age(now - created) : '';
}

export interface HistoryLine {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

export function historyLines(
  d: Deployment,
  replicaSets: readonly ReplicaSet[],
  now: number,
  error?: string,
): HistoryLine[] {
  const name = `${sanitize(d.metadata?.namespace ?? '', 253)}/${sanitize(d.metadata?.name ?? '', 253)}`;
  const out: HistoryLine[] = [{ text: `rollout history ${name}`, bold: true }];
  if (error) {
    out.push({ text: `✖ ${sanitize(error, 300)}`, tone: 'bad' });
    return out;
  }
  const h: HistoryEntry[] = rolloutHistory(d, replicaSets);
  if (!h.length) {
    out.push({ text: 'no revisions recorded (no ReplicaSets found)', tone: 'muted' });
    return out;
  }
  out.push({ text: 'REV  AGE    PODS  CHANGE-CAUSE / IMAGES', bold: true });
  for (const e of h) {
    const when = e.createdAt !== undefined ? age(now - e.createdAt) : '?';
    const cause = e.changeCause ? sanitize(e.changeCause, 300) : '<none>';
    out.push({
      text: `${String(e.revision).padStart(3)}${e.current ? '*' : ' '} ${when.padStart(5)}  ${String(e.replicas).padStart(4)}  ${cause}  [${e.images.map((i) => sanitize(i, 200)).join(', ')}]`,
      tone: e.current ? 'info' : undefined,
    });
  }
  return out;
}
