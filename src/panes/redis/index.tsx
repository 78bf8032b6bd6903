// Redis pane: memory against maxmemory, clients, ops/s and hit rate, evictions, keyspace,
// replication, ping and sparklines; zoomed, the keyspace, replicas, nodes and the slowlog.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { REDIS_SOURCE } from '../../data/redis/source.js';
import type { RedisSnapshot } from '../../data/redis/types.js';
import { useSource } from '../../ui/hooks.js';
import { toneColor } from '../../ui/tone.js';
import type { PaneDef, PaneProps } from '../types.js';
import { redisLines } from './lines.js';

function RedisPane({ width, height }: PaneProps) {
  const src = useSource<RedisSnapshot>(REDIS_SOURCE);
  const data = src?.data;
  const lines = useMemo(() => (data ? redisLines(data, width, height) : []), [data, width, height]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" bold={l.bold} color={toneColor[l.tone ?? 'none']}>
          {l.text || ' '}
        </Text>
      ))}
    </Box>
  );
}

export const pane: PaneDef = {
  id: 'redis',
  title: 'Redis',
  sources: [REDIS_SOURCE],
  scope: 'redis',
  component: RedisPane,
};
