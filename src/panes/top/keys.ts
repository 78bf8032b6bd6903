import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'top.toggle',
    keys: ['o'],
    scope: 'top',
    description: 'Switch between pods and nodes',
  },
] as const satisfies readonly BindingSpec[];
