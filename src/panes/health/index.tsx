// Health pane: the runbooks' `curl …/health` checks, live. Down endpoints first.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { HealthData } from '../../data/health/source.js';
import { HEALTH_SOURCE } from '../../data/health/source.js';
import { useNow, useSource } from '../../ui/hooks.js';
import { useList } from '../../ui/useList.js';
import type { PaneDef, PaneProps } from '../types.js';
import { columns, toRow } from './columns.js';

function HealthPane({ width, height, focused }: PaneProps) {
  const src = useSource<HealthData>(HEALTH_SOURCE);
  const now = useNow();
  const eps = src?.data?.endpoints;
  const rows = useMemo(() => (eps ?? []).map((r) => toRow(r, now)), [eps, now]);
  const down = eps?.filter((e) => !e.up).length ?? 0;
  const list = useList({ rows, columns, height: height - 1, focused, scope: 'health' });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={down ? 'red' : 'green'}>
        {down ? `✖ ${down} of ${eps?.length ?? 0} endpoints DOWN` : `● all ${eps?.length ?? 0} endpoints up`}
      </Text>
      {list.view(width, 'no endpoints checked yet')}
    </Box>
  );
}

export const pane: PaneDef = {
  id: 'health',
  title: 'Health',
  sources: [HEALTH_SOURCE],
  scope: 'health',
  list: true,
  component: HealthPane,
};
