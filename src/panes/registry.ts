// Every pane, in grid order (and digit-key order: 1-9, then 0). Find a pane by its name:
// src/panes/<name>/index.tsx.
import { pane as pods } from './pods/index.js';
import { pane as deployments } from './deployments/index.js';
import { pane as events } from './events/index.js';
import { pane as top } from './top/index.js';
import { pane as health } from './health/index.js';
import { pane as chain } from './chain/index.js';
import { pane as postgres } from './postgres/index.js';
import { pane as redis } from './redis/index.js';
import { pane as timeline } from './timeline/index.js';
import { pane as logs } from './logs/index.js';
import type { PaneDef } from './types.js';

export const panes: PaneDef[] = [
  pods,
  deployments,
  events,
  top,
  health,
  chain,
  postgres,
  redis,
  timeline,
  logs,
];
export const paneIds = panes.map((p) => p.id);
export const paneById = new Map(panes.map((p) => [p.id, p]));
