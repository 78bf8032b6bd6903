// The keys of the action dialogs (palette, target picker, parameter form, confirm, busy), in the
// one keymap under scope 'dialog' so that `?` and the README list them; the dialogs switch on
// these commands (commandFor('dialog', key)), never on raw key names. Text fields take the rest.
import type { BindingSpec } from '../keymap.js';

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
] as const satisfies readonly BindingSpec[];
