// A pane body made of pre-built text lines (pure line builders live with each pane), each with
// a tone (colour and symbol come from the builder) and optional bold. Every line is drawn
// through SafeText (sanitised, secrets masked), so a pane cannot forget.
import { Box } from 'ink';
import { SafeText } from './SafeText.js';
import { toneColor, type Tone } from './tone.js';

export interface Line {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

export function Lines({ lines, width, height }: { lines: readonly Line[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.map((l, i) => (
        <SafeText key={i} bold={l.bold} color={toneColor[l.tone ?? 'none']}>
          {l.text || ' '}
        </SafeText>
      ))}
    </Box>
  );
}
