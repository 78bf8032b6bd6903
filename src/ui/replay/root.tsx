// Mounted once by a replay: its keys (src/ui/replay/keys.ts) before the panes' own, moving the
// player; Enter in the timeline goes to the selected event's moment.
import { playerFor } from '../../incident/recording/player.js';
import { INCIDENT, type IncidentSlice } from '../../incident/controller.js';
import { getSelection } from '../../store/selection.js';
import { getSlice } from '../../store/store.js';
import { useStoreApi } from '../hooks.js';
import { commandFor } from '../keymap.js';
import { useKeys } from '../keys.js';

export function ReplayRoot() {
  const store = useStoreApi();
  useKeys('mode', (ev) => {
    const st = store.getState();
    const player = playerFor(store);
    if (!player || st.ui.modal || st.ui.help) return false;
    // A replay writes nothing: a note is corrected in the console, not here.
    if (st.ui.focus === 'timeline' && commandFor('timeline', ev.name) === 'timeline.correct') {
      store.setState((s) => ({
        ui: { ...s.ui, flash: { text: 'a replay changes nothing: correct notes in the console', tone: 'warn', at: Date.now() } },
      }));
      return true;
    }
    switch (commandFor('replay', ev.name)) {
      case 'replay.back':
        player.step(-10_000);
        return true;
      case 'replay.forward':
        player.step(10_000);
        return true;
      case 'replay.backMinute':
        player.step(-60_000);
        return true;
      case 'replay.forwardMinute':
        player.step(60_000);
        return true;
      case 'replay.start':
        player.toStart();
        return true;
      case 'replay.end':
        player.toEnd();
        return true;
      case 'replay.play':
        player.toggle();
        return true;
      case 'replay.faster':
        player.faster();
        return true;
      case 'replay.slower':
        player.slower();
        return true;
      case 'replay.jump': {
        if (st.ui.focus !== 'timeline') return false;
        const id = getSelection(store, 'timeline');
        const ev = getSlice<IncidentSlice>(store, INCIDENT)?.state?.events.find((e) => e.id === id);
        if (!ev) return false;
        player.seek(Date.parse(ev.ts));
        return true;
      }
    }
    return false;
  });
  return null;
}
