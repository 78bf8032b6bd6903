// Keys of the incident feature, global: lowercase letters no pane and no list uses
// (test/incident/keys.test.ts checks the whole keymap for collisions).
import type { Binding } from '../ui/keymap.js';

export const keys: Binding[] = [
  {
    command: 'incident.main',
    keys: ['i'],
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
];
