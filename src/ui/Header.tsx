// The header: product, Kubernetes context and namespace, READ-ONLY badge, the incident's
// title and severity (from the incident slice), and a UTC clock.
import { Box, Text } from 'ink';
import { utcClock } from '../util/format.js';
import { useNow, useSlice } from './hooks.js';
import { META, type Meta } from './meta.js';
import { HeaderIncident } from './header-slots.js';

export function Header({ width }: { width: number }) {
  const now = useNow();
  const meta = useSlice<Meta>(META);
  const clock = `${utcClock(now)} UTC`;
  return (
    <Box width={width} height={1}>
      <Text bold color="cyan">
        {' warroom '}
      </Text>
      {meta?.banner ? (
        <Text bold color="black" backgroundColor="yellow">
          {` ${meta.banner} `}
        </Text>
      ) : null}
      <Text wrap="truncate">{` ctx ${meta?.context ?? '—'} · ns ${meta?.namespace ?? 'all'} `}</Text>
      {meta?.production ? (
        <Text bold color="red">
          {'[PRODUCTION] '}
        </Text>
      ) : null}
      {meta?.readOnly ? (
        <Text bold inverse>
          {' READ-ONLY '}
        </Text>
      ) : null}
      <Box flexGrow={1} overflow="hidden">
        <HeaderIncident now={now} />
      </Box>
      <Text>{` ${clock} `}</Text>
    </Box>
  );
}
