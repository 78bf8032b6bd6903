// The incident as the runbooks describe it: severity levels with their response times, the
// four roles, the five phases, the update cadence, and the journal's event kinds. The state
// shown on screen is always `reduce(events)`: nothing but the journal holds the incident.
// Pure: no I/O, no UI (the CLI export imports this without loading ink).
import type { SignalOutcome } from '../ops/effects/follower.js';

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export const SEVERITY_IDS: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
export type Naming = 'SEV' | 'P';

export interface SeverityInfo {
  id: Severity;
  /** 'SEV 1 - Critical' / 'P0 - Critical' style label for each naming. */
  level: string;
  impact: string;
  examples: string;
  /** Response time per naming (the two runbooks differ). */
  response: Record<Naming, string>;
}

/** The runbooks' severity tables (DApp platform: SEV 1-4; marketplace: P0-P3). */
export const SEVERITIES: Record<Severity, SeverityInfo> = {
  SEV1: {
    id: 'SEV1',
    level: 'Critical',
    impact: 'Complete service outage',
    examples: 'Entire application down, data breach, database corruption',
    response: { SEV: 'Immediate', P: '15 minutes' },
  },
  SEV2: {
    id: 'SEV2',
    level: 'High',
    impact: 'Major feature unavailable',
    examples: 'API errors >50%, payment processing down, authentication broken',
    response: { SEV: '15 minutes', P: '1 hour' },
  },
  SEV3: {
    id: 'SEV3',
    level: 'Medium',
    impact: 'Degraded performance',
    examples: 'High latency, intermittent errors <20%, non-critical feature down',
    response: { SEV: '1 hour', P: '4 hours' },
  },
  SEV4: {
    id: 'SEV4',
    level: 'Low',
    impact: 'Minor issue',
    examples: 'UI glitches, cosmetic issues, single user reports',
    response: { SEV: '4 hours', P: '24 hours' },
  },
};

/** 'SEV 2' or 'P1' depending on the configured naming. */
export function sevName(s: Severity, naming: Naming = 'SEV'): string {
  const n = Number(s.slice(3));
  return naming === 'P' ? `P${n - 1}` : `SEV ${n}`;
}
export function sevLabel(s: Severity, naming: Naming = 'SEV'): string {
  return `${sevName(s, naming)} - ${SEVERITIES[s].level}`;
}
/** Accepts SEV1, sev 1, 1, P0 … (for the CLI and config). */
export function parseSeverity(text: string): Severity | undefined {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  let m = /^(?:SEV)?([1-4])$/.exec(t);
  if (m) return `SEV${m[1]}` as Severity;
  m = /^P([0-3])$/.exec(t);
  if (m) return `SEV${Number(m[1]) + 1}` as Severity;
  return undefined;
}

export type Role = 'ic' | 'tech' | 'comms' | 'oncall';
export const ROLES: { id: Role; title: string; short: string }[] = [
  { id: 'ic', title: 'Incident Commander', short: 'IC' },
  { id: 'tech', title: 'Technical Lead', short: 'Tech' },
  { id: 'comms', title: 'Communications Lead', short: 'Comms' },
  { id: 'oncall', title: 'On-Call Engineer', short: 'On-call' },
];
export const roleTitle = (r: Role) => ROLES.find((x) => x.id === r)?.title ?? r;

export type Phase = 'triage' | 'investigation' | 'mitigation' | 'resolution' | 'resolved';
export const PHASES: { id: Phase; title: string; status: string }[] = [
  { id: 'triage', title: 'Detection and Triage', status: 'Investigating' },
  { id: 'investigation', title: 'Investigation', status: 'Investigating' },
  { id: 'mitigation', title: 'Mitigation', status: 'Mitigating' },
  { id: 'resolution', title: 'Resolution', status: 'Monitoring' },
  { id: 'resolved', title: 'Resolved', status: 'Resolved' },
];
export const phaseTitle = (p: Phase) => PHASES.find((x) => x.id === p)?.title ?? p;
/** The "Status:" word the runbooks' templates use for a phase. */
export const phaseStatus = (p: Phase) => PHASES.find((x) => x.id === p)?.status ?? p;

