// Timeline rows, built outside the view: one row per journal event, UTC time, kind, actor, text.
import { describeEvent, effectText } from '../../incident/export.js';
import {
  actionTaken,
  VERDICT_MARK,
  type IncidentEvent,
  type IncidentState,
  type Naming,
} from '../../incident/model.js';
import type { Column, Row } from '../../ui/list.js';
import type { Tone } from '../../ui/tone.js';
import { sanitize } from '../../util/sanitize.js';
import { changeText, newSinceRollout, type ClusterChange } from '../../incident/changes.js';
import type { ErrorGroup } from '../../data/logs/types.js';

export const columns: Column[] = [
  { header: 'TIME', width: 8 },
  { header: 'KIND', width: 10 },
  { header: 'WHO', width: 14 },
  { header: 'EVENT', width: 0, min: 10 },
];

export type KindFilter = 'all' | 'detections' | 'actions' | 'notes' | 'changes' | 'updates';
export const KIND_FILTERS: KindFilter[] = ['all', 'detections', 'actions', 'notes', 'changes', 'updates'];

export function group(e: IncidentEvent): Exclude<KindFilter, 'all'> {
  switch (e.kind) {
    case 'detection':
      return 'detections';
    case 'action':
    case 'acting':
    case 'effect':
      return 'actions';
    case 'note':
    case 'correction':
    case 'review':
      return 'notes';
    case 'update':
      return 'updates';
    default:
      return 'changes';
  }
}

function tone(e: IncidentEvent): Tone | undefined {
  switch (e.kind) {
    case 'detection':
      return e.state === 'start' ? 'bad' : 'ok';
    case 'action':
      return e.outcome === 'ok' ? 'ok' : e.outcome === 'failed' ? 'bad' : 'warn';
    case 'effect':
      return e.verdict === 'effective' ? 'ok' : e.verdict === 'worse' ? 'bad' : 'warn';
    case 'severity':
    case 'declared':
      return 'warn';
    case 'resolved':
      return 'ok';
    case 'checklist':
      return e.passed ? 'ok' : 'bad';
    case 'update':
      return 'info';
    default:
      return undefined;
  }
}

function label(e: IncidentEvent): string {
  if (e.kind === 'detection') return e.state === 'start' ? '✖ detect' : '● clear';
  if (e.kind === 'action') return e.outcome === 'ok' ? '● action' : '✖ action';
  if (e.kind === 'effect') return `${VERDICT_MARK[e.verdict]} effect`;
  if (e.kind === 'acting') return '▶ acting';
  if (e.kind === 'review') return e.field;
  return e.kind;
}

function text(s: IncidentState, e: IncidentEvent, naming: Naming): string {
  if (e.kind === 'correction') {
    const of = s.events.find((x) => x.id === e.of);
    return `correction of the ${of ? of.ts.slice(11, 19) : '?'} note: ${e.text}`;
  }
  if (e.kind === 'review') return `${e.text}${e.owner ? ` ${e.owner}` : ''}${e.due ? ` due ${e.due}` : ''}`;
  if (e.kind === 'note') {
    const c = s.corrections.get(e.id);
    return c?.length ? `✎ ${c[c.length - 1]!.text}` : e.text;
  }
  if (e.kind === 'update') return `status update sent: ${e.template}`;
  if (e.kind === 'effect') return `└ ${effectText(e)}`;
  if (e.kind === 'acting')
    return `${e.what} on ${e.target}: ${s.acting.has(e.record) ? 'running' : 'started'}${
      e.others?.length ? ` (confirmed while ${e.others.join('; ')})` : e.unchecked ? ` (${e.unchecked})` : ''
    }`;
  return describeEvent(s, e, naming) ?? e.kind;
}

export function toRow(s: IncidentState, e: IncidentEvent, index: number, naming: Naming): Row {
  return {
    id: e.id,
    tone: tone(e),
    cells: [e.ts.slice(11, 19), label(e), sanitize(e.actor, 60), sanitize(text(s, e, naming), 2000)],
    sort: [index, label(e), e.actor, index],
  };
}

/**
 * The rows of the events of one kind (or all). An action's effect is written minutes after the
 * action, but is shown under it: it sorts just before the action (newest first puts it below).
 */
export function timelineRows(s: IncidentState, kind: KindFilter, naming: Naming, cursor?: number): Row[] {
  const at = new Map(s.events.map((e, i) => [e.id, i]));
  const rows = s.events.flatMap((e, i) => {
    if (kind !== 'all' && group(e) !== kind) return [];
    const of = e.kind === 'effect' ? at.get(e.of) : undefined;
    return [toRow(s, e, of !== undefined ? of - 1 / (2 + i) : i, naming)];
  });
  if (cursor !== undefined) rows.push(cursorRow(s, cursor));
  return rows;
}

export const CURSOR_ID = 'replay:cursor';

/** A replay's cursor: a row between the events before and after the moment the panes show. */
export function cursorRow(s: IncidentState, t: number): Row {
  let before = -1;
  s.events.forEach((e, i) => {
    if (Date.parse(e.ts) <= t) before = i;
  });
  const pos = before + 0.75;
  return {
    id: CURSOR_ID,
    tone: 'info',
    cells: [new Date(t).toISOString().slice(11, 19), '▶ REPLAY', '', '─── the panes show this moment ───'],
    sort: [pos, '▶ REPLAY', '', pos],
  };
}

/**
 * The "what changed" view: one time axis, newest first, of the cluster's own changes (every
 * deployment revision, read live from the cluster), the error groups (each saying whether it is
 * new since the latest rollout of the deployment emitting it), the detections and the actions.
 */
export function changeRows(s: IncidentState, changes: ClusterChange[], groups: ErrorGroup[]): Row[] {
  const rows: { at: number; id: string; kind: string; who: string; text: string; tone?: Tone }[] = [];
  for (const c of changes)
    rows.push({
      at: c.at,
      id: `change:${c.key}`,
      kind: c.kind === 'scale' ? '◆ scale' : c.kind === 'configmap' ? '◆ config' : '◆ rollout',
      who: c.by ?? 'cluster',
      text: changeText(c),
      tone: 'info',
    });
  for (const g of groups) {
    const n = newSinceRollout(g, changes);
    rows.push({
      at: g.firstSeen,
      id: `group:${g.fingerprint}`,
      kind: n ? '✖ new err' : 'errors',
      who: 'logs',
      text: `${n ? `${n.short}: ` : ''}${g.count}× ${g.sample}`,
      tone: n ? 'bad' : 'warn',
    });
  }
  for (const e of s.events) {
    if (e.kind === 'detection' && e.state === 'start')
      rows.push({
        at: Date.parse(e.ts),
        id: e.id,
        kind: '✖ detect',
        who: e.actor,
        text: e.text,
        tone: 'bad',
      });
    else if (actionTaken(e))
      rows.push({
        at: Date.parse(e.ts),
        id: e.id,
        kind: '● action',
        who: e.actor,
        text: `${e.title}${e.target ? ` on ${e.target}` : ''}`,
        tone: 'ok',
      });
  }
  return rows.map((r) => ({
    id: r.id,
    tone: r.tone,
    cells: [new Date(r.at).toISOString().slice(11, 19), r.kind, sanitize(r.who, 60), sanitize(r.text, 2000)],
    sort: [r.at, r.kind, r.who, r.at],
  }));
}
