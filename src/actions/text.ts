// Small shared bits of the action dialogs: risk labels and colours, printable input.
import type { KeyEvent } from '../ui/keys.js';
import type { Risk } from '../ops/operation.js';

export function riskLabel(r: Risk): string {
  return r === 'destructive' ? '✖ DESTRUCTIVE' : r === 'disruptive' ? '▲ disruptive' : '· safe';
}
export function riskColor(r: Risk): string | undefined {
  return r === 'destructive' ? 'red' : r === 'disruptive' ? 'yellow' : 'green';
}

/** A key that types text (no control keys, no escape sequences). */
export function isPrintable(ev: KeyEvent): boolean {
  if (ev.key.ctrl || ev.key.meta || ev.key.escape || ev.key.return || ev.key.tab) return false;
  if (!ev.input) return false;
  return /^[\x20-\x7e\u00a0-\uffff]+$/.test(ev.input) && !/[\x1b]/.test(ev.input);
}