/** Minutes between status updates (runbook: SEV1 15, SEV2 30, SEV3 60, SEV4 as needed). */
export type Cadence = Record<Severity, number | null>;
export const DEFAULT_CADENCE: Cadence = { SEV1: 15, SEV2: 30, SEV3: 60, SEV4: null };
/** The runbook's initial internal update is due within 5 minutes of declaring. */
export const INITIAL_UPDATE_MINUTES = 5;

export type TemplateKind = 'initial' | 'progress' | 'statuspage' | 'email' | 'resolution';
export const TEMPLATES: { id: TemplateKind; title: string }[] = [
  { id: 'initial', title: 'Initial internal update' },
  { id: 'progress', title: 'Progress update' },
  { id: 'statuspage', title: 'Status page update' },
  { id: 'email', title: 'Customer email' },
  { id: 'resolution', title: 'Resolution notice' },
];

export type ReviewField = 'rootCause' | 'factor' | 'wentWell' | 'wentWrong' | 'actionItem' | 'lesson';

export interface CheckItem {
  name: string;
  /** true passed, false failed, null could not be checked (source not configured / no data). */
  ok: boolean | null;
  detail: string;
}

export type EffectVerdict = 'effective' | 'no improvement' | 'worse' | 'unknown';
/** The mark of a verdict on the timeline and in the review. */
export const VERDICT_MARK: Record<EffectVerdict, string> = {
  effective: '✓',
  'no improvement': '▲',
  worse: '✖',
  unknown: '?',
};
/** A signal's outcome as the journal keeps it (the follower's, with any signal id read back). */
export type EffectSignal = Omit<SignalOutcome, 'signal'> & { signal: string };

/** Every journal line: common fields plus one kind. */
export type IncidentEvent = EventBase & EventBody;
export interface EventBase {
  v: 1;
  /** Unique event id. */
  id: string;
  /** ISO 8601 UTC, when it was written. */
  ts: string;
  /** Who did it: the responder, or `warroom` for automatic detections. */
  actor: string;
  /** For events the console recorded by itself (detections): the user who had it open. */
  console?: string;
}
export type EventBody =
  | {
      kind: 'declared';
      incident: string;
      title: string;
      severity: Severity;
      impact: string;
      /** When it started (may be before declaring: when the alert fired). ISO UTC. */
      startedAt: string;
      roles?: Partial<Record<Role, string>>;
    }
  | { kind: 'severity'; from: Severity; to: Severity; reason?: string }
  | { kind: 'role'; role: Role; who: string }
  | { kind: 'phase'; from: Phase; to: Phase }
  | { kind: 'impact'; text: string }
  | { kind: 'title'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'correction'; of: string; text: string }
  | {
      kind: 'action';
      action: string;
      title: string;
      target?: string;
      command?: string;
      outcome: 'ok' | 'failed' | 'refused' | 'cancelled' | 'dry-run' | string;
      detail?: string;
      /** The tail of its output (a command run in a pod), redacted. */
      output?: string[];
      /** The action record's id (actions.jsonl), which the action's effect names. */
      record?: string;
    }
  | {
      /** An action started (after its confirmation); its `action` event with the same record ends it. */
      kind: 'acting';
      record: string;
      action: string;
      /** 'rollout undo backend'. */
      what: string;
      target: string;
      /** Others found acting on the same target, confirmed anyway; or why that could not be checked. */
      others?: string[];
      unchecked?: string;
    }
  | {
      kind: 'effect';
      /** The id of the action event whose effect this is. */
      of: string;
      action: string;
      verdict: EffectVerdict;
      /** One line, the signals before → after. */
      text: string;
      /** Seconds from the action to the verdict. */
      afterSeconds: number;
      /** Decided because the signals settled (else at the deadline). */
      settled: boolean;
      signals?: EffectSignal[];
    }
  | {
      kind: 'detection';
      detector: string;
      key: string;
      state: 'start' | 'end';
      text: string;
      /** The panes' figures when a start was recorded (the initial update's symptoms). */
      figures?: string[];
    }
  | {
      kind: 'escalation';
      /** A reminder the console wrote when a step fell due (else an escalation a responder made). */
      reminder: boolean;
      /** The level escalated (or to escalate) to, 1-based. */
      level: number;
      /** The ladder step reminded (index into incident.escalation.afterMinutes[severity]). */
      step?: number;
      severity?: Severity;
      /** Who was called (an escalation) or the reminder in words. */
      text: string;
    }
  | {
      kind: 'change';
      /** 'ns/deployment@revision' (a scale, a ConfigMap edit: with its time): recorded once. */
      key: string;
      /** What kind of change (absent: a rollout, a new revision). */
      change?: 'scale' | 'configmap';
      /** The field manager that made it (managedFields: kubectl, kubectl-set, kubectl-edit, …). */
      by?: string;
      /** When the cluster made the change (the ReplicaSet's creation), ISO UTC. */
      at: string;
      text: string;
      deployment: string;
      revision: number;
      images: string[];
      changeCause?: string;
    }
  | { kind: 'update'; template: TemplateKind; text: string; file?: string }
  | { kind: 'checklist'; items: CheckItem[]; passed: boolean }
  | { kind: 'resolved'; summary?: string }
  | { kind: 'review'; field: ReviewField; text: string; owner?: string; due?: string }
  | { kind: 'problem'; text: string };

