// Bindings of one scope written as rows, `[command, keys, description, short?]`, one a line:
// `scoped('postgres', [['postgres.overview', ['o'], 'Overview: …'], …])`. Command ids stay
// literal, so the keymap's `Command` union is still checked by the compiler.
import type { BindingSpec, Scope } from './keymap.js';

export type BindingRow<C extends string> = readonly [
  command: C,
  keys: readonly string[],
  description: string,
  short?: string,
];

export function scoped<const C extends string>(
  scope: Scope,
  rows: readonly BindingRow<C>[],
): (BindingSpec & { readonly command: C })[] {
  return rows.map(([command, keys, description, short]) => ({
    command,
    keys,
    scope,
    description,
    ...(short ? { short } : {}),
  }));
}
