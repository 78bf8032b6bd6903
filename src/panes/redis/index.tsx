// Redis pane: memory against maxmemory, clients, ops/s and hit rate, evictions, keyspace,
// replication, ping and sparklines; zoomed, the keyspace, replicas, nodes and the slowlog.
import { useMemo } from 'react';
import { REDIS_SOURCE } from '../../data/redis/types.js';
import type { RedisSnapshot } from '../../data/redis/types.js';
import { useSource } from '../../ui/hooks.js';
import { Lines } from '../../ui/Lines.js';
import { definePane, type PaneProps } from '../types.js';
import { redisLines } from './lines.js';

function RedisPane({ width, height }: PaneProps) {
  const src = useSource<RedisSnapshot>(REDIS_SOURCE);
  const data = src?.data;
  const lines = useMemo(() => (data ? redisLines(data, width, height) : []), [data, width, height]);
  return <Lines lines={lines} width={width} height={height} />;
}

export const pane = definePane('redis', 'Redis', [REDIS_SOURCE], RedisPane);
