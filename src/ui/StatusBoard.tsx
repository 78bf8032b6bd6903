// The status board: one entry per listed pane (`1 Pods ✖ 3 failing · 5 Health ✖ 1 DOWN · …`),
// packed into the lines the layout gave it. Above the focused pane in board mode (80x24), and
// on the grid for the configured panes that have no room there: nothing is dropped silently.
import { Box, Text } from 'ink';
import type { PaneDef } from '../panes/types.js';
import type { Board, Folded } from './layout.js';
import { boardEntry, type PaneState } from './pane-state.js';
import { paneNumber } from './pane-order.js';
import { toneColor } from './tone.js';
import { At } from './At.js';

export function StatusBoard({
  board,
  states,
  defs,
  focus,
}: {
  board: Board;
  states: ReadonlyMap<string, PaneState>;
  defs: ReadonlyMap<string, PaneDef>;
  focus: string;
}) {
  return (
    <At rect={board} flexDirection="column">
      {board.lines.map((ids, i) => (
        <Box key={i} width={board.width} height={1} overflow="hidden">
          <Text wrap="truncate">
            {ids.map((id, j) => {
              const st = states.get(id)!;
              const on = id === focus;
              return (
                <Text key={id}>
                  {j ? <Text dimColor>{' · '}</Text> : null}
                  <Text color={toneColor[st.tone]} bold={on || st.level !== 'ok'} inverse={on}>
                    {boardEntry(defs.get(id)!, paneNumber(id), st)}
                  </Text>
                </Text>
              );
            })}
          </Text>
        </Box>
      ))}
    </At>
  );
}

/** The line that stands for every unconfigured pane (instead of boxes saying so). */
export function FoldedLine({ folded, defs }: { folded: Folded; defs: ReadonlyMap<string, PaneDef> }) {
  const names = folded.ids.map((id) => defs.get(id)?.title.toLowerCase() ?? id).join(', ');
  return (
    <At rect={{ ...folded, height: 1 }} overflow="hidden">
      <Text wrap="truncate" dimColor>{`· not configured: ${names} — ? or warroom doctor says how`}</Text>
    </At>
  );
}
