// Mounted once by a replay: its keys (src/ui/replay/keys.ts) before the panes' own, moving the
// player; Enter in the timeline goes to the selected event's moment.
import { playerFor, type Player } from '../../incident/recording/player.js';
import { INCIDENT } from '../../incident/controller.js';
import { getSelection } from '../../store/selection.js';
import { getSlice } from '../../store/store.js';
import { useStoreApi } from '../hooks.js';
import { commandFor, type Command } from '../keymap.js';
import { useKeys } from '../keys.js';

const MOVES: Partial<Record<Command, (p: Player) => void>> = {
  'replay.back': (p) => p.step(-10_000),
  'replay.forward': (p) => p.step(10_000),
  'replay.backMinute': (p) => p.step(-60_000),
  'replay.forwardMinute': (p) => p.step(60_000),
  'replay.start': (p) => p.toStart(),
  'replay.end': (p) => p.toEnd(),
  'replay.play': (p) => p.toggle(),
  'replay.faster': (p) => p.faster(),
  'replay.slower': (p) => p.slower(),
};

export function ReplayRoot() {
  const store = useStoreApi();
  useKeys('mode', (ev) => {
    const st = store.getState();
    const player = playerFor(store);
    if (!player || st.ui.modal || st.ui.help) return false;
    // A replay writes nothing: a note is corrected in the console, not here.
    if (st.ui.focus === 'timeline' && commandFor('timeline', ev.name) === 'timeline.correct') {
      store.setState((s) => ({
        ui: {
          ...s.ui,
          flash: {
            text: 'a replay changes nothing: correct notes in the console',
            tone: 'warn',
            at: Date.now(),
          },
        },
      }));
      return true;
    }
    const cmd = commandFor('replay', ev.name);
    const move = cmd ? MOVES[cmd] : undefined;
    if (move) {
      move(player);
      return true;
    }
    if (cmd !== 'replay.jump' || st.ui.focus !== 'timeline') return false;
    // Enter on a timeline event: its moment (on the cursor row, Enter zooms as usual).
    const id = getSelection(store, 'timeline');
    const event = getSlice(store, INCIDENT)?.state?.events.find((e) => e.id === id);
    if (!event) return false;
    player.seek(Date.parse(event.ts));
    return true;
  });
  return null;
}
