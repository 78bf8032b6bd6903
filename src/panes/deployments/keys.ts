import type { Binding } from '../../ui/keymap.js';

export const keys: Binding[] = [
  {
    command: 'deployments.history',
    keys: ['h'],
    scope: 'deployments',
    description: 'Show or hide the rollout history of the selected deployment',
  },
];
