// The keys of the action dialogs (palette, target picker, parameter form, confirm, busy, output)
// under scope 'dialog', of help ('dialog.help') and of every dialog's text fields ('dialog.text',
// read by editText), in the one keymap so that `?` and the README list them; the dialogs switch
// on these commands (commandFor(scope, key)), never on raw key names. Text fields take the rest.
import type { BindingSpec } from '../keymap.js';

/** What help and the README call these dialog scopes. */
export const scopeTitles: Record<string, string> = {
  dialog: 'any action dialog',
  'dialog.help': 'help (?)',
  'dialog.text': 'any text field of a dialog',
};

export const keys = [
  {
    command: 'dialog.cancel',
    keys: ['escape'],
    scope: 'dialog',
    description: 'Close the dialog or go back a step; nothing changes',
  },
  {
    command: 'dialog.submit',
    keys: ['enter'],
    scope: 'dialog',
    description: 'Choose the row, preview the form, or confirm once the name is typed',
  },
  {
    command: 'dialog.next',
    keys: ['tab', 'down', 'ctrl+j'],
    scope: 'dialog',
    description: 'Next row or field (Tab first completes a word the field offers)',
  },
  {
    command: 'dialog.prev',
    keys: ['shift+tab', 'up', 'ctrl+k'],
    scope: 'dialog',
    description: 'Previous row or field',
  },
  {
    command: 'dialog.copy',
    keys: ['ctrl+y'],
    scope: 'dialog',
    description: 'Copy the equivalent command (tmux buffer or OSC 52); changes nothing',
  },
  {
    command: 'dialog.pageDown',
    keys: ['pagedown'],
    scope: 'dialog',
    description: 'Scroll a long preview down',
  },
  { command: 'dialog.pageUp', keys: ['pageup'], scope: 'dialog', description: 'Scroll a long preview up' },
  {
    command: 'help.close',
    keys: ['escape', '?', 'q'],
    scope: 'dialog.help',
    description: 'Close help (j/k, PgUp/PgDn, g/G scroll as in a list)',
  },
  { command: 'help.pageDown', keys: [' '], scope: 'dialog.help', description: 'Scroll a page down' },
  {
    command: 'text.deleteChar',
    keys: ['backspace'],
    scope: 'dialog.text',
    description: 'Delete the last character (on an empty status-update line: the line)',
  },
  { command: 'text.clear', keys: ['ctrl+u'], scope: 'dialog.text', description: 'Clear the field' },
  { command: 'text.deleteWord', keys: ['ctrl+w'], scope: 'dialog.text', description: 'Delete the last word' },
] as const satisfies readonly BindingSpec[];
