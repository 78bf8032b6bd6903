// The keys of the incident dialogs, one scope per dialog (and per step of the incident menu), in
// the one keymap so that `?` and the README list them. The dialogs switch on these commands
// (commandFor(scope, key)), never on raw key names; a dialog consumes every key, so these
// scopes are never live beside the global keys (isDialogScope). Text fields take the rest.
import type { BindingSpec } from '../keymap.js';

/** What help and the README call each dialog scope. */
export const dialogScopeTitles: Record<string, string> = {
  'dialog.declare': 'declare an incident (!)',
  'dialog.note': 'note (n)',
  'dialog.resume': 'resume an open incident (at start-up)',
  'dialog.menu': 'incident menu (! with an incident open)',
  'dialog.menu.severity': 'incident menu › severity',
  'dialog.menu.phase': 'incident menu › phase',
  'dialog.menu.role': 'incident menu › assign a role',
  'dialog.menu.text': 'incident menu › impact or role name',
  'dialog.menu.resolve': 'incident menu › resolve',
  'dialog.update.pick': 'status update (u) › pick a template',
  'dialog.update': 'status update (u) › edit',
};

const SEVERITY_DIGITS = ['1', '2', '3', '4', '0'];

export const keys = [
  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.declare',
    description: 'Cancel: nothing is declared',
  },
  {
    command: 'dialog.submit',
    keys: ['enter', 'ctrl+s'],
    scope: 'dialog.declare',
    description: 'Declare the incident (a title is required)',
  },
  { command: 'dialog.next', keys: ['tab', 'down'], scope: 'dialog.declare', description: 'Next field' },
  {
    command: 'dialog.prev',
    keys: ['shift+tab', 'up'],
    scope: 'dialog.declare',
    description: 'Previous field',
  },
  {
    command: 'severity.up',
    keys: ['left'],
    scope: 'dialog.declare',
    description: 'Severity field: one level more severe',
  },
  {
    command: 'severity.down',
    keys: ['right'],
    scope: 'dialog.declare',
    description: 'Severity field: one level less severe',
  },
  {
    command: 'severity.pick',
    keys: SEVERITY_DIGITS,
    scope: 'dialog.declare',
    description: 'Severity field: the level by number (1-4, or 0-3 with P naming)',
  },

  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.note',
    description: 'Cancel: nothing is added',
  },
  {
    command: 'dialog.submit',
    keys: ['enter'],
    scope: 'dialog.note',
    description: 'Add the note (or the correction) to the timeline',
  },

  {
    command: 'dialog.submit',
    keys: ['enter', 'y'],
    scope: 'dialog.resume',
    description: 'Resume the first incident found',
  },
  {
    command: 'resume.pick',
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    scope: 'dialog.resume',
    description: 'Resume the incident of that number',
  },
  {
    command: 'dialog.cancel',
    keys: ['escape', 'n'],
    scope: 'dialog.resume',
    description: 'Start without an incident (its journal stays on disk)',
  },

  { command: 'dialog.cancel', keys: ['escape'], scope: 'dialog.menu', description: 'Close the menu' },
  { command: 'menu.severity', keys: ['s'], scope: 'dialog.menu', description: 'Change the severity' },
  { command: 'menu.phase', keys: ['p'], scope: 'dialog.menu', description: 'Change the phase' },
  { command: 'menu.role', keys: ['r'], scope: 'dialog.menu', description: 'Assign a role' },
  { command: 'menu.impact', keys: ['m'], scope: 'dialog.menu', description: 'Update the impact' },
  {
    command: 'incident.update',
    keys: ['u'],
    scope: 'dialog.menu',
    description: 'Write a status update from the runbook templates',
  },
  {
    command: 'menu.resolve',
    keys: ['x'],
    scope: 'dialog.menu',
    description: 'Resolve, with the live recovery checklist',
  },
  {
    command: 'menu.escalate',
    keys: ['l'],
    scope: 'dialog.menu',
    description: 'Escalate to the next level of the ladder (recorded)',
  },
  {
    command: 'menu.export',
    keys: ['e'],
    scope: 'dialog.menu',
    description: 'Export the post-incident review (Markdown, beside the journal)',
  },

  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.menu.severity',
    description: 'Back to the menu',
  },
  {
    command: 'severity.up',
    keys: ['left', 'up'],
    scope: 'dialog.menu.severity',
    description: 'One level more severe',
  },
  {
    command: 'severity.down',
    keys: ['right', 'down'],
    scope: 'dialog.menu.severity',
    description: 'One level less severe',
  },
  {
    command: 'severity.pick',
    keys: SEVERITY_DIGITS,
    scope: 'dialog.menu.severity',
    description: 'The level by number (1-4, or 0-3 with P naming)',
  },
  {
    command: 'dialog.submit',
    keys: ['enter'],
    scope: 'dialog.menu.severity',
    description: 'Set the severity',
  },

  { command: 'dialog.cancel', keys: ['escape'], scope: 'dialog.menu.phase', description: 'Back to the menu' },
  {
    command: 'menu.pick',
    keys: ['1', '2', '3', '4', '5'],
    scope: 'dialog.menu.phase',
    description: 'Set the phase by number (resolved opens the recovery checklist)',
  },

  { command: 'dialog.cancel', keys: ['escape'], scope: 'dialog.menu.role', description: 'Back to the menu' },
  {
    command: 'menu.pick',
    keys: ['1', '2', '3', '4'],
    scope: 'dialog.menu.role',
    description: 'The role by number, then type the name',
  },

  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.menu.text',
    description: 'Back (to the roles, or to the menu)',
  },
  {
    command: 'dialog.submit',
    keys: ['enter'],
    scope: 'dialog.menu.text',
    description: 'Set the impact or the role',
  },

  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.menu.resolve',
    description: 'Back to the menu',
  },
  {
    command: 'dialog.submit',
    keys: ['enter'],
    scope: 'dialog.menu.resolve',
    description: 'Resolve (a failed checklist is recorded as such)',
  },
  {
    command: 'resolve.recheck',
    keys: ['ctrl+r'],
    scope: 'dialog.menu.resolve',
    description: 'Re-evaluate the recovery checklist',
  },

  { command: 'dialog.cancel', keys: ['escape'], scope: 'dialog.update.pick', description: 'Close' },
  {
    command: 'update.template',
    keys: ['1', '2', '3', '4', '5'],
    scope: 'dialog.update.pick',
    description: 'Pick a template by number',
  },

  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog.update',
    description: 'Back to the templates',
  },
  { command: 'dialog.prev', keys: ['up'], scope: 'dialog.update', description: 'Previous line' },
  { command: 'dialog.next', keys: ['down'], scope: 'dialog.update', description: 'Next line' },
  { command: 'update.newLine', keys: ['enter'], scope: 'dialog.update', description: 'New line below' },
  { command: 'update.deleteLine', keys: ['ctrl+k'], scope: 'dialog.update', description: 'Delete the line' },
  {
    command: 'update.send',
    keys: ['ctrl+s'],
    scope: 'dialog.update',
    description: 'Copy, save and mark sent (resets the cadence timer)',
  },
  {
    command: 'update.save',
    keys: ['ctrl+y'],
    scope: 'dialog.update',
    description: 'Copy and save, not marked sent',
  },
] as const satisfies readonly BindingSpec[];
