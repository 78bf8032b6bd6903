// `warroom replay`: the same console (Shell) on a recording. Its store is fed by the player only
// (src/incident/recording/player.ts); no source is started, no backend module is imported, and
// the shell gets the replay's features (src/ui/replay/features.ts): no action root, no dialog,
// so the action runner is not reachable from here. The clock the panes read is the recorded
// time.
import type { Config } from '../../config/schema.js';
import { INCIDENT } from '../../incident/controller.js';
import { DEFAULT_ESCALATION } from '../../incident/escalation.js';
import { DEFAULT_CADENCE, reduce, type IncidentState } from '../../incident/model.js';
import { getSlice, type AppStore } from '../../store/store.js';
import { createAppStore, setSlice } from '../../store/store.js';
import { Player, REPLAY } from '../../incident/recording/player.js';
import type { Recording } from '../../incident/recording/reader.js';
import { panes } from '../../panes/registry.js';
import { ClockContext, type Clock } from '../hooks.js';
import { META, type Meta } from '../../store/meta.js';
import { openScreen, needTty } from '../screen.js';
import { Shell } from '../Shell.js';
import { REPLAY_FEATURES } from './features.js';

export interface ReplayOptions {
  config: Config;
  meta: Meta;
  recording: Recording;
  /** The incident, from its journal (the timeline and the header). */
  incident: IncidentState;
  journalPath: string;
  at?: number;
  speed?: number;
}

/** The store and player of a replay (also what the tests render). */
export function replayStore(opts: Omit<ReplayOptions, 'meta'> & { meta?: Meta }): {
  store: AppStore;
  player: Player;
} {
  const store = createAppStore('pods');
  setSlice(store, META, () => ({
    version: '',
    ...opts.meta,
    readOnly: true,
    clockSeconds: true,
  }));
  setSlice(store, 'config', () => opts.config);
  const inc = opts.config.incident;
  setSlice(store, INCIDENT, () => ({
    state: opts.incident,
    path: opts.journalPath,
    problems: [],
    naming: inc?.naming ?? 'SEV',
    cadence: { ...DEFAULT_CADENCE },
    escalation: DEFAULT_ESCALATION,
    actor: '',
    rev: 1,
  }));
  followIncident(store, opts.incident);
  const known = [...new Set(panes.flatMap((p) => p.sources))];
  // Focus the first pane the recording has data for, and keep it while seeking (a moment before
  // a source's first frame shows it "not in the recording" instead of moving the focus).
  const atEnd = opts.recording.end !== undefined ? opts.recording.at(opts.recording.end) : {};
  const first = panes.find((p) =>
    p.sources.some((id) => atEnd[id]?.status && atEnd[id]?.status !== 'unconfigured'),
  );
  if (first) store.setState((s) => ({ ui: { ...s.ui, focus: first.id, focusChosen: true } }));
  const player = new Player(store, opts.recording, { at: opts.at, speed: opts.speed, known });
  const problems = opts.recording.problems;
  if (problems.length)
    store.setState((s) => ({
      ui: { ...s.ui, flash: { text: `recording: ${problems[0]}`, tone: 'warn', at: Date.now() } },
    }));
  return { store, player };
}

/** The header's incident as of the moment shown: the journal's events up to it. */
function followIncident(store: AppStore, full: IncidentState): void {
  let shown = -1;
  const update = () => {
    const t = getSlice(store, REPLAY)?.t;
    if (t === undefined) return;
    const n = full.events.filter((e) => Date.parse(e.ts) <= t).length;
    if (n === shown) return;
    shown = n;
    const asOf = reduce(full.events.filter((e) => Date.parse(e.ts) <= t)) ?? full;
    setSlice(store, INCIDENT, (prev) => ({ ...prev!, asOf, rev: prev!.rev + 1 }));
  };
  store.subscribe((s, p) => {
    if (s.slices[REPLAY] !== p.slices[REPLAY]) update();
  });
}

/** The recorded time, for every clock and data age on screen. */
export function replayClock(store: AppStore): Clock {
  return {
    subscribe: (fn) =>
      store.subscribe((s, p) => {
        if (s.slices[REPLAY] !== p.slices[REPLAY]) fn();
      }),
    now: () => getSlice(store, REPLAY)?.t ?? 0,
  };
}

export function ReplayApp({
  store,
  size,
  clock,
}: {
  store: AppStore;
  clock: Clock;
  size?: { columns: number; rows: number };
}) {
  return (
    <ClockContext.Provider value={clock}>
      <Shell store={store} onQuit={() => undefined} size={size} features={REPLAY_FEATURES} />
    </ClockContext.Provider>
  );
}

export async function runReplay(opts: ReplayOptions): Promise<number> {
  if (!needTty('the replay')) return 2;
  const { store, player } = replayStore(opts);
  const screen = openScreen(<ReplayApp store={store} clock={replayClock(store)} />, {
    stop: async () => player.stop(),
  });
  await screen.waitUntilExit();
  await screen.shutdown(0);
  return 0;
}
