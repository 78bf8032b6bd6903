// Pure layout: which panes get which rectangle at a given terminal size. The hook that uses
// it is a thin wrapper in App.tsx; test/unit/layout.test.ts checks many sizes.

export const MIN_COLS = 80;
export const MIN_ROWS = 24;
const MIN_PANE_ROWS = 9;

export interface Cell {
  id: string;
  width: number;
  height: number;
}
export interface GridRow {
  height: number;
  cells: Cell[];
}
export type Layout =
  | { kind: 'too-small'; cols: number; rows: number }
  | { kind: 'grid'; rows: GridRow[]; columns: number }
  | { kind: 'tabs'; pane: Cell; tabs: string[] };

/** Rows taken by the header and the footer. */
export const CHROME_ROWS = 2;

export function gridColumns(cols: number): number {
  if (cols >= 180) return 3;
  if (cols >= 120) return 2;
  return 1;
}

export function computeLayout(
  cols: number,
  rows: number,
  panes: readonly string[],
  focus: string,
  zoomed: boolean,
): Layout {
  if (cols < MIN_COLS || rows < MIN_ROWS) return { kind: 'too-small', cols, rows };
  const bodyRows = rows - CHROME_ROWS;
  const focused = panes.includes(focus) ? focus : panes[0]!;
  if (zoomed)
    return {
      kind: 'grid',
      columns: 1,
      rows: [{ height: bodyRows, cells: [{ id: focused, width: cols, height: bodyRows }] }],
    };
  const columns = gridColumns(cols);
  const gridRowCount = Math.ceil(panes.length / columns);
  const perRow = Math.floor(bodyRows / gridRowCount);
  if (columns === 1 || perRow < MIN_PANE_ROWS) {
    return { kind: 'tabs', tabs: [...panes], pane: { id: focused, width: cols, height: bodyRows - 1 } };
  }
  const out: GridRow[] = [];
  for (let r = 0; r < gridRowCount; r++) {
    const ids = panes.slice(r * columns, r * columns + columns);
    const height = r === gridRowCount - 1 ? bodyRows - perRow * (gridRowCount - 1) : perRow;
    const base = Math.floor(cols / ids.length);
    out.push({
      height,
      cells: ids.map((id, i) => ({
        id,
        height,
        width: i === ids.length - 1 ? cols - base * (ids.length - 1) : base,
      })),
    });
  }
  return { kind: 'grid', columns, rows: out };
}
