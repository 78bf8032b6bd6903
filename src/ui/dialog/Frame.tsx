// The frame of a dialog: a border (double, magenta unless told) and a bold title that wraps
// (never cut) or, for help's one-line title, is truncated. A title given with its row count
// (`titleRows`, as wrapRows counts them) keeps exactly that height.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { OverlayProps } from '../overlays.js';

export function Frame({
  width,
  height,
  title,
  titleRows,
  titleWrap = 'wrap',
  border = 'double',
  color = 'magenta',
  children,
}: OverlayProps & {
  title: ReactNode;
  titleRows?: number;
  titleWrap?: 'wrap' | 'truncate';
  border?: 'double' | 'round';
  color?: string;
  children: ReactNode;
}) {
  const head = (
    <Text bold wrap={titleWrap}>
      {typeof title === 'string' ? ` ${title}` : title}
    </Text>
  );
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={border}
      borderColor={color}
      overflow="hidden"
    >
      {titleRows === undefined ? (
        head
      ) : (
        <Box height={titleRows} width={width - 2}>
          {head}
        </Box>
      )}
      {children}
    </Box>
  );
}
