// The runbooks' communication templates, filled from the incident's live state: initial
// internal update, progress update, status page update, customer email, resolution notice.
// Pure: the figures from the panes are passed in (see figures.ts). Unknown parts are left as
// <angle-bracket> placeholders for the responder to fill before sending.
import {
  actionTaken,
  humanDuration,
  nextUpdate,
  phaseStatus,
  roleTitle,
  sevName,
  utcMinute,
  hhmm,
  type Cadence,
  type IncidentState,
  type Naming,
  type Role,
  type TemplateKind,
} from './model.js';
import { redact } from '../util/redact.js';

export interface FillContext {
  now: number;
  naming: Naming;
  cadence: Cadence;
  /** Current figures from the panes, one line each ('Postgres connections: 85/100 (85%)'). */
  figures: string[];
}

const ROLE_ORDER: Role[] = ['ic', 'tech', 'comms', 'oncall'];

function roleLines(s: IncidentState): string[] {
  return ROLE_ORDER.filter((r) => s.roles[r]).map(
    (r) => `${r === 'ic' ? 'IC' : roleTitle(r)}: ${s.roles[r]}`,
  );
}

function nextUpdateLine(s: IncidentState, c: FillContext): string {
  const m = c.cadence[s.severity];
  return m === null ? 'Next update: as needed' : `Next update: ${humanDuration(m * 60_000)}`;
}

/** The actions taken (from the action palette; not the refused or cancelled), newest last, with their outcome. */
export function actionsTaken(s: IncidentState): string[] {
  return s.events
    .filter(actionTaken)
    .map((a) => `${hhmm(Date.parse(a.ts))} UTC ${a.title}${a.target ? ` (${a.target})` : ''}: ${a.outcome}`);
}

function durationNow(s: IncidentState, now: number): string {
  return humanDuration((s.resolvedAt ?? now) - s.startedAt);
}

function resolutionText(s: IncidentState): string {
  const resolved = [...s.events].reverse().find((e) => e.kind === 'resolved');
  if (resolved && resolved.kind === 'resolved' && resolved.summary) return resolved.summary;
  const ok = s.events.filter((e) => e.kind === 'action' && e.outcome === 'ok');
  if (ok.length)
    return ok
      .map((e) => (e.kind === 'action' ? `${e.title}${e.target ? ` (${e.target})` : ''}` : ''))
      .join('; ');
  return '<what fixed it>';
}

const rootCause = (s: IncidentState) =>
  s.review.rootCause.join(' ') || '<root cause, or "under investigation">';

