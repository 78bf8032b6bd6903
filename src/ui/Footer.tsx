// The footer: the focused pane's own keys, then the global ones, or a flash message.
import { Box, Text } from 'ink';
import { bindingsFor, keyLabel } from './keymap.js';
import { useAppStore } from './hooks.js';
import { toneColor } from './tone.js';
import { refusedByConfig } from '../actions/keys.js';
import type { Config } from '../config/schema.js';

export function Footer({ width, scope, list }: { width: number; scope: string; list: boolean }) {
  const flash = useAppStore((s) => s.ui.flash);
  const config = useAppStore((s) => s.slices.config as Config | undefined);
  if (flash) {
    const tone = flash.tone === 'error' ? 'bad' : flash.tone === 'warn' ? 'warn' : 'info';
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate" color={toneColor[tone]}>{` ${flash.text}`}</Text>
      </Box>
    );
  }
  const own = bindingsFor(scope);
  const shown = [
    ...own,
    ...(list ? bindingsFor('list').filter((b) => ['list.filter', 'list.sort'].includes(b.command)) : []),
  ];
  const globals = bindingsFor('global').filter((b) =>
    ['app.help', 'palette.open', 'pane.zoom', 'focus.next', 'app.quit'].includes(b.command),
  );
  const text = [...shown, ...globals]
    // Actions that read-only mode refuses are marked before anyone presses them.
    .map(
      (b) =>
        `${keyLabel(b)} ${refusedByConfig(b.command, config) ? '✖ refused: ' : ''}${b.description.split(' (')[0]!.toLowerCase()}`,
    )
    .join(' · ');
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" dimColor>{` ${text}`}</Text>
    </Box>
  );
}
