// A replay's footer: its seek keys (labels from src/ui/replay/keys.ts), then quit and help; a
// flash (the recording's problems) wins.
import { Box, Text } from 'ink';
import { bindingsFor, type Binding } from '../keymap.js';
import { packFooter } from '../Footer.js';
import { useAppStore } from '../hooks.js';
import { toneColor } from '../tone.js';
import type { FooterProps } from '../features.js';

const ARROW: Record<string, string> = { left: '←', right: '→', home: 'Home', end: 'End', ' ': 'Space' };
const key = (b: Binding | undefined) => (b ? (ARROW[b.keys[0]!] ?? b.keys[0]!) : '');

export function replayFooterItems(scope: string): string[] {
  const by = new Map<string, Binding>(bindingsFor('replay').map((b) => [b.command, b]));
  const pair = (a: string, b: string, what: string) => `${key(by.get(a))}/${key(by.get(b))} ${what}`;
  const quit = bindingsFor('global').find((b) => b.command === 'app.quit');
  return [
    ...(scope === 'timeline' ? [`enter ${by.get('replay.jump')?.short ?? ''}`] : []),
    `${key(by.get('replay.play'))} ${by.get('replay.play')?.short ?? ''}`,
    pair('replay.back', 'replay.forward', '10 s'),
    pair('replay.backMinute', 'replay.forwardMinute', '1 min'),
    pair('replay.slower', 'replay.faster', 'speed'),
    pair('replay.start', 'replay.end', 'first/last'),
    `${quit?.keys[0] ?? 'q'} quit`,
  ];
}

export function ReplayFooter({ width, scope }: FooterProps) {
  const flash = useAppStore((s) => s.ui.flash);
  if (flash) {
    const tone = flash.tone === 'error' ? 'bad' : flash.tone === 'warn' ? 'warn' : 'info';
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate" color={toneColor[tone]}>{` ${flash.text}`}</Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" dimColor>{` ${packFooter(replayFooterItems(scope), width)}`}</Text>
    </Box>
  );
}
