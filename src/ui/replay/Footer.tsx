// A replay's footer: its seek keys (labels from src/ui/replay/keys.ts), then quit and help; a
// flash (the recording's problems) wins.
import { bindingsFor, type Binding } from '../keymap.js';
import { FooterLine } from '../Footer.js';
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
  return <FooterLine width={width} items={replayFooterItems(scope)} />;
}
