// The incident's action recorder: every action from the palette (succeeded, failed, refused,
// cancelled) becomes an `action` event in the open incident's journal, next to the default
// actions.jsonl (TeeRecorder). With no incident open it records nothing here.
import type { ActionRecord, ActionRecorder } from '../ops/record.js';
import { redact } from '../util/redact.js';
import type { IncidentController } from './controller.js';
import type { EventBody } from './model.js';

const OUTCOME: Record<string, string> = {
  succeeded: 'ok',
  failed: 'failed',
  refused: 'refused',
  cancelled: 'cancelled',
};

/** 'deployment shop/worker @ prod', 'keys app:cache:* @ 127.0.0.1:6379' (no empty parts). */
export function targetText(t: ActionRecord['target']): string {
  const obj = `${t.namespace && t.name ? `${t.namespace}/` : ''}${t.name}`;
  return [t.kind, obj].filter(Boolean).join(' ') + (t.context ? ` @ ${t.context}` : '');
}

export function actionEvent(rec: ActionRecord): EventBody {
  const params = Object.entries(rec.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const outcome = OUTCOME[rec.outcome] ?? rec.outcome;
  // The runner's details repeat the outcome ('cancelled: nothing changed'): say it once.
  const detail = rec.detail ? redact(rec.detail).replace(new RegExp(`^${rec.outcome}:\\s*`), '') : '';
  const title = rec.title ?? rec.operation;
  return {
    kind: 'action',
    action: rec.operation,
    title: params ? `${title}: ${params}` : title,
    target: redact(targetText(rec.target)),
    ...(rec.command ? { command: redact(rec.command) } : {}),
    outcome: outcome + (rec.dryRun && !rec.dryRun.ok ? ' (dry run failed)' : ''),
    detail: detail || undefined,
    ...(rec.output?.length ? { output: rec.output.map(redact) } : {}),
    record: rec.id,
  };
}

export class IncidentRecorder implements ActionRecorder {
  constructor(private readonly controller: IncidentController) {}
  async append(rec: ActionRecord): Promise<void> {
    if (!this.controller.isOpen) return;
    this.controller.append(actionEvent(rec));
  }
}
