// Test helpers for actions: a config, an env, a confirm port that types what it is told, an
// in-memory recorder, and running an operation through the runner with them.
import { configSchema, type Config } from '../../src/config/schema.js';
import type { ActionEnv, Operation, Target } from '../../src/ops/operation.js';
import { operations } from '../../src/ops/registry.js';
import { actionKeys } from '../../src/actions/keys.js';
import { addBindings } from '../../src/ui/keymap.js';
import type { ActionRecord, ActionRecorder } from '../../src/ops/record.js';
import {
  runOperation,
  type ConfirmPort,
  type ConfirmRequest,
  type RunRequest,
  type RunResult,
} from '../../src/ops/runner.js';

export function envFor(partial: Record<string, unknown> = {}, extra: Partial<ActionEnv> = {}): ActionEnv {
  const config: Config = configSchema.parse(partial);
  return { config, readOnly: !!config.actions?.readOnly, ...extra };
}

export class MemRecorder implements ActionRecorder {
  records: ActionRecord[] = [];
  async append(rec: ActionRecord) {
    this.records.push(rec);
  }
}

/** Confirms by typing exactly what the dialog asks (or `typed` when given). */
export function typingConfirm(typed?: {
  name?: string;
  context?: string;
}): ConfirmPort & { asked: ConfirmRequest[] } {
  const asked: ConfirmRequest[] = [];
  return {
    asked,
    async confirm(req) {
      asked.push(req);
      return {
        confirmed: true,
        typedName: typed?.name ?? req.requireName,
        typedContext: typed?.context ?? req.requireContext,
      };
    },
  };
}

export const refuseConfirm: ConfirmPort = {
  async confirm() {
    return { confirmed: false };
  },
};

/**
 * Adds a test's operation to the registry, bound to `key` in the pane `scope` as a pane's
 * keys.ts would bind it; returns what removes both again.
 */
export function registerOp(op: Operation, scope: string, key: string): () => void {
  operations.push(op);
  const unbind = addBindings(actionKeys(scope, { [key]: op.id }));
  return () => {
    unbind();
    operations.splice(operations.indexOf(op), 1);
  };
}

/**
 * Runs `op` on `target` through the runner as the palette does: confirmed by typing what the
 * dialog asks (or by `o.confirm`), recorded in memory (or by `o.recorder`).
 */
export function runOp(
  op: Operation,
  target: Target,
  params: RunRequest['params'],
  env: ActionEnv,
  o: { confirm?: ConfirmPort; recorder?: ActionRecorder } = {},
): Promise<RunResult> {
  return runOperation({
    op,
    target,
    params,
    env,
    confirm: o.confirm ?? typingConfirm(),
    recorder: o.recorder ?? new MemRecorder(),
  });
}