export type EventKind = EventBody['kind'];
export type EventOf<K extends EventKind> = EventBase & Extract<EventBody, { kind: K }>;

export interface ActionItem {
  text: string;
  owner?: string;
  due?: string;
}

export interface IncidentState {
  id: string;
  title: string;
  severity: Severity;
  impact: string;
  startedAt: number;
  declaredAt: number;
  declaredBy: string;
  phase: Phase;
  roles: Partial<Record<Role, string>>;
  resolvedAt?: number;
  lastUpdateAt?: number;
  updatesSent: number;
  /** Active detections by key (started and not yet ended). */
  activeDetections: Map<string, EventOf<'detection'>>;
  /** Corrections by the id of the event they correct (oldest first). */
  corrections: Map<string, EventOf<'correction'>[]>;
  review: Record<Exclude<ReviewField, 'actionItem'>, string[]>;
  actionItems: ActionItem[];
  lastChecklist?: EventOf<'checklist'>;
  /** The panes' figures at the first detection that recorded them: the initial symptoms. */
  symptoms?: { at: number; figures: string[] };
  /** The effect of each action, by the action event's id (the latest wins). */
  effects: Map<string, EventOf<'effect'>>;
  /** Actions running now, by record id (started, and no `action` event for it yet). */
  acting: Map<string, EventOf<'acting'>>;
  events: IncidentEvent[];
}

export const ms = (iso: string) => Date.parse(iso);

/**
 * The one order of a timeline, the same on every console whatever order the events arrived in
 * (local appends, replicated ones): the declaration first, then time, then event id.
 */
