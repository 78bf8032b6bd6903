// `warroom demo` without the command line: the environment, the drill incident and the
// scenario, wired into the console's setup hook. The drill is declared as an incident whose
// title and impact say DRILL (the journal has no drill flag), and it is closed with a
// "drill ended" resolution when the console exits, so that a later real console does not offer
// to resume it.
import { getRecorder, setRecorder, TeeRecorder } from '../ops/record.js';
import { IncidentController, optionsFromConfig } from '../incident/controller.js';
import { IncidentRecorder } from '../incident/recorder.js';
import { IncidentEffectSink } from '../incident/effects.js';
import { setEffectSink, stopEffects } from '../ops/effects/port.js';
import type { AppStore } from '../store/store.js';
import { errorText } from '../util/redact.js';
import { log } from '../util/log.js';
import type { DemoEnv } from './environment.js';
import type { Scenario } from './scenario.js';

export { startDemoEnv, demoSpeed, type DemoEnv } from './environment.js';
export { scenarios, scenarioByName, DEFAULT_SCENARIO } from './scenarios/index.js';
export type { Scenario } from './scenario.js';

export const BANNER = 'DRILL — not production';
export const DRILL_PREFIX = 'DRILL:';

const SOURCE_HINTS: [string, keyof DemoEnv][] = [
  ['postgres', 'pgHint'],
  ['redis', 'redisHint'],
];

/** Puts the demo's own "how to enable it" hints on the panes of backends it could not reach. */
function watchHints(store: AppStore, env: DemoEnv): () => void {
  const fix = () => {
    const st = store.getState();
    let next: typeof st.sources | undefined;
    for (const [id, key] of SOURCE_HINTS) {
      const hint = env[key] as string | undefined;
      const s = st.sources[id];
      if (hint && s?.status === 'unconfigured' && s.hint !== hint) {
        next ??= { ...st.sources };
        next[id] = { ...s, hint };
      }
    }
    if (next) store.setState({ sources: next });
  };
  fix();
  return store.subscribe(fix);
}

export interface Drill {
  controller: IncidentController;
  stop(): Promise<void>;
}

export interface DrillOptions {
  /**
   * Put the expected mitigation and the scenario's details (e.g. the fallback RPC URL) on the
   * timeline (`warroom demo --hints`). Off by default: a drill is practice in finding them
   * from the panes, and the export should not read as if the answer had been given.
   */
  hints?: boolean;
}

/** Declares the drill incident and starts the scenario (none: a calm cluster, no incident). */
export async function startDrill(
  store: AppStore,
  env: DemoEnv,
  scenario: Scenario | undefined,
  opts: DrillOptions = {},
): Promise<Drill> {
  const unhint = watchHints(store, env);
  const controller = new IncidentController(store, optionsFromConfig(env.config));
  const previous = getRecorder(store);
  setRecorder(store, new TeeRecorder([previous, new IncidentRecorder(controller)]));
  setEffectSink(store, new IncidentEffectSink(controller));
  let stopScenario: (() => void) | undefined;
  const missing = (scenario?.needs ?? []).filter((n) => (n === 'postgres' ? !env.pg : !env.redis));
  if (scenario) {
    controller.declare({
      title: `${DRILL_PREFIX} ${scenario.title}`,
      severity: 'SEV2',
      impact: `DRILL (warroom demo, not production): ${scenario.summary}`,
      startedAt: Date.now(),
    });
    const hint = opts.hints ? ` Expected mitigation: ${scenario.mitigation}.` : '';
    controller.append({ kind: 'note', text: `DRILL started: scenario ${scenario.name}.${hint}` });
    const details = opts.hints ? scenario.details?.(env) : undefined;
    if (details) controller.append({ kind: 'note', text: `DRILL details: ${details}` });
    for (const n of env.notes) controller.append({ kind: 'note', text: `DRILL environment: ${n}` });
    if (missing.length) {
      const text = `this scenario needs ${missing.join(' and ')}: ${missing.map((m) => (m === 'postgres' ? env.pgHint : env.redisHint)).join('; ')}`;
      controller.append({ kind: 'note', text: `DRILL cannot run: ${text}` });
      controller.flash(`drill: ${text}`, 'warn');
    } else {
      try {
        stopScenario = await scenario.start(env);
      } catch (err) {
        controller.flash(`drill: scenario ${scenario.name} failed to start: ${errorText(err)}`);
        log('error', `demo: scenario ${scenario.name}: ${errorText(err)}`);
      }
    }
  }
  return {
    controller,
    async stop() {
      unhint();
      try {
        stopScenario?.();
      } catch (err) {
        log('warn', `demo: scenario stop: ${errorText(err)}`);
      }
      try {
        if (controller.isOpen)
          controller.append({
            kind: 'resolved',
            summary: 'DRILL ended: warroom demo exited (not a production incident)',
          });
      } catch (err) {
        log('warn', `demo: closing the drill: ${errorText(err)}`);
      }
      stopEffects(store);
      setEffectSink(store, undefined);
      setRecorder(store, previous);
      await controller.close();
    },
  };
}
