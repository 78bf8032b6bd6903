import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function PodsPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'pods',
  title: 'Pods',
  sources: ['k8s.pods'],
  scope: 'pods',
  component: PodsPane,
};
