import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function DeploymentsPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'deployments',
  title: 'Deployments',
  sources: ['k8s.deployments'],
  scope: 'deployments',
  component: DeploymentsPane,
};
