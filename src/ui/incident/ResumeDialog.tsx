// The resume offer at start-up: an open incident was found in the state directory.
import { Text } from 'ink';
import { useMemo } from 'react';
import { useAppStore, useStoreApi } from '../hooks.js';
import type { OverlayProps } from '../overlays.js';
import { sanitize } from '../../util/sanitize.js';
import { INCIDENT } from '../../incident/controller.js';
import { sevLabel } from '../../incident/model.js';
import { Frame } from '../dialog/Frame.js';
import { frameRows, textRows, useContentRows } from '../dialog/rows.js';
import { useDialogKeys } from '../dialog/live.js';
import { closeModal, ensureController, flash } from './common.js';
import { commandFor } from '../keymap.js';

export function ResumeDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const slice = useAppStore((s) => s.slices[INCIDENT]);
  const offer = slice?.offer ?? [];
  useDialogKeys((ev) => {
    const cmd = commandFor('dialog.resume', ev.name);
    const n = cmd === 'dialog.submit' ? 1 : cmd === 'resume.pick' ? Number(ev.name) : 0;
    if (n && offer[n - 1]) {
      try {
        const s = c.open(offer[n - 1]!.path);
        const torn = c.journal?.torn;
        flash(
          store,
          torn
            ? `resumed ${s.id}; journal: ${torn.reason} at line ${torn.line} ignored, every earlier event kept`
            : `resumed incident ${s.id}`,
          torn ? 'warn' : 'info',
        );
      } catch (err) {
        flash(store, (err as Error).message, 'error');
      }
      closeModal(store);
      return true;
    }
    if (cmd === 'dialog.cancel') {
      c.dismissOffer();
      closeModal(store);
    }
    return true;
  });
  const title = 'Open incident found — resume it?';
  const help = '  Enter/y resumes the first · 1-9 picks one · n/Esc starts without an incident';
  const shown = offer.slice(0, 9);
  useContentRows(frameRows(title, shown.length + 1 + textRows([help], width), width));
  return (
    <Frame width={width} height={height} title={title}>
      {shown.map((o, i) => (
        <Text
          key={o.id}
          wrap="truncate"
        >{`  ${i + 1}  ${o.id}  ${sevLabel(o.severity, c.opts.naming).padEnd(16)} ${sanitize(o.title, 200)}`}</Text>
      ))}
      <Text> </Text>
      <Text>{help}</Text>
    </Frame>
  );
}
