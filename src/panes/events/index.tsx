// Events pane: Warning events in scope, newest first, repeats folded with their count.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { EVENTS_SOURCE, type EventsData } from '../../data/kubernetes/types.js';
import { useNow, useSource } from '../../ui/hooks.js';
import { useList } from '../../ui/useList.js';
import { definePane, type PaneProps } from '../types.js';
import { columns, foldWarnings, toRow } from './columns.js';
import { createProjection, pickColumns } from '../pods/memo.js';

const COMPACT = [0, 2, 3, 4, 5];

function EventsPane({ width, height, focused }: PaneProps) {
  const src = useSource<EventsData>(EVENTS_SOURCE);
  const now = useNow();
  const events = src?.data?.events;
  const folded = useMemo(() => foldWarnings(events ?? []), [events]);
  const allRows = useMemo(() => folded.map((f) => toRow(f, now)), [folded, now]);
  const layout = useMemo(() => pickColumns(columns, width, 110, COMPACT), [width]);
  const project = useMemo(() => createProjection(), []);
  const rows = useMemo(() => project(allRows, layout.pick), [project, allRows, layout]);
  const total = useMemo(() => folded.reduce((n, f) => n + f.count, 0), [folded]);
  const list = useList({ rows, columns: layout.columns, height: height - 1, focused, scope: 'events' });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={folded.length ? 'yellow' : 'green'}>
        {folded.length ? `▲ ${total} warnings · ${folded.length} distinct` : '● no Warning events in scope'}
      </Text>
      {list.view(width, 'no Warning events')}
    </Box>
  );
}

export const pane = definePane('events', 'Events', [EVENTS_SOURCE], EventsPane, { list: true });
