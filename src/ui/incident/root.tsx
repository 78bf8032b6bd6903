// Mounted once by the shell: the incident feature's global keys (! incident, n note, u status update). The journal,
// detections and timers live in the IncidentController (controller.ts), set up at start-up.
import { useStoreApi } from '../hooks.js';
import { commandFor } from '../keymap.js';
import { useKeys } from '../keys.js';
import { ensureController, openModal } from './common.js';

export function IncidentRoot() {
  const store = useStoreApi();
  useKeys('global', (ev) => {
    const cmd = commandFor('global', ev.name);
    if (!cmd?.startsWith('incident.')) return false;
    const c = ensureController(store);
    switch (cmd) {
      case 'incident.main':
        openModal(store, c.isOpen ? 'incident.menu' : 'incident.declare');
        return true;
      case 'incident.note':
      case 'incident.update':
        if (!c.state) c.flash('no incident open: ! declares one', 'warn');
        else openModal(store, cmd);
        return true;
    }
    return false;
  });
  return null;
}
