// A drill for effect tests: the demo environment (Kubernetes simulator, the demo API's health
// endpoints, logs, and PostgreSQL / Redis when the scenario needs them), the console's own
// sources feeding a store, one scenario started, and an effect sink collecting what the
// followers judge. The effect's settle window and deadline are short so tests take seconds.
import { startBackends } from '../../src/data/backends.js';
import { SourceHub } from '../../src/data/source.js';
import { startDemoEnv, type DemoEnv, type DemoOptions } from '../../src/demo/environment.js';
import { scenarioByName } from '../../src/demo/scenarios/index.js';
import { setEffectSink } from '../../src/ops/effects/port.js';
import type { EffectResult } from '../../src/ops/effects/follower.js';
import type { ActionEnv, Operation, Selection } from '../../src/ops/operation.js';
import type { RunResult } from '../../src/ops/runner.js';
import type { ActionRecorder } from '../../src/ops/record.js';
import { createAppStore, createBatcher, type AppStore } from '../../src/store/store.js';
import { runOp } from '../actions/helpers.js';

export interface Drill {
  env: DemoEnv;
  store: AppStore;
  actionEnv: ActionEnv;
  written: EffectResult[];
  /** Runs an operation through the runner on what `sel` selects, typing the confirmation. */
  act(op: Operation, sel: Selection, params: Record<string, string>): Promise<RunResult>;
  /** The data a source last published. */
  data<T>(id: string): T | undefined;
  stop(): Promise<void>;
}

/**
 * Runs an operation through the runner on what `sel` selects, typing the confirmation;
 * recorded in memory unless a recorder is given (an incident's, say).
 */
export function actOn(
  op: Operation,
  sel: Selection,
  params: Record<string, string>,
  env: ActionEnv,
  recorder?: ActionRecorder,
): Promise<RunResult> {
  const target = op.appliesTo(sel, env);
  if (!target) throw new Error(`${op.id} does not apply to ${JSON.stringify(sel)}`);
  return runOp(op, target, params, env, recorder ? { recorder } : {});
}

export async function startDrill(
  scenario: string,
  o: { settle: number; deadline: number; demo?: DemoOptions },
): Promise<Drill> {
  const env = await startDemoEnv({ speed: 10, ...o.demo });
  let hub: SourceHub | undefined;
  let stopScenario: (() => void) | undefined;
  const stop = async () => {
    stopScenario?.();
    await hub?.stopAll();
    await env.stop();
  };
  try {
    const config = {
      ...env.config,
      incident: { ...env.config.incident!, effectSettleSeconds: o.settle, effectDeadlineSeconds: o.deadline },
    };
    const store = createAppStore();
    hub = new SourceHub(createBatcher(store));
    await startBackends({ config, hub, store });
    stopScenario = await scenarioByName(scenario)!.start(env);
    const written: EffectResult[] = [];
    setEffectSink(store, { accepts: () => true, write: (r) => void written.push(r) });
    const actionEnv: ActionEnv = { config, store, readOnly: false, kubeconfigPath: env.kubeconfig };
    return {
      env,
      store,
      actionEnv,
      written,
      data: <T>(id: string) => store.getState().sources[id]?.data as T | undefined,
      act: (op, sel, params) => actOn(op, sel, params, actionEnv),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
