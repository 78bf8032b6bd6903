// Each pane's own key bindings, collected for the one keymap (src/ui/keymap.ts).
import type { Binding, CommandOf } from '../ui/keymap.js';
import { keys as pods, actions as podsActions } from './pods/keys.js';
import { keys as deployments, actions as deploymentsActions } from './deployments/keys.js';
import { keys as events } from './events/keys.js';
import { keys as top } from './top/keys.js';
import { keys as health, actions as healthActions } from './health/keys.js';
import { keys as chain } from './chain/keys.js';
import { keys as postgres, actions as postgresActions } from './postgres/keys.js';
import { keys as redis, actions as redisActions } from './redis/keys.js';
import { keys as timeline } from './timeline/keys.js';
import { keys as logs } from './logs/keys.js';

export const paneKeys: Binding[] = [
  ...pods,
  ...deployments,
  ...events,
  ...top,
  ...health,
  ...chain,
  ...postgres,
  ...redis,
  ...timeline,
  ...logs,
];

/** Every pane's action keys (bound to operation ids in the pane's keys.ts). */
export const paneActionKeys: Binding[] = [
  ...deploymentsActions,
  ...podsActions,
  ...postgresActions,
  ...redisActions,
  ...healthActions,
];

/** Every pane command id (the compiler checks handlers against it). */
export type PaneCommand = CommandOf<
  | typeof pods
  | typeof deployments
  | typeof events
  | typeof top
  | typeof health
  | typeof chain
  | typeof postgres
  | typeof redis
  | typeof timeline
  | typeof logs
>;
