// The frame of a dialog: a double border and a title that wraps (never cut).
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { OverlayProps } from '../overlays.js';

export function Frame({
  width,
  height,
  title,
  children,
}: OverlayProps & { title: string; children: ReactNode }) {
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle="double"
      borderColor="magenta"
      overflow="hidden"
    >
      <Text bold wrap="wrap">
        {` ${title}`}
      </Text>
      {children}
    </Box>
  );
}
