import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'pods.describe',
    keys: ['enter'],
    scope: 'pods',
    description: 'Describe the selected pod (Esc goes back)',
  },
] as const satisfies readonly BindingSpec[];
