// A box drawn at a rectangle of the body (absolutely positioned): pane boxes, dialogs, the
// status board and its folded line.
import { Box, type BoxProps } from 'ink';
import type { ReactNode } from 'react';

export interface At {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function At({
  rect,
  children,
  ...props
}: { rect: At; children?: ReactNode } & Omit<BoxProps, 'position' | 'top' | 'left' | 'width' | 'height'>) {
  return (
    <Box position="absolute" top={rect.y} left={rect.x} width={rect.width} height={rect.height} {...props}>
      {children}
    </Box>
  );
}
