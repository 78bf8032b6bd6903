import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function ChainPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'chain',
  title: 'Chain',
  sources: ['chain'],
  scope: 'chain',
  component: ChainPane,
};
