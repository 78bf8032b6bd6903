// Direct keys for actions, in the scope of the pane they act on (filled in by the action palette).
import type { Binding } from '../ui/keymap.js';

export const keys: Binding[] = [];