export function fillTemplate(kind: TemplateKind, s: IncidentState, c: FillContext): string {
  const sev = sevName(s.severity, c.naming);
  const status = phaseStatus(s.phase);
  const started = utcMinute(s.startedAt);
  const figures = c.figures.length ? c.figures.map((f) => `- ${f}`) : ['- <current figures>'];
  // The initial update describes the incident as it began: the figures recorded with the first
  // detection (not today's healthy ones when it is written after recovery), else the current ones.
  const symptoms = s.symptoms ? s.symptoms.figures.map((f) => `- ${f}`) : figures;
  let lines: string[];
  switch (kind) {
    case 'initial':
      lines = [
        `[INCIDENT] ${sev} - ${s.title}`,
        '',
        `Status: ${status}`,
        `Impact: ${s.impact || '<impact>'}`,
        `Started: ${started}`,
        ...roleLines(s),
        `Channel: #incident-${s.id}`,
        '',
        s.symptoms
          ? `Initial symptoms (at the first detection, ${hhmm(s.symptoms.at)} UTC):`
          : 'Initial symptoms:',
        ...symptoms,
        '',
        nextUpdateLine(s, c),
      ];
      break;
    case 'progress': {
      const taken = actionsTaken(s);
      lines = [
        `[UPDATE] ${sev} - ${s.title}`,
        '',
        `Status: ${status}`,
        `Impact: ${s.impact || '<impact>'}`,
        `Started: ${started}`,
        `Duration: ${durationNow(s, c.now)}`,
        ...roleLines(s).slice(0, 1),
        '',
        'Actions Taken:',
        ...(taken.length ? taken.map((t) => `- ${t}`) : ['- <actions taken>']),
        '',
        'Current metrics:',
        ...figures,
        '',
        'Next steps:',
        '- <next steps>',
        '',
        nextUpdateLine(s, c),
      ];
      break;
    }
    case 'statuspage': {
      const body =
        s.phase === 'resolved'
          ? 'This incident has been resolved and all services are operating normally.'
          : s.phase === 'resolution'
            ? 'A fix has been applied and we are monitoring the results.'
            : s.phase === 'mitigation'
              ? 'We have identified the issue and are working on a fix.'
              : 'Our team is actively investigating and working on a resolution.';
      lines = [
        `Title: ${s.title}`,
        '',
        `We are currently experiencing ${s.impact ? s.impact.replace(/^[A-Z](?=[a-z])/, (ch) => ch.toLowerCase()) : '<impact>'}.`,
        body,
        '',
        'Affected Services:',
        '- <service> (<Degraded Performance | Partial Outage | Major Outage>)',
        '',
        `Updated: ${utcMinute(c.now)}`,
        ...(s.phase === 'resolved' ? [] : [nextUpdateLine(s, c)]),
      ];
      break;
    }
    case 'email': {
      const end = s.resolvedAt;
      lines = [
        'Subject: Service Disruption Update',
        '',
        'Dear Customers,',
        '',
        end !== undefined
          ? `We experienced a service disruption on ${new Date(s.startedAt).toISOString().slice(0, 10)} from ${hhmm(s.startedAt)} to ${hhmm(end)} UTC.`
          : `We are experiencing a service disruption that began at ${utcMinute(s.startedAt)}.`,
        end !== undefined
          ? 'The issue has been resolved and all services are now operating normally.'
          : 'Our team is working on a resolution and we will update you as soon as it is resolved.',
        '',
        `Root Cause: ${rootCause(s)}`,
        `Resolution: ${end !== undefined ? resolutionText(s) : 'in progress'}`,
        '',
        'We apologize for any inconvenience. If you have questions,',
        'please contact <support address>.',
        '',
        'Best regards,',
        '<team>',
      ];
      break;
    }
    case 'resolution': {
      const checklist = s.lastChecklist?.items.map(
        (i) =>
          `- ${i.ok === true ? '[x]' : i.ok === false ? '[ ] FAILED' : '[ ] not checked'} ${i.name}: ${i.detail}`,
      );
      lines = [
        `[RESOLVED] ${sev} - ${s.title}`,
        '',
        'Status: Resolved',
        `Impact: ${s.impact || '<impact>'}`,
        `Started: ${started}`,
        `Resolved: ${s.resolvedAt !== undefined ? utcMinute(s.resolvedAt) : '<not yet resolved>'}`,
        `Duration: ${durationNow(s, c.now)}`,
        ...roleLines(s).slice(0, 1),
        '',
        `Root Cause: ${rootCause(s)}`,
        `Resolution: ${resolutionText(s)}`,
        ...(checklist?.length ? ['', 'Recovery checklist:', ...checklist] : []),
        '',
        'Post-incident review scheduled for <date and time>.',
      ];
      break;
    }
  }
  return redact(lines.join('\n')) + '\n';
}

/**
 * For the header and templates: the due time of the next update, in words, and shorter for a
 * narrow header ('next update in 5m', '5m'; 'UPDATE OVERDUE 3m', 'OVERDUE 3m').
 */
export function dueText(
  s: IncidentState,
  now: number,
  cadence: Cadence,
): { text: string; short?: string; overdue: boolean } {
  const d = nextUpdate(s, now, cadence);
  if (s.phase === 'resolved') return { text: 'resolved', overdue: false };
  if (d.dueAt === undefined) return { text: 'update as needed', overdue: false };
  const mins = Math.ceil(Math.abs(d.dueAt - now) / 60_000);
  return d.overdue
    ? { text: `UPDATE OVERDUE ${mins}m`, short: `OVERDUE ${mins}m`, overdue: true }
    : { text: `next update in ${mins}m`, short: `${mins}m`, overdue: false };
}
