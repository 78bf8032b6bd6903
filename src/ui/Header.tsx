// The header: product, Kubernetes context and namespace, READ-ONLY badge, the incident's
// title and severity (from the incident slice), and a UTC clock (minutes unless ui.clockSeconds:
// an idle console then redraws the header once a minute; with an incident open, every second, for
// its countdowns).
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { cells, utcClock } from '../util/format.js';
import { useNow, useSlice } from './hooks.js';
import { META } from '../store/meta.js';
import { INCIDENT } from '../incident/controller.js';
import { HeaderIncident } from './header-slots.js';

/** `badgeCells`: the most cells the badge can take (the incident leaves them). */
export function Header({
  width,
  badge,
  badgeCells = 0,
}: {
  width: number;
  badge?: ReactNode;
  badgeCells?: number;
}) {
  const meta = useSlice(META);
  const incident = useSlice(INCIDENT);
  const phase = (incident?.asOf ?? incident?.state)?.phase;
  const open = phase !== undefined && phase !== 'resolved';
  const now = useNow(meta?.clockSeconds || open ? 1000 : 60_000);
  const clock = `${utcClock(now, !!meta?.clockSeconds)} UTC`;
  // Several namespaces: the first and how many more (the incident's title needs the room).
  const ns = (meta?.namespace ?? 'all').split(',');
  const ctx = ` ctx ${meta?.context ?? '—'} · ns ${ns[0]}${ns.length > 1 ? ` +${ns.length - 1}` : ''} `;
  const ctxCells = Math.min(ctx.length, Math.max(12, Math.floor(width / 4)));
  // Badges and the clock never shrink; the context is capped; the incident takes the rest.
  const room =
    width -
    ' warroom '.length -
    (meta?.banner ? cells(meta.banner) + 2 : 0) -
    (badge ? badgeCells : 0) -
    (meta?.production ? ' [PRODUCTION]'.length : 0) -
    (meta?.readOnly ? ' READ-ONLY '.length + 1 : 0) -
    ctxCells -
    (clock.length + 2);
  return (
    <Box width={width} height={1}>
      <Box flexShrink={0}>
        <Text bold color="cyan">
          {' warroom '}
        </Text>
      </Box>
      {meta?.banner ? (
        <Box flexShrink={0}>
          <Text bold color="black" backgroundColor="yellow">
            {` ${meta.banner} `}
          </Text>
        </Box>
      ) : null}
      {badge ? <Box flexShrink={0}>{badge}</Box> : null}
      {meta?.production ? (
        <Box flexShrink={0}>
          <Text bold color="red">
            {' [PRODUCTION]'}
          </Text>
        </Box>
      ) : null}
      {meta?.readOnly ? (
        <Box flexShrink={0} marginLeft={1}>
          <Text bold inverse>
            {' READ-ONLY '}
          </Text>
        </Box>
      ) : null}
      <Box flexShrink={0} width={ctxCells} overflow="hidden">
        <Text wrap="truncate">{ctx}</Text>
      </Box>
      <Box flexGrow={1} flexShrink={1} minWidth={0} overflow="hidden">
        <HeaderIncident now={now} room={room} />
      </Box>
      <Box flexShrink={0}>
        <Text>{` ${clock} `}</Text>
      </Box>
    </Box>
  );
}
