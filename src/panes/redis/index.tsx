import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function RedisPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'redis',
  title: 'Redis',
  sources: ['redis'],
  scope: 'redis',
  component: RedisPane,
};
