import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function TimelinePane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'timeline',
  title: 'Timeline',
  sources: [],
  scope: 'timeline',
  component: TimelinePane,
};
