import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'timeline.kind',
    keys: ['f'],
    scope: 'timeline',
    description: 'Show only one kind of event (detections, actions, notes, changes, updates)',
  },
  {
    command: 'timeline.changes',
    keys: ['w'],
    scope: 'timeline',
    description: 'What changed: cluster rollouts beside new error groups, detections and actions',
  },
  {
    command: 'timeline.correct',
    keys: ['c'],
    scope: 'timeline',
    description: 'Correct the selected note (appends a correction; nothing is rewritten)',
  },
] as const satisfies readonly BindingSpec[];
