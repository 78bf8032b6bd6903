// Pure list logic for table panes: filtering, sorting, and the visible window around the
// selection (rows are virtualised: only what fits is rendered, whatever the row count).

export interface Row {
  /** Stable id: the React key and the selection key (e.g. 'namespace/name'). */
  id: string;
  cells: string[];
  tone?: import('./tone.js').Tone;
  /** Sort keys per column when the display text does not sort right (numbers, ages). */
  sort?: (string | number)[];
  /** Rows pinned to the top whatever the sort (e.g. failing pods first). */
  rank?: number;
}

export interface Column {
  header: string;
  /** Fixed width, or 0 for a flexible column sharing the rest. */
  width: number;
  align?: 'left' | 'right';
  min?: number;
  /** Cut long values in the middle (names whose tail tells them apart). */
  middle?: boolean;
}

export function filterRows(rows: readonly Row[], text: string): Row[] {
  if (!text) return rows as Row[];
  const needle = text.toLowerCase();
  return rows.filter((r) => r.cells.some((c) => c.toLowerCase().includes(needle)));
}

/**
 * Rows ordered by rank, then by column `col` (its sort key, else its text), ties in the order
 * of `rows`. `previous` is the order shown before this update, if any: rows are laid out in it
 * before sorting, so a live update of a few rows among thousands finds them nearly sorted, which
 * V8's sort (TimSort) takes in about one comparison per row instead of log2(n); the result is the
 * same as without it.
 */
export function sortRows(
  rows: readonly Row[],
  col: number | undefined,
  desc: boolean,
  previous?: readonly Row[],
): Row[] {
  const byKey = (a: Row, b: Row): number => {
    const ra = a.rank ?? 0;
    const rb = b.rank ?? 0;
    if (ra !== rb) return ra - rb;
    if (col === undefined) return 0;
    const ka = a.sort?.[col] ?? a.cells[col] ?? '';
    const kb = b.sort?.[col] ?? b.cells[col] ?? '';
    const c =
      typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return desc ? -c : c;
  };
  if (col === undefined || !previous?.length) return [...rows].sort(byKey);
  const source = new Map<Row, number>();
  rows.forEach((r, i) => source.set(r, i));
  return inPreviousOrder(rows, previous).sort((a, b) => byKey(a, b) || source.get(a)! - source.get(b)!);
}

/** `rows` in the order their ids had in `previous`; rows new since then after the rest. */
function inPreviousOrder(rows: readonly Row[], previous: readonly Row[]): Row[] {
  const at = new Map<string, number>();
  for (let i = 0; i < previous.length; i++) at.set(previous[i]!.id, i);
  const slots: (Row | undefined)[] = new Array(previous.length);
  const fresh: Row[] = [];
  for (const r of rows) {
    const i = at.get(r.id);
    if (i === undefined || slots[i]) fresh.push(r);
    else slots[i] = r;
  }
  const out: Row[] = [];
  for (const r of slots) if (r) out.push(r);
  for (const r of fresh) out.push(r);
  return out;
}

/** The first visible row so that `selected` is inside a window of `height` rows. */
export function windowStart(selected: number, prevStart: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let start = prevStart;
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, total - height));
}

export function columnWidths(columns: readonly Column[], width: number): number[] {
  const gaps = columns.length - 1;
  const fixed = columns.reduce((n, c) => n + c.width, 0);
  const flex = columns.filter((c) => c.width === 0).length;
  const rest = Math.max(0, width - fixed - gaps);
  const each = flex ? Math.floor(rest / flex) : 0;
  const ws = columns.map((c) => (c.width === 0 ? Math.max(c.min ?? 4, each) : c.width));
  // Shrink from the right if the terminal is too narrow.
  let total = ws.reduce((a, b) => a + b, 0) + gaps;
  for (let i = ws.length - 1; i >= 0 && total > width; i--) {
    const cut = Math.min(ws[i]! - 1, total - width);
    ws[i]! -= cut;
    total -= cut;
  }
  return ws;
}

/** Rows of a table of `height` lines that show data: the header, and `N of M ↓` when some are hidden. */
export function tableRows(height: number, total: number): { rows: number; more: boolean } {
  const body = Math.max(0, height - 1);
  const more = total > body && body >= 2;
  return { rows: more ? body - 1 : body, more };
}

/**
 * A key typed while the `/` filter is being edited: Esc clears and leaves it, Enter leaves it,
 * Backspace deletes, printable input is appended. The filter takes every key while edited.
 */
export function editFilter(
  ev: { name: string; input: string; key: { ctrl?: boolean; meta?: boolean } },
  setFilter: (f: (prev: string) => string) => void,
  setEditing: (on: boolean) => void,
): void {
  if (ev.name === 'escape') {
    setEditing(false);
    setFilter(() => '');
  } else if (ev.name === 'enter') setEditing(false);
  else if (ev.name === 'backspace') setFilter((f) => f.slice(0, -1));
  else if (ev.input && !ev.key.ctrl && !ev.key.meta && ev.input >= ' ') setFilter((f) => f + ev.input);
}
