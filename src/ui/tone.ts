// Semantic tones: a colour AND a symbol, so that state is never shown by colour alone.
// Colours are from the 16-colour palette so they read on any terminal.
export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info' | 'none';

export const toneColor: Record<Tone, string | undefined> = {
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  muted: 'gray',
  info: 'cyan',
  none: undefined,
};

export const toneSymbol: Record<Tone, string> = {
  ok: '●',
  warn: '▲',
  bad: '✖',
  muted: '·',
  info: '◆',
  none: ' ',
};
