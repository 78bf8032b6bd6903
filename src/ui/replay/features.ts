// What a replay adds to the shell: its keys (ReplayRoot), the REPLAY badge and its footer. No
// dialog and no action root: the action runner is not part of a replay's module graph.
import type { ConsoleFeatures } from '../features.js';
import { ReplayBadge, replayBadgeCells } from './Badge.js';
import { ReplayFooter } from './Footer.js';
import { ReplayRoot } from './root.js';

export const REPLAY_FEATURES: ConsoleFeatures = {
  roots: [ReplayRoot],
  overlays: {},
  Badge: { View: ReplayBadge, cells: replayBadgeCells },
  Footer: ReplayFooter,
};
