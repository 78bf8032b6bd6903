import { Text } from 'ink';
import type { PaneDef, PaneProps } from '../types.js';

function EventsPane(_p: PaneProps) {
  return <Text dimColor>waiting for data</Text>;
}

export const pane: PaneDef = {
  id: 'events',
  title: 'Events',
  sources: ['k8s.events'],
  scope: 'events',
  component: EventsPane,
};
