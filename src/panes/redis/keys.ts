import { actionKeys } from '../../actions/keys.js';
import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [] as const satisfies readonly BindingSpec[];

/** The actions this pane's keys run (UPPERCASE). */
export const actions = actionKeys('redis', {
  K: 'redis.delete-keys',
  F: 'redis.flushdb',
  A: 'redis.flushall',
});
