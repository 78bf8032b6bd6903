import type { Binding } from '../../ui/keymap.js';

export const keys: Binding[] = [];
