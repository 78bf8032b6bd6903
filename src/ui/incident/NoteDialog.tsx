// A note for the timeline, or the correction of one (the original stays in the journal).
import { Text } from 'ink';
import { useMemo } from 'react';
import { useStoreApi } from '../hooks.js';
import type { OverlayProps } from '../overlays.js';
import { sanitize } from '../../util/sanitize.js';
import { Field, fieldRows } from '../dialog/Field.js';
import { frameRows, textRows, useContentRows } from '../dialog/rows.js';
import { Frame } from '../dialog/Frame.js';
import { useDialogKeys, useLive } from '../dialog/live.js';
import { closeModal, ensureController, flash } from './common.js';
import { editText } from '../dialog/text.js';
import { commandFor } from '../keymap.js';

export function NoteDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const correcting = c.correcting;
  const [textB, setText] = useLive('');

  const text = textB.v;

  useDialogKeys((ev) => {
    const text = textB.v;
    const cmd = commandFor('dialog.note', ev.name);
    if (cmd === 'dialog.cancel') {
      c.correcting = undefined;
      closeModal(store);
      return true;
    }
    if (cmd === 'dialog.submit') {
      try {
        if (correcting) c.correct(correcting.id, text);
        else c.note(text);
        closeModal(store);
      } catch (err) {
        flash(store, (err as Error).message, 'error');
        closeModal(store);
      }
      c.correcting = undefined;
      return true;
    }
    const nv = editText(text, ev);
    if (nv !== undefined) setText(nv);
    return true;
  });
  const title = correcting
    ? 'Correct a note — Enter appends the correction · Esc cancels'
    : 'Note — Enter adds it to the timeline · Esc cancels';
  const was = correcting ? `  was: ${sanitize(correcting.text, 400)}` : undefined;
  const field = { label: correcting ? 'Corrected text' : 'Note', value: text, active: true };
  const help = correcting
    ? '  The original note stays in the journal; the timeline and the review show the correction.'
    : '  For the review: /rootcause …, /factor …, /well …, /wrong …, /lesson …, /action … @owner due:YYYY-MM-DD';
  useContentRows(
    frameRows(
      title,
      (was ? textRows([was], width) : 0) + fieldRows(field, width) + 1 + textRows([help], width),
      width,
    ),
  );
  return (
    <Frame width={width} height={height} title={title}>
      {was ? (
        <Text wrap="wrap" dimColor>
          {was}
        </Text>
      ) : null}
      <Field {...field} />
      <Text> </Text>
      <Text dimColor wrap="wrap">
        {help}
      </Text>
    </Frame>
  );
}
