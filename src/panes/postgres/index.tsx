import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function PostgresPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'postgres',
  title: 'Postgres',
  sources: ['postgres'],
  scope: 'postgres',
  component: PostgresPane,
};
