// The runbooks' escalation ladder: level 1 the on-call engineer, level 2 a senior engineer or
// the team lead, level 3 the engineering manager. Escalate when a SEV1/SEV2 is not resolved
// within 30 minutes, a SEV1 within 1 hour, a SEV2 within 2 hours, and any incident past 4
// hours (`incident.escalation` overrides both). Pure: the controller writes the reminder
// events when a step falls due, and the header counts down to the next one.
import { sevName, type EventOf, type IncidentState, type Naming, type Severity } from './model.js';

export interface EscalationPolicy {
  /** Who each level is, level 1 first. */
  levels: string[];
  /** Minutes from the impact's start after which each escalation step falls due, per severity. */
  afterMinutes: Record<Severity, number[]>;
}

export const DEFAULT_ESCALATION: EscalationPolicy = {
  levels: ['On-call engineer', 'Senior engineer or team lead', 'Engineering manager'],
  afterMinutes: { SEV1: [30, 60, 240], SEV2: [30, 120, 240], SEV3: [240], SEV4: [240] },
};

export interface EscalationStep {
  /** Index into afterMinutes[severity]. */
  step: number;
  dueAt: number;
  /** The level it escalates to (1-based, capped at the highest). */
  level: number;
  who: string;
}

/** The level in force: 1, raised by every escalation recorded (reminders do not raise it). */
export function currentLevel(s: IncidentState): number {
  let level = 1;
  for (const e of s.events) if (e.kind === 'escalation' && !e.reminder) level = Math.max(level, e.level);
  return level;
}

/** The next step not yet reminded, or undefined (resolved, or the ladder is done). */
export function nextEscalation(
  s: IncidentState,
  policy: EscalationPolicy = DEFAULT_ESCALATION,
): EscalationStep | undefined {
  if (s.phase === 'resolved') return undefined;
  const reminded = new Set(
    s.events.flatMap((e) =>
      e.kind === 'escalation' && e.reminder && e.severity === s.severity ? [e.step] : [],
    ),
  );
  const steps = policy.afterMinutes[s.severity] ?? [];
  const level = currentLevel(s);
  for (let i = 0; i < steps.length; i++) {
    if (reminded.has(i)) continue;
    const to = Math.min(policy.levels.length, Math.max(level + 1, i + 2));
    return {
      step: i,
      dueAt: s.startedAt + steps[i]! * 60_000,
      level: to,
      who: policy.levels[to - 1] ?? `level ${to}`,
    };
  }
  return undefined;
}

/** The reminder event for a step that is due. */
export function reminderEvent(
  s: IncidentState,
  step: EscalationStep,
  policy: EscalationPolicy,
  naming: Naming,
): Omit<EventOf<'escalation'>, 'v' | 'id' | 'ts' | 'actor' | 'console'> {
  const mins = policy.afterMinutes[s.severity]![step.step]!;
  return {
    kind: 'escalation',
    reminder: true,
    severity: s.severity,
    step: step.step,
    level: step.level,
    text: `${sevName(s.severity, naming)} not resolved after ${mins} minutes: escalate to level ${step.level} (${step.who})`,
  };
}

/** The header's countdown: '⇧ L2 in 12m', or '⇧ ESCALATE to L2' once due. */
export function escalationText(s: IncidentState, now: number, policy: EscalationPolicy = DEFAULT_ESCALATION) {
  const n = nextEscalation(s, policy);
  if (!n) return undefined;
  const mins = Math.ceil(Math.abs(n.dueAt - now) / 60_000);
  return n.dueAt <= now
    ? { text: `⇧ ESCALATE to L${n.level}`, due: true }
    : { text: `⇧ L${n.level} in ${mins}m`, due: false };
}
