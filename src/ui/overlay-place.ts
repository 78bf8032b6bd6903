// Where a dialog goes: overlays (forms, confirmations, the palette, help) are drawn over the
// panes, sized to their content, so that the war room stays visible and live around them. A
// dialog whose content needs the room (a long preview) gets the whole body. Pure: from the
// store's state and the body's size; the dialogs draw themselves inside the rectangle given.
import type { AppState } from '../store/store.js';
import type { Rect } from './layout.js';

/** The incident dialogs' first frame, before they report their rows: their usual size. */
const INCIDENT_ROWS: Record<string, number> = {
  'incident.note': 7,
  'incident.declare': 17,
  'incident.menu': 12,
  'incident.update': 10,
  'incident.resume': 6,
};

const undefinedIfFull = (r: number | 'full') => (r === 'full' ? undefined : r);

/** Rows a dialog's content takes (border included), or undefined for the whole body. */
function contentRows(id: string, s: AppState, width: number): number | undefined {
  const a = s.slices.actions;
  const inner = Math.max(1, width - 4);
  switch (id) {
    case 'palette':
      return 22;
    case 'action-busy':
      return 5;
    case 'action-output': {
      // Grows with what the command prints, then scrolls (the newest rows at the bottom).
      const o = a?.output;
      const lines = o ? o.lines.length + (o.partial ? 1 : 0) : 0;
      const wrapped = (t: string) => Math.max(1, Math.ceil((t.length + 3) / inner));
      return 4 + wrapped(o?.command ?? '') + Math.max(3, lines) + wrapped(o?.done?.text ?? '');
    }
    case 'action-params': {
      const fields = a?.form?.fields ?? [];
      return (
        5 +
        fields.reduce(
          (n, f) => n + 1 + (f.hint ? 1 : 0) + (f.completions ? 1 + Math.ceil(f.completions.length / 4) : 0),
          0,
        )
      );
    }
    case 'confirm': {
      const r = a?.confirm?.request;
      if (!r) return 12;
      const p = r.plan;
      const wrapped = (t: string) => Math.max(1, Math.ceil((t.length + 2) / inner));
      const preview =
        3 + // target, Impact, Command headings
        (p.target.production ? 1 : 0) +
        (Object.keys(p.params).length ? 1 : 0) +
        p.impact.reduce((n, l) => n + wrapped(l), 0) +
        (p.blastRadius || p.target.production ? 2 : 0) +
        (p.dryRun ? 1 : 0) +
        wrapped(p.command);
      return 2 + 1 + preview + 4 + (r.requireContext ? 1 : 0);
    }
    // Incident dialogs count their own rows (their step and wrapping are theirs): see
    // src/ui/dialog/rows.ts. Until the first report, their usual size, never the whole body.
    case 'incident.note':
    case 'incident.declare':
    case 'incident.menu':
    case 'incident.update':
    case 'incident.resume':
      return s.ui.overlayRows?.modal === id ? undefinedIfFull(s.ui.overlayRows.rows) : INCIDENT_ROWS[id];
    default:
      return undefined;
  }
}

/**
 * Dialogs take the full width: their lines (a palette row with its target and why it is
 * unavailable, a preview's command) are read in full. Only the height follows the content.
 */
function maxWidth(_id: string): number {
  return Infinity;
}

/**
 * The rectangle of dialog `id` within a body of `cols` x `rows`: at the bottom of the body, so
 * that the top panes (pods, deployments) stay in view while the responder confirms.
 */
export function placeOverlay(id: string, s: AppState, cols: number, rows: number): Rect {
  const width = Math.min(cols, maxWidth(id));
  const want = contentRows(id, s, width);
  const height = want === undefined ? rows : Math.max(3, Math.min(rows, want));
  return { x: Math.floor((cols - width) / 2), y: rows - height, width, height };
}

/** The help overlay: as tall as its lines (plus its frame and title), at most the body. */
export function placeHelp(lines: number, cols: number, rows: number): Rect {
  const width = Math.min(cols, 100);
  const height = Math.max(5, Math.min(rows, lines + 3));
  return { x: Math.floor((cols - width) / 2), y: Math.max(0, rows - height), width, height };
}
