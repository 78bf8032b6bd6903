import type { Binding } from '../../ui/keymap.js';

export const keys: Binding[] = [
  {
    command: 'top.toggle',
    keys: ['o'],
    scope: 'top',
    description: 'Switch between pods and nodes',
  },
];
