import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function TopPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'top',
  title: 'Top',
  sources: ['k8s.metrics', 'k8s.nodes'],
  scope: 'top',
  component: TopPane,
};
