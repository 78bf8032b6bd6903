// Chain pane: the highest head and its age, per-endpoint height, head age, lag, latency and
// gas; stalled heads and diverging endpoints as alerts. Zoomed: base fee, peers, syncing and
// each endpoint's URL or error.
import { useMemo } from 'react';
import { CHAIN_SOURCE } from '../../data/chain/source.js';
import type { ChainSnapshot } from '../../data/chain/types.js';
import { useSource } from '../../ui/hooks.js';
import { Lines } from '../../ui/Lines.js';
import { definePane, type PaneProps } from '../types.js';
import { chainLines } from './lines.js';

function ChainPane({ width, height }: PaneProps) {
  const src = useSource<ChainSnapshot>(CHAIN_SOURCE);
  const data = src?.data;
  const lines = useMemo(() => (data ? chainLines(data, width, height) : []), [data, width, height]);
  return <Lines lines={lines} width={width} height={height} />;
}

export const pane = definePane('chain', 'Chain', [CHAIN_SOURCE], ChainPane);
