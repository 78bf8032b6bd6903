// A dialog sized to its content: the dialog counts the rows it draws (its frame, its wrapped
// title and lines) and reports them, and overlay-place.ts gives it that much of the body, at
// the bottom, so the panes above stay in view and keep updating. 'full' asks for the whole body
// (content that needs the room: a long preview). Reported per open dialog (`ui.overlayRows`),
// cleared when the dialog closes.
import { useEffect, useLayoutEffect } from 'react';
import { useStoreApi } from '../hooks.js';
import { rowCount } from './wrap.js';

export type OverlayRows = number | 'full';

/** Rows of a dialog frame with `title` around `body` rows, in `width` columns (double border). */
export function frameRows(title: string, body: number, width: number): number {
  return 2 + rowCount(` ${title}`, Math.max(1, width - 2)) + body;
}

/** Rows of `<Text wrap="wrap">` lines inside a frame of `width` columns. */
export function textRows(lines: readonly string[], width: number): number {
  return lines.reduce((n, l) => n + rowCount(l, Math.max(1, width - 2)), 0);
}

/** Reports the rows the open dialog needs (see overlay-place.ts). */
export function useContentRows(rows: OverlayRows): void {
  const store = useStoreApi();
  // Before the frame is written where React allows it: the dialog appears at its size.
  useLayoutEffect(() => {
    const ui = store.getState().ui;
    const modal = ui.modal;
    if (!modal || (ui.overlayRows?.modal === modal && ui.overlayRows.rows === rows)) return;
    store.setState((s) => ({ ui: { ...s.ui, overlayRows: { modal, rows } } }));
  }, [store, rows]);
  useEffect(
    () => () => {
      if (store.getState().ui.overlayRows)
        store.setState((s) => ({ ui: { ...s.ui, overlayRows: undefined } }));
    },
    [store],
  );
}
