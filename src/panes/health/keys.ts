import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [] as const satisfies readonly BindingSpec[];
