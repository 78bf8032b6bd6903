// In-flight actions on the incident: the sink that writes an `acting` event when an action
// starts (src/ops/inflight/port.ts; the shared journal carries it to every console on the
// incident within a second), and what the header shows while it runs:
// 'alice@bastion-1: rollout undo backend (running)'. The action's own `action` event, written
// when it has finished, ends it. A console that died mid-action never writes that event: with
// the shared journal live, an actor no longer present is shown as gone rather than running.
import type { ActingSink, ActingStart } from '../ops/inflight/port.js';
import { targetText } from './recorder.js';
import type { IncidentController } from './controller.js';
import type { EventBody, EventOf, IncidentState } from './model.js';
import type { SharedStatus } from './shared/replicator.js';
import { redact } from '../util/redact.js';

export function actingEvent(s: ActingStart): EventBody {
  return {
    kind: 'acting',
    record: s.record,
    action: s.operation,
    what: redact(s.what),
    target: redact(targetText(s.target)),
    ...(s.others?.length ? { others: s.others.map(redact) } : {}),
    ...(s.unchecked ? { unchecked: redact(s.unchecked) } : {}),
  };
}

export class IncidentActingSink implements ActingSink {
  constructor(private readonly controller: IncidentController) {}
  started(s: ActingStart): void {
    if (this.controller.isOpen) this.controller.append(actingEvent(s));
  }
}

const hms = (iso: string) => iso.slice(11, 19);

/**
 * An action's console counts as gone when its actor has not been present for this long after
 * the action started (presence is read every half poll interval: a fresh action's actor may not
 * be in the list yet).
 */
export const GONE_AFTER_MS = 10_000;

/** One in-flight action in words: 'alice@bastion-1: rollout undo backend (running) since 12:04:05'. */
export function actingText(e: EventOf<'acting'>, shared?: SharedStatus, now = Date.now()): string {
  const gone =
    shared?.state === 'online' &&
    shared.present.length > 0 &&
    now - Date.parse(e.ts) > GONE_AFTER_MS &&
    !shared.present.some((p) => p.actor === e.actor);
  return `${e.actor}: ${e.what} ${gone ? `(console gone) started ${hms(e.ts)}` : `(running) since ${hms(e.ts)}`}`;
}

/** Every action running on the incident now, oldest first. */
export function inflightTexts(s: IncidentState, shared?: SharedStatus, now = Date.now()): string[] {
  return [...s.acting.values()].map((e) => actingText(e, shared, now));
}
