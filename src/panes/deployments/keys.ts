import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'deployments.history',
    keys: ['h'],
    scope: 'deployments',
    description: 'Show or hide the rollout history of the selected deployment',
  },
] as const satisfies readonly BindingSpec[];