export function compareEvents(a: IncidentEvent, b: IncidentEvent): number {
  const da = a.kind === 'declared' ? 0 : 1;
  const db = b.kind === 'declared' ? 0 : 1;
  if (da !== db) return da - db;
  const ta = ms(a.ts);
  const tb = ms(b.ts);
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The incident's state from its events, in journal order. Returns undefined before 'declared'. */
export function reduce(events: readonly IncidentEvent[]): IncidentState | undefined {
  let s: IncidentState | undefined;
  for (const e of events) {
    if (e.kind === 'declared') {
      if (s) continue; // one declaration per journal; a second one is ignored
      s = {
        id: e.incident,
        title: e.title,
        severity: e.severity,
        impact: e.impact,
        startedAt: ms(e.startedAt),
        declaredAt: ms(e.ts),
        declaredBy: e.actor,
        phase: 'triage',
        roles: { ...e.roles },
        updatesSent: 0,
        activeDetections: new Map(),
        corrections: new Map(),
        review: { rootCause: [], factor: [], wentWell: [], wentWrong: [], lesson: [] },
        actionItems: [],
        effects: new Map(),
        acting: new Map(),
        events: [],
      };
      s.events.push(e);
      continue;
    }
    if (!s) continue;
    s.events.push(e);
    switch (e.kind) {
      case 'severity':
        s.severity = e.to;
        break;
      case 'role':
        s.roles = { ...s.roles, [e.role]: e.who };
        break;
      case 'phase':
        s.phase = e.to;
        if (e.to === 'resolved') s.resolvedAt ??= ms(e.ts);
        else s.resolvedAt = undefined;
        break;
      case 'impact':
        s.impact = e.text;
        break;
      case 'title':
        s.title = e.text;
        break;
      case 'correction': {
        const list = s.corrections.get(e.of) ?? [];
        list.push(e);
        s.corrections.set(e.of, list);
        break;
      }
      case 'detection':
        if (e.state === 'start') s.activeDetections.set(e.key, e);
        else s.activeDetections.delete(e.key);
        if (e.state === 'start' && e.figures?.length && !s.symptoms)
          s.symptoms = { at: ms(e.ts), figures: e.figures };
        break;
      case 'effect':
        s.effects.set(e.of, e);
        break;
      case 'acting':
        if (!s.events.some((x) => x.kind === 'action' && x.record === e.record)) s.acting.set(e.record, e);
        break;
      case 'action':
        if (e.record) s.acting.delete(e.record);
        break;
      case 'update':
        s.lastUpdateAt = ms(e.ts);
        s.updatesSent++;
        break;
      case 'checklist':
        s.lastChecklist = e;
        break;
      case 'resolved':
        s.phase = 'resolved';
        s.resolvedAt = ms(e.ts);
        break;
      case 'review':
        if (e.field === 'actionItem') s.actionItems.push({ text: e.text, owner: e.owner, due: e.due });
        else s.review[e.field].push(e.text);
        break;
    }
  }
  return s;
}

/** Whether an action event changed something (or tried to): refused and cancelled ones did not. */
export function actionTaken(e: IncidentEvent): e is EventOf<'action'> {
  return e.kind === 'action' && !/^(refused|cancelled)\b/.test(e.outcome);
}

/** An action's detail without the outcome it repeats ('cancelled: nothing changed' → 'nothing changed'). */
export function actionDetail(e: EventOf<'action'>): string {
  const word = e.outcome.split(' ')[0]!;
  return (e.detail ?? '').replace(new RegExp(`^(${word}|succeeded):\\s*`), '');
}

/** The text of a note as corrected (the latest correction wins; the original stays in the journal). */
export function currentText(s: IncidentState, e: IncidentEvent): string {
  const c = s.corrections.get(e.id);
  if (e.kind === 'note') return c?.length ? c[c.length - 1]!.text : e.text;
  return '';
}

export interface Due {
  /** When the next status update is due (epoch ms), or undefined when "as needed". */
  dueAt?: number;
  overdue: boolean;
  /** Minutes of the cadence in force (null: as needed). */
  cadence: number | null;
}

/**
 * When the next status update is due: the initial update within 5 minutes of declaring, then
 * every `cadence[severity]` minutes after the last one marked sent. Nothing is due once resolved.
 */
export function nextUpdate(s: IncidentState, now: number, cadence: Cadence = DEFAULT_CADENCE): Due {
  const c = cadence[s.severity];
  if (s.phase === 'resolved') return { overdue: false, cadence: c };
  let dueAt: number | undefined;
  if (s.lastUpdateAt === undefined) dueAt = s.declaredAt + INITIAL_UPDATE_MINUTES * 60_000;
  else if (c !== null) dueAt = s.lastUpdateAt + c * 60_000;
  return { dueAt, overdue: dueAt !== undefined && now > dueAt, cadence: c };
}

/** '45 minutes', '1 hour 15 minutes', '2 days 3 hours' (runbook style). */
export function humanDuration(msDur: number): string {
  const totalMin = Math.max(0, Math.round(msDur / 60_000));
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const part = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  if (d) out.push(part(d, 'day'));
  if (h) out.push(part(h, 'hour'));
  if (m || !out.length) out.push(part(m, 'minute'));
  return out.join(' ');
}

/** 'HH:MM' UTC. */
export const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
/** 'YYYY-MM-DD HH:MM UTC'. */
export const utcMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** 'HH:MM:SS' UTC (timeline times are to the second). */
export const hhmmss = (t: number) => new Date(t).toISOString().slice(11, 19);

/** '45 s', '4 min 05 s', '1 h 02 min' (key times, effects). */
export function shortDuration(msDur: number): string {
  const s = Math.max(0, Math.round(msDur / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export interface KeyTime {
  id: 'detect' | 'declare' | 'mitigate' | 'resolve';
  label: string;
  short: string;
  /** When it happened (epoch ms), undefined while it has not. */
  at?: number;
  /** From the impact's start (ms). */
  ms?: number;
  /** What it was measured to. */
  what: string;
}

/**
 * The incident's key times, all from the impact's start: Time to detect (→ the first detection
 * or the declaration, whichever came first), to declare, to mitigate (→ the first action whose
 * effect was ✓ effective), to resolve.
 */
export function keyTimes(s: IncidentState): KeyTime[] {
  const firstDetection = s.events.find(
    (e): e is EventOf<'detection'> => e.kind === 'detection' && e.state === 'start',
  );
  const detectAt = Math.min(s.declaredAt, firstDetection ? ms(firstDetection.ts) : Infinity);
  const effective = s.events.find(
    (e): e is EventOf<'action'> => e.kind === 'action' && s.effects.get(e.id)?.verdict === 'effective',
  );
  const time = (
    id: KeyTime['id'],
    label: string,
    short: string,
    at: number | undefined,
    what: string,
  ): KeyTime => ({
    id,
    label,
    short,
    what,
    ...(at !== undefined ? { at, ms: Math.max(0, at - s.startedAt) } : {}),
  });
  return [
    time(
      'detect',
      'Time to detect',
      'TTD',
      detectAt,
      firstDetection && ms(firstDetection.ts) <= s.declaredAt
        ? `first detection: ${firstDetection.text}`
        : 'declared',
    ),
    time('declare', 'Time to declare', 'TTDecl', s.declaredAt, `declared by ${s.declaredBy}`),
    time(
      'mitigate',
      'Time to mitigate',
      'TTM',
      effective ? ms(effective.ts) : undefined,
      effective ? `${effective.title} (effective)` : 'no action measured effective yet',
    ),
    time(
      'resolve',
      'Time to resolve',
      'TTR',
      s.resolvedAt,
      s.resolvedAt !== undefined ? 'resolved' : 'not resolved yet',
    ),
  ];
}

/** '2m05s', '45s', '1h02m' (the header). */
export function compactDuration(msDur: number): string {
  const s = Math.max(0, Math.round(msDur / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The key times reached so far, for the header: 'TTD 2m00s TTM 15m00s'. */
export function keyTimesText(s: IncidentState): string {
  return keyTimes(s)
    .filter((k) => k.ms !== undefined && k.id !== 'declare')
    .map((k) => `${k.short} ${compactDuration(k.ms!)}`)
    .join(' ');
}
