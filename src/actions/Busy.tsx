// While an action is being checked, planned (dry run) or run: what is happening; Esc stops
// waiting for a preview (a run already sent is not undone).
import { Box, Text } from 'ink';
import { useAppStore, useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { commandFor } from '../ui/keymap.js';
import type { OverlayProps } from '../ui/overlays.js';
import { abortRunning, ACTIONS } from './controller.js';

export function Busy({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const busy = useAppStore((s) => s.slices[ACTIONS]?.busy);
  useKeys('dialog', (ev) => {
    if (commandFor('dialog', ev.name) === 'dialog.cancel' && busy && busy.phase !== 'running')
      abortRunning(store);
    return true;
  });
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor="cyan">
      <Box height={1} width={width - 2}>
        <Text wrap="truncate" bold>{` ${busy?.title ?? 'Action'}`}</Text>
      </Box>
      <Box height={1} width={width - 2}>
        <Text wrap="truncate">{` ${busy?.text ?? ''}`}</Text>
      </Box>
      <Box height={1} width={width - 2}>
        <Text wrap="truncate" dimColor>
          {busy?.phase === 'running'
            ? ' running: wait for the outcome'
            : ' Esc stops (nothing has changed yet)'}
        </Text>
      </Box>
    </Box>
  );
}
