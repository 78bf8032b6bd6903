// Keys of the incident feature, global: keys no pane, list or action uses (panes own lowercase
// letters, actions uppercase)
// (test/incident/console.test.tsx checks the whole keymap for collisions).
import type { BindingSpec } from '../keymap.js';

export const keys = [
  {
    command: 'incident.main',
    keys: ['!'],
    scope: 'global',
    description: 'Incident: declare one, or change severity, phase, roles, impact; resolve; export',
  },
  {
    command: 'incident.note',
    keys: ['n'],
    scope: 'global',
    description: 'Add a note to the incident timeline',
  },
  {
    command: 'incident.update',
    keys: ['u'],
    scope: 'global',
    description: 'Write a status update from the runbook templates (copy, mark sent)',
  },
] as const satisfies readonly BindingSpec[];
