// The incident's effect sink: when an action's effect has been judged (src/ops/effects/), an
// `effect` event goes into the open incident's journal, naming the action event it belongs to
// (found by the action record's id), with the verdict, the one-line before → after and the
// signals. With no incident open the runner follows nothing.
import type { EffectResult } from '../ops/effects/follower.js';
import type { EffectSink } from '../ops/effects/port.js';
import { redact, redactDeep } from '../util/redact.js';
import type { IncidentController } from './controller.js';
import type { EventBody } from './model.js';

export function effectEvent(r: EffectResult, of: string): EventBody {
  return {
    kind: 'effect',
    of,
    action: r.operation,
    verdict: r.verdict,
    text: redact(r.text),
    afterSeconds: r.afterSeconds,
    settled: r.settled,
    signals: redactDeep(r.signals),
  };
}

export class IncidentEffectSink implements EffectSink {
  constructor(private readonly controller: IncidentController) {}
  accepts(): boolean {
    return this.controller.isOpen;
  }
  write(r: EffectResult): void {
    if (!this.controller.journal) return;
    const action = this.controller.journal.events.find((e) => e.kind === 'action' && e.record === r.record);
    this.controller.append(effectEvent(r, action?.id ?? r.record));
  }
  problem(text: string): void {
    this.controller.flash(text, 'warn');
  }
}
