// The keys of the incident dialogs, one scope per dialog (and per step of the incident menu), in
// the one keymap so that `?` and the README list them. The dialogs switch on these commands
// (commandFor(scope, key)), never on raw key names; a dialog consumes every key, so these
// scopes are never live beside the global keys (isDialogScope). Text fields take the rest.
import { scoped } from '../bindings.js';

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
  ...scoped('dialog.declare', [
    ['dialog.cancel', ['escape'], 'Cancel: nothing is declared'],
    ['dialog.submit', ['enter', 'ctrl+s'], 'Declare the incident (a title is required)'],
    ['dialog.next', ['tab', 'down'], 'Next field'],
    ['dialog.prev', ['shift+tab', 'up'], 'Previous field'],
    ['severity.up', ['left'], 'Severity field: one level more severe'],
    ['severity.down', ['right'], 'Severity field: one level less severe'],
    ['severity.pick', SEVERITY_DIGITS, 'Severity field: the level by number (1-4, or 0-3 with P naming)'],
  ]),
  ...scoped('dialog.note', [
    ['dialog.cancel', ['escape'], 'Cancel: nothing is added'],
    ['dialog.submit', ['enter'], 'Add the note (or the correction) to the timeline'],
  ]),
  ...scoped('dialog.resume', [
    ['dialog.submit', ['enter', 'y'], 'Resume the first incident found'],
    ['resume.pick', ['1', '2', '3', '4', '5', '6', '7', '8', '9'], 'Resume the incident of that number'],
    ['dialog.cancel', ['escape', 'n'], 'Start without an incident (its journal stays on disk)'],
  ]),
  ...scoped('dialog.menu', [
    ['dialog.cancel', ['escape'], 'Close the menu'],
    ['menu.severity', ['s'], 'Change the severity'],
    ['menu.phase', ['p'], 'Change the phase'],
    ['menu.role', ['r'], 'Assign a role'],
    ['menu.impact', ['m'], 'Update the impact'],
    ['incident.update', ['u'], 'Write a status update from the runbook templates'],
    ['menu.resolve', ['x'], 'Resolve, with the live recovery checklist'],
    ['menu.escalate', ['l'], 'Escalate to the next level of the ladder (recorded)'],
    ['menu.export', ['e'], 'Export the post-incident review (Markdown, beside the journal)'],
  ]),
  ...scoped('dialog.menu.severity', [
    ['dialog.cancel', ['escape'], 'Back to the menu'],
    ['severity.up', ['left', 'up'], 'One level more severe'],
    ['severity.down', ['right', 'down'], 'One level less severe'],
    ['severity.pick', SEVERITY_DIGITS, 'The level by number (1-4, or 0-3 with P naming)'],
    ['dialog.submit', ['enter'], 'Set the severity'],
  ]),
  ...scoped('dialog.menu.phase', [
    ['dialog.cancel', ['escape'], 'Back to the menu'],
    [
      'menu.pick',
      ['1', '2', '3', '4', '5'],
      'Set the phase by number (resolved opens the recovery checklist)',
    ],
  ]),
  ...scoped('dialog.menu.role', [
    ['dialog.cancel', ['escape'], 'Back to the menu'],
    ['menu.pick', ['1', '2', '3', '4'], 'The role by number, then type the name'],
  ]),
  ...scoped('dialog.menu.text', [
    ['dialog.cancel', ['escape'], 'Back (to the roles, or to the menu)'],
    ['dialog.submit', ['enter'], 'Set the impact or the role'],
  ]),
  ...scoped('dialog.menu.resolve', [
    ['dialog.cancel', ['escape'], 'Back to the menu'],
    ['dialog.submit', ['enter'], 'Resolve (a failed checklist is recorded as such)'],
    ['resolve.recheck', ['ctrl+r'], 'Re-evaluate the recovery checklist'],
  ]),
  ...scoped('dialog.update.pick', [
    ['dialog.cancel', ['escape'], 'Close'],
    ['update.template', ['1', '2', '3', '4', '5'], 'Pick a template by number'],
  ]),
  ...scoped('dialog.update', [
    ['dialog.cancel', ['escape'], 'Back to the templates'],
    ['dialog.prev', ['up'], 'Previous line'],
    ['dialog.next', ['down'], 'Next line'],
    ['update.newLine', ['enter'], 'New line below'],
    ['update.deleteLine', ['ctrl+k'], 'Delete the line'],
    ['update.send', ['ctrl+s'], 'Copy, save and mark sent (resets the cadence timer)'],
    ['update.save', ['ctrl+y'], 'Copy and save, not marked sent'],
  ]),
];
