// Test helpers for actions: a config, an env, a confirm port that types what it is told, an
// in-memory recorder, running an operation through the runner with them, and the Kubernetes
// simulator for a file of operation tests.
import { afterAll, beforeAll } from 'vitest';
import { configSchema, type Config } from '../../src/config/schema.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
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

export interface KubeActions {
  kube: KubeTestEnv;
  sim: KubeSim;
  /** An ActionEnv on the simulator's kubeconfig (context warroom-sim). */
  env: ActionEnv;
  /** kubectl with that kubeconfig, context and namespace `ns`; its stdout, throwing on a failure. */
  kubectl(ns: string, ...args: string[]): Promise<string>;
}

/**
 * The Kubernetes simulator (ticking every 50 ms) for the tests of one file: started before
 * them with `kubernetes` (and the context) as the config, closed after them. The object is
 * filled in by the file's beforeAll.
 */
export function useKubeActions(
  kubernetes: (kube: KubeTestEnv) => Record<string, unknown> = () => ({}),
): KubeActions {
  const k = {
    async kubectl(ns: string, ...args: string[]) {
      const r = await k.kube.kubectl(['--context', 'warroom-sim', '-n', ns, ...args]);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r.stdout;
    },
  } as KubeActions;
  beforeAll(async () => {
    k.kube = await startKubeEnv({ tickMs: 50 });
    k.sim = k.kube.sim;
    k.env = envFor(
      { kubernetes: { context: 'warroom-sim', ...kubernetes(k.kube) } },
      { kubeconfigPath: k.kube.kubeconfig },
    );
  });
  afterAll(() => k.kube?.close());
  return k;
}
