// Text editing from key events for dialog fields: one-line editing (Backspace, ^U clears, ^W
// deletes a word, printable input appended) and splitting a typed chunk into its keys.
import type { KeyEvent } from '../keys.js';
import { commandFor } from '../keymap.js';

/** The new value after a key, or undefined when the key is not an edit (keys: scope 'dialog.text'). */
export function editText(value: string, ev: KeyEvent): string | undefined {
  switch (commandFor('dialog.text', ev.name)) {
    case 'text.deleteChar':
      return value.slice(0, -1);
    case 'text.clear':
      return '';
    case 'text.deleteWord':
      return value.replace(/\s*\S+\s*$/, '');
  }
  if (ev.key.ctrl || ev.key.meta || ev.key.escape || ev.key.return || ev.key.tab) return undefined;
  if (!ev.input) return undefined;
  const clean = ev.input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
  if (!clean || ev.key.upArrow || ev.key.downArrow || ev.key.leftArrow || ev.key.rightArrow) return undefined;
  return value + clean;
}

/** Whether a key edits text at all (typing, Backspace, ^U, ^W). */
export function isEditKey(ev: KeyEvent): boolean {
  return editText('', ev) !== undefined;
}

/**
 * A terminal delivers fast typing or a paste as one chunk ("title\t2\r"): split it into text
 * runs and separate Tab / Enter events so that a form sees them in order.
 */
export function explode(ev: KeyEvent): KeyEvent[] {
  const input = ev.input;
  if (!input || input.length < 2 || !/[\t\r\n]/.test(input) || ev.key.ctrl || ev.key.meta) return [ev];
  const out: KeyEvent[] = [];
  const plain = { ...ev.key, tab: false, return: false, shift: false };
  for (const part of input.split(/([\t\r\n])/)) {
    if (!part) continue;
    if (part === '\t') out.push({ name: 'tab', input: '\t', key: { ...plain, tab: true } });
    else if (part === '\r' || part === '\n')
      out.push({ name: 'enter', input: '\r', key: { ...plain, return: true } });
    else out.push({ name: part, input: part, key: plain });
  }
  return out;
}
