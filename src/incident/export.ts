// The post-incident review in Markdown, following the runbooks' template (summary, timeline
// table in UTC, root cause, contributing factors, what went well / wrong, action items with
// owner and due date, lessons learned), plus an appendix of every action taken with its exact
// command and outcome. Everything is redacted. Pure: the CLI and the console both call it.
import { redact, redactDeep } from '../util/redact.js';
import {
  actionDetail,
  actionTaken,
  currentText,
  hhmm,
  hhmmss,
  humanDuration,
  keyTimes,
  shortDuration,
  VERDICT_MARK,
  phaseTitle,
  roleTitle,
  sevName,
  type EventOf,
  type IncidentEvent,
  type IncidentState,
  type Naming,
  type Role,
} from './model.js';

/** One Markdown table cell: no pipes or newlines break the table. */
export function cell(text: string): string {
  return redact(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim();
}
/** Inline code that survives backticks inside. */
function code(text: string): string {
  const t = cell(text);
  const ticks = t.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${t}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}
/**
 * Long lists of numbers (20 pids) in a timeline row: the first few and the count; the full list
 * stays in the journal and the JSON export.
 */
export function shortLists(text: string, keep = 3): string {
  return text.replace(/\b\d+(?:, \d+){5,}\b/g, (list) => {
    const items = list.split(', ');
    return `${items.slice(0, keep).join(', ')}, … (${items.length} in all)`;
  });
}

const line = (text: string) =>
  redact(text)
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();

/** One timeline row's text for an event, or undefined for events the review leaves out. */
export function describeEvent(s: IncidentState, e: IncidentEvent, naming: Naming): string | undefined {
  switch (e.kind) {
    case 'declared':
      return `Incident declared: ${e.title} (${sevName(e.severity, naming)}) by ${e.actor}`;
    case 'severity':
      return `Severity changed from ${sevName(e.from, naming)} to ${sevName(e.to, naming)}${e.reason ? `: ${e.reason}` : ''}`;
    case 'role':
      return `${roleTitle(e.role)}: ${e.who}`;
    case 'phase':
      return `Phase: ${phaseTitle(e.to)}`;
    case 'impact':
      return `Impact updated: ${e.text}`;
    case 'title':
      return `Title changed: ${e.text}`;
    case 'note': {
      const cur = currentText(s, e);
      return cur !== e.text ? `${cur} (corrected; originally: ${e.text})` : cur;
    }
    case 'correction':
      return undefined; // shown on the note it corrects
    case 'action': {
      const detail = actionDetail(e);
      return shortLists(
        `Action: ${e.title}${e.target ? ` on ${e.target}` : ''} — ${e.outcome}${detail ? ` (${detail})` : ''}`,
      );
    }
    case 'detection':
      return `${e.state === 'start' ? 'Detected' : 'Cleared'}: ${e.text}`;
    case 'effect':
      return `Effect: ${effectText(e)}`;
    case 'acting':
      return undefined; // the action's own line says what it did
    case 'change':
      return `Cluster change at ${e.at.slice(11, 19)}: ${e.text}`;
    case 'escalation':
      return e.reminder ? `Escalation due: ${e.text}` : `Escalated to level ${e.level}: ${e.text}`;
    case 'update':
      return `Status update sent: ${e.template}`;
    case 'checklist':
      return `Recovery checklist ${e.passed ? 'passed' : 'NOT passed'}: ${e.items
        .map((i) => `${i.name} ${i.ok === true ? 'ok' : i.ok === false ? 'FAILED' : 'unknown'}`)
        .join(', ')}`;
    case 'resolved':
      return `Incident resolved${e.summary ? `: ${e.summary}` : ''}`;
    case 'review':
      return undefined;
    case 'problem':
      return `Journal: ${e.text}`;
  }
}

/** '✓ effective after 12 s: rollout-undo backend: …' ('at the 300 s deadline' when unsettled). */
export function effectText(e: EventOf<'effect'>): string {
  const when = e.settled ? `after ${e.afterSeconds} s` : `at the ${e.afterSeconds} s deadline`;
  return `${VERDICT_MARK[e.verdict]} ${e.verdict} ${when}: ${e.text}`;
}

function bullets(items: string[], placeholder: string): string[] {
  return items.length ? items.map((i) => `- ${line(i)}`) : [`- _${placeholder}_`];
}

export interface ExportOptions {
  naming?: Naming;
  /** "now" for an incident still open. */
  now?: number;
  /** The charts section (review/charts.ts), placed before the timeline. */
  charts?: string[];
}

export function exportMarkdown(s: IncidentState, o: ExportOptions = {}): string {
  const naming = o.naming ?? 'SEV';
  const now = o.now ?? Date.now();
  const end = s.resolvedAt ?? now;
  const sameDay =
    new Date(s.startedAt).toISOString().slice(0, 10) === new Date(end).toISOString().slice(0, 10);
  const t = (ms: number) => (sameDay ? hhmm(ms) : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
  // The timeline is to the second (an effect 12 s after its action reads as such).
  const ts = (ms: number) =>
    sameDay ? hhmmss(ms) : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const out: string[] = [];
  out.push(`# Post-Incident Review: ${line(s.title)}`, '');
  out.push('## Incident Summary');
  out.push(`- **Incident**: ${s.id}`);
  out.push(`- **Date**: ${new Date(s.startedAt).toISOString().slice(0, 10)}`);
  out.push(
    `- **Duration**: ${humanDuration(end - s.startedAt)} (${t(s.startedAt)} - ${s.resolvedAt !== undefined ? t(end) : 'ongoing'} UTC)`,
  );
  out.push(`- **Severity**: ${sevName(s.severity, naming)}`);
  out.push(`- **Impact**: ${line(s.impact) || '_not recorded_'}`);
  out.push(`- **Status**: ${s.phase === 'resolved' ? 'Resolved' : `Open (${phaseTitle(s.phase)})`}`);
  const roles = (['ic', 'tech', 'comms', 'oncall'] as Role[]).filter((r) => s.roles[r]);
  for (const r of roles) out.push(`- **${roleTitle(r)}**: ${line(s.roles[r]!)}`);
  out.push('');
  out.push('## Key Times');
  out.push(
    '| Measure | From impact start | At (UTC) | To |',
    '|---------|-------------------|----------|----|',
  );
  for (const k of keyTimes(s))
    out.push(
      `| ${k.label} | ${k.ms !== undefined ? shortDuration(k.ms) : '—'} | ${k.at !== undefined ? ts(k.at) : '—'} | ${cell(k.what)} |`,
    );
  out.push('');
  out.push('## What Changed');
  out.push(...whatChanged(s, ts));
  out.push('');
  if (o.charts?.length) out.push(...o.charts, '');
  out.push('## Timeline');
  out.push('| Time (UTC) | Event |', '|------------|-------|');
  // Always the first row, even when the incident was declared the moment it started.
  out.push(`| ${ts(s.startedAt)} | Incident started (impact began / alert fired) |`);
  for (const e of s.events) {
    const text = describeEvent(s, e, naming);
    if (text === undefined) continue;
    out.push(`| ${ts(Date.parse(e.ts))} | ${cell(text)} |`);
  }
  out.push('');
  out.push('## Root Cause');
  out.push(
    s.review.rootCause.length
      ? s.review.rootCause.map(line).join('\n\n')
      : '_To be determined in the review._',
  );
  out.push('');
  out.push('## Contributing Factors');
  out.push(
    ...(s.review.factor.length
      ? s.review.factor.map((f, i) => `${i + 1}. ${line(f)}`)
      : ['_To be determined in the review._']),
  );
  out.push('');
  out.push('## What Went Well');
  out.push(...bullets(s.review.wentWell, 'To be discussed in the review.'));
  out.push('');
  out.push('## What Went Wrong');
  out.push(...bullets(s.review.wentWrong, 'To be discussed in the review.'));
  out.push('');
  out.push('## Action Items');
  out.push('| Action | Owner | Due Date |', '|--------|-------|----------|');
  if (s.actionItems.length)
    for (const a of s.actionItems)
      out.push(`| ${cell(a.text)} | ${cell(a.owner ?? '—')} | ${cell(a.due ?? '—')} |`);
  else out.push('| _To be assigned in the review_ | — | — |');
  out.push('');
  out.push('## Lessons Learned');
  out.push(...bullets(s.review.lesson, 'To be discussed in the review.'));
  out.push('');
  const actions = s.events.filter((e): e is EventOf<'action'> => e.kind === 'action');
  const taken = actions.filter(actionTaken);
  const notTaken = actions.filter((e) => !actionTaken(e));
  out.push('## Appendix: Actions Taken');
  if (!taken.length) out.push('_No actions were taken from the console._');
  else out.push(...actionTable(taken, t, s));
  out.push('');
  if (notTaken.length) {
    out.push('## Appendix: Actions Refused or Cancelled (nothing changed)');
    out.push(...actionTable(notTaken, t, s, false));
    out.push('');
  }
  const updates = s.events.filter((e) => e.kind === 'update');
  if (updates.length) {
    out.push('## Appendix: Status Updates Sent');
    for (const e of updates) {
      if (e.kind !== 'update') continue;
      out.push(
        '',
        `### ${t(Date.parse(e.ts))} UTC — ${e.template} (${line(e.actor)})`,
        '',
        '```',
        redact(e.text).replace(/```/g, "'''").trimEnd(),
        '```',
      );
    }
    out.push('');
  }
  out.push(`_Generated by warroom from incident journal ${s.id}._`);
  return out.join('\n') + '\n';
}

/**
 * One time axis: the cluster's own changes (at the time the cluster made them), the console's
 * actions, and the detections, oldest first.
 */
function whatChanged(s: IncidentState, t: (ms: number) => string): string[] {
  const rows: [number, string][] = [];
  for (const e of s.events) {
    if (e.kind === 'change') rows.push([Date.parse(e.at), `Cluster: ${e.text}`]);
    else if (e.kind === 'detection' && e.state === 'start')
      rows.push([Date.parse(e.ts), `Detected: ${e.text}`]);
    else if (actionTaken(e))
      rows.push([Date.parse(e.ts), `Action: ${e.title}${e.target ? ` on ${e.target}` : ''}`]);
  }
  if (!rows.length) return ['_No cluster changes, actions or detections recorded._'];
  rows.sort((a, b) => a[0] - b[0]);
  return [
    '| Time (UTC) | Change |',
    '|------------|--------|',
    ...rows.map(([at, text]) => `| ${t(at)} | ${cell(text)} |`),
  ];
}

/** An action's measured effect in the review ('—' when it was not followed). */
export function effectOf(s: IncidentState, e: EventOf<'action'>): string {
  const ef = s.effects.get(e.id);
  return ef ? effectText(ef) : '—';
}

function actionTable(
  actions: EventOf<'action'>[],
  t: (ms: number) => string,
  s: IncidentState,
  withEffect = true,
): string[] {
  const out = withEffect
    ? [
        '| Time (UTC) | Action | Target | Command | Outcome | Effect | By |',
        '|------------|--------|--------|---------|---------|--------|----|',
      ]
    : [
        '| Time (UTC) | Action | Target | Command | Outcome | By |',
        '|------------|--------|--------|---------|---------|----|',
      ];
  for (const e of actions) {
    const detail = actionDetail(e);
    out.push(
      `| ${t(Date.parse(e.ts))} | ${cell(e.title)} | ${cell(e.target ?? '—')} | ${e.command ? code(e.command) : '—'} | ${cell(e.outcome + (detail ? `: ${detail}` : ''))} |${withEffect ? ` ${cell(effectOf(s, e))} |` : ''} ${cell(e.actor)} |`,
    );
  }
  return out;
}

/** The full journal as JSON (redacted), with the derived summary. */
export function exportJson(s: IncidentState, o: ExportOptions = {}): string {
  const naming = o.naming ?? 'SEV';
  const now = o.now ?? Date.now();
  const doc = {
    incident: s.id,
    title: s.title,
    severity: s.severity,
    severityName: sevName(s.severity, naming),
    impact: s.impact,
    phase: s.phase,
    startedAt: new Date(s.startedAt).toISOString(),
    resolvedAt: s.resolvedAt !== undefined ? new Date(s.resolvedAt).toISOString() : null,
    durationMinutes: Math.round(((s.resolvedAt ?? now) - s.startedAt) / 60_000),
    roles: s.roles,
    keyTimes: keyTimes(s).map((k) => ({
      measure: k.label,
      at: k.at !== undefined ? new Date(k.at).toISOString() : null,
      seconds: k.ms !== undefined ? Math.round(k.ms / 1000) : null,
      to: k.what,
    })),
    // The action appendix: every action with its measured effect (null: not followed).
    actions: s.events
      .filter((e): e is EventOf<'action'> => e.kind === 'action')
      .map((e) => {
        const ef = s.effects.get(e.id);
        return {
          id: e.id,
          at: e.ts,
          title: e.title,
          target: e.target ?? null,
          command: e.command ?? null,
          outcome: e.outcome,
          by: e.actor,
          effect: ef
            ? {
                verdict: ef.verdict,
                text: ef.text,
                afterSeconds: ef.afterSeconds,
                settled: ef.settled,
                event: ef.id,
              }
            : null,
        };
      }),
    events: s.events,
  };
  return JSON.stringify(redactDeep(doc), null, 2) + '\n';
}
