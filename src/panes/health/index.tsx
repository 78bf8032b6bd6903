// Health pane: the runbooks' `curl …/health` checks, live. Down endpoints first. Above them, the
// CloudFront distribution of actions.cdn (status, newest invalidations) when configured.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { CDN_SOURCE, type CdnSnapshot } from '../../data/cdn/status.js';
import type { HealthData } from '../../data/health/source.js';
import { HEALTH_SOURCE } from '../../data/health/source.js';
import { SafeText } from '../../ui/SafeText.js';
import { useClockNow, useNowDerived, useSource } from '../../ui/hooks.js';
import { age } from '../../util/format.js';
import { toneColor } from '../../ui/tone.js';
import { useList } from '../../ui/useList.js';
import { definePane, type PaneProps } from '../types.js';
import { cdnLines } from './cdn.js';
import { columns, toRow } from './columns.js';

function HealthPane({ width, height, focused }: PaneProps) {
  const src = useSource<HealthData>(HEALTH_SOURCE);
  const cdn = useSource<CdnSnapshot>(CDN_SOURCE)?.data;
  const eps = src?.data?.endpoints;
  // Redrawn when a drawn age changes (seconds under a minute, then minutes), not every second.
  const ages = useNowDerived(
    (t) =>
      `${(eps ?? []).map((r) => age(t - r.stateSince)).join(' ')}|${
        cdn
          ? cdnLines(cdn, t)
              .map((l) => l.text)
              .join('\n')
          : ''
      }`,
  );
  const now = useClockNow();
  // `ages` stands for `now` in the deps: rows are rebuilt when a drawn age changes.
  const rows = useMemo(() => (eps ?? []).map((r) => toRow(r, now)), [eps, ages]);
  const down = eps?.filter((e) => !e.up).length ?? 0;
  // The distribution's status line always; its other lines only where every check keeps its row.
  const all = cdn ? cdnLines(cdn, now) : [];
  const room = height - 2 - rows.length;
  const extra = all.slice(0, Math.max(1, Math.min(all.length, room)));
  const list = useList({ rows, columns, height: height - 1 - extra.length, focused, scope: 'health' });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={down ? 'red' : 'green'}>
        {down ? `✖ ${down} of ${eps?.length ?? 0} endpoints DOWN` : `● all ${eps?.length ?? 0} endpoints up`}
      </Text>
      {extra.map((l, i) => (
        <SafeText key={i} color={toneColor[l.tone]}>
          {l.text}
        </SafeText>
      ))}
      {list.view(width, 'no endpoints checked yet')}
    </Box>
  );
}

export const pane = definePane('health', 'Health', [HEALTH_SOURCE, CDN_SOURCE], HealthPane, { list: true });
