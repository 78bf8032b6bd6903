// Console start-up for the incident feature (called from runConsole's setup hook): which
// incident to follow (--incident ID, --resume, or offer the open ones), and the action
// recorder that writes every palette action into the open incident's journal as well as the
// default actions.jsonl. Returns the cleanup.
import type { Config } from '../config/schema.js';
import type { AppStore } from '../store/store.js';
import { getRecorder, setRecorder, TeeRecorder } from '../ops/record.js';
import { optionsFromConfig, setupIncident } from './controller.js';
import { IncidentRecorder } from './recorder.js';
import { setEffectSink, stopEffects } from '../ops/effects/port.js';
import { IncidentEffectSink } from './effects.js';
import { setActingSink } from '../ops/inflight/port.js';
import { IncidentActingSink } from './inflight.js';
import { existsSync } from 'node:fs';
import { ID_RE, journalPath } from './journal.js';

export interface IncidentFlags {
  resume?: boolean;
  incident?: string;
}

export async function startIncidentFeature(
  store: AppStore,
  config: Config,
  flags: IncidentFlags,
): Promise<() => Promise<void>> {
  const opts = optionsFromConfig(config);
  // --incident ID declared on another bastion: copy it from the shared journal first.
  if (
    flags.incident &&
    opts.shared &&
    ID_RE.test(flags.incident) &&
    !existsSync(journalPath(opts.state, flags.incident))
  ) {
    const { fetchIncident } = await import('./shared/remote.js');
    await fetchIncident(opts.shared.url, opts.state, flags.incident, opts.actor);
  }
  const c = setupIncident(store, opts, flags);
  const previous = getRecorder(store);
  setRecorder(store, new TeeRecorder([previous, new IncidentRecorder(c)]));
  setEffectSink(store, new IncidentEffectSink(c));
  setActingSink(store, new IncidentActingSink(c));
  return async () => {
    setActingSink(store, undefined);
    stopEffects(store);
    setEffectSink(store, undefined);
    setRecorder(store, previous);
    await c.close();
  };
}
