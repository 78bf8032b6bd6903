// Mounted once by the shell: the direct action keys of the focused pane (UPPERCASE letters
// each pane binds in its src/panes/<pane>/keys.ts). The pane's own handler runs first; an action key captures
// the target from the selection at the moment it is pressed.
import { useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { currentSelection, envFrom, flash, isBusy, startOperation } from './controller.js';
import { opById } from '../ops/registry.js';
import { commandFor } from '../ui/keymap.js';

export function ActionsRoot() {
  const store = useStoreApi();
  useKeys('pane', (ev) => {
    const st = store.getState();
    if (st.ui.modal || st.ui.help) return false;
    const pane = st.ui.focus;
    const command = commandFor(pane, ev.name);
    const op = command?.startsWith('action.') ? opById(command.slice('action.'.length)) : undefined;
    if (!op) return false;
    if (isBusy(store)) return true;
    const sel = currentSelection(store);
    const target = op.appliesTo(sel, envFrom(store));
    if (!target) {
      flash(
        store,
        `${op.title}: nothing selected here it applies to (or its backend is not configured)`,
        'warn',
      );
      return true;
    }
    void startOperation(store, op, target);
    return true;
  });
  return null;
}
