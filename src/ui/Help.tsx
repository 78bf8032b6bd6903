// `?`: every key binding, generated from the one keymap, grouped by scope.
import { Box, Text } from 'ink';
import { keymap, keyLabel } from './keymap.js';

export function Help({ width, height }: { width: number; height: number }) {
  const scopes = [...new Set(keymap.map((b) => b.scope))];
  const lines: { text: string; head?: boolean }[] = [];
  for (const scope of scopes) {
    lines.push({
      text: scope === 'global' ? 'Everywhere' : scope === 'list' ? 'In any list' : `In ${scope}`,
      head: true,
    });
    for (const b of keymap.filter((x) => x.scope === scope))
      lines.push({ text: `  ${keyLabel(b).padEnd(16)} ${b.description}` });
  }
  const colWidth = Math.min(72, width - 2);
  const perCol = Math.max(1, height - 3);
  const cols: (typeof lines)[] = [];
  for (let i = 0; i < lines.length; i += perCol) cols.push(lines.slice(i, i + perCol));
  const fit = Math.max(1, Math.floor((width - 2) / (colWidth + 1)));
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle="double"
      borderColor="cyan"
      overflow="hidden"
    >
      <Text bold>{' Keys — ? or Esc to close'}</Text>
      <Box flexDirection="row">
        {cols.slice(0, fit).map((c, i) => (
          <Box key={i} flexDirection="column" width={colWidth} marginRight={1}>
            {c.map((l, j) => (
              <Text key={j} wrap="truncate" bold={l.head} color={l.head ? 'cyan' : undefined}>
                {l.text}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
