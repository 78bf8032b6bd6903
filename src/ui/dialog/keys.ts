// The keys of the action dialogs (palette, target picker, parameter form, confirm, busy, output)
// under scope 'dialog', of help ('dialog.help') and of every dialog's text fields ('dialog.text',
// read by editText), in the one keymap so that `?` and the README list them; the dialogs switch
// on these commands (commandFor(scope, key)), never on raw key names. Text fields take the rest.
import { scoped } from '../bindings.js';

/** What help and the README call these dialog scopes. */
export const scopeTitles: Record<string, string> = {
  dialog: 'any action dialog',
  'dialog.help': 'help (?)',
  'dialog.text': 'any text field of a dialog',
};

export const keys = [
  ...scoped('dialog', [
    ['dialog.cancel', ['escape'], 'Close the dialog or go back a step; nothing changes'],
    ['dialog.submit', ['enter'], 'Choose the row, preview the form, or confirm once the name is typed'],
    [
      'dialog.next',
      ['tab', 'down', 'ctrl+j'],
      'Next row or field (Tab first completes a word the field offers)',
    ],
    ['dialog.prev', ['shift+tab', 'up', 'ctrl+k'], 'Previous row or field'],
    ['dialog.copy', ['ctrl+y'], 'Copy the equivalent command (tmux buffer or OSC 52); changes nothing'],
    ['dialog.pageDown', ['pagedown'], 'Scroll a long preview down'],
    ['dialog.pageUp', ['pageup'], 'Scroll a long preview up'],
  ]),
  ...scoped('dialog.help', [
    ['help.close', ['escape', '?', 'q'], 'Close help (j/k, PgUp/PgDn, g/G scroll as in a list)'],
    ['help.pageDown', [' '], 'Scroll a page down'],
  ]),
  ...scoped('dialog.text', [
    [
      'text.deleteChar',
      ['backspace'],
      'Delete the last character (on an empty status-update line: the line)',
    ],
    ['text.clear', ['ctrl+u'], 'Clear the field'],
    ['text.deleteWord', ['ctrl+w'], 'Delete the last word'],
  ]),
];
