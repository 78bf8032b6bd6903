// Each pane's own key bindings, collected for the one keymap (src/ui/keymap.ts).
import type { Binding, CommandOf } from '../ui/keymap.js';
import { keys as pods } from './pods/keys.js';
import { keys as deployments } from './deployments/keys.js';
import { keys as events } from './events/keys.js';
import { keys as top } from './top/keys.js';
import { keys as health } from './health/keys.js';
import { keys as chain } from './chain/keys.js';
import { keys as postgres } from './postgres/keys.js';
import { keys as redis } from './redis/keys.js';
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
