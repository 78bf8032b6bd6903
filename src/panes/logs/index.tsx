import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function LogsPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'logs',
  title: 'Logs',
  sources: ['logs.k8s', 'logs.cloudwatch'],
  scope: 'logs',
  component: LogsPane,
};
