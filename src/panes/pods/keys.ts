import type { Binding } from '../../ui/keymap.js';

export const keys: Binding[] = [
  {
    command: 'pods.describe',
    keys: ['enter'],
    scope: 'pods',
    description: 'Describe the selected pod (Esc goes back)',
  },
];
