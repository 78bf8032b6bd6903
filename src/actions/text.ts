// Small shared bits of the action dialogs: risk labels and colours (text editing: src/ui/dialog/text.ts).
import type { Risk } from '../ops/operation.js';

export function riskLabel(r: Risk): string {
  return r === 'destructive' ? '✖ DESTRUCTIVE' : r === 'disruptive' ? '▲ disruptive' : '· safe';
}
export function riskColor(r: Risk): string | undefined {
  return r === 'destructive' ? 'red' : r === 'disruptive' ? 'yellow' : 'green';
}
