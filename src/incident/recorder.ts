// The incident's action recorder: every action from the palette (succeeded, failed, refused,
// cancelled) becomes an `action` event in the open incident's journal, next to the default
// actions.jsonl (TeeRecorder). With no incident open it records nothing here.
import type { ActionRecord, ActionRecorder } from '../actions/record.js';
import { redact } from '../util/redact.js';
import type { IncidentController } from './controller.js';
import type { EventBody } from './model.js';

const OUTCOME: Record<string, string> = {
  succeeded: 'ok',
  failed: 'failed',
  refused: 'refused',
  cancelled: 'cancelled',
};

export function actionEvent(rec: ActionRecord): EventBody {
  const t = rec.target;
  const target = `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}${t.context ? ` @ ${t.context}` : ''}`;
  const params = Object.entries(rec.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return {
    kind: 'action',
    action: rec.operation,
    title: params ? `${rec.operation} ${params}` : rec.operation,
    target: redact(target),
    command: redact(rec.command),
    outcome:
      (OUTCOME[rec.outcome] ?? rec.outcome) + (rec.dryRun && !rec.dryRun.ok ? ' (dry run failed)' : ''),
    detail: rec.detail ? redact(rec.detail) : undefined,
  };
}

export class IncidentRecorder implements ActionRecorder {
  constructor(private readonly controller: IncidentController) {}
  async append(rec: ActionRecord): Promise<void> {
    if (!this.controller.isOpen) return;
    this.controller.append(actionEvent(rec));
  }
}
