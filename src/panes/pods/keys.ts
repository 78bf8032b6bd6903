import { actionKeys } from '../../actions/keys.js';
import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'pods.describe',
    keys: ['enter'],
    scope: 'pods',
    description: 'Describe the selected pod (Esc goes back)',
  },
] as const satisfies readonly BindingSpec[];

/** The actions this pane's keys run (UPPERCASE). */
export const actions = actionKeys('pods', {
  D: 'kubernetes.delete-pod',
});
