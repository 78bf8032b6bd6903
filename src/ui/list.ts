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

// Each row's cells lowercased and joined once (rows keep their identity while their object is
// unchanged, see panes/pods/memo.ts), so a filter keystroke over 20,000 rows is one `includes`
// per row. The separator cannot be typed, so a match never spans two cells.
const haystacks = new WeakMap<Row, string>();
function haystack(r: Row): string {
  let h = haystacks.get(r);
  if (h === undefined) haystacks.set(r, (h = r.cells.join('\0').toLowerCase()));
  return h;
}

export function filterRows(rows: readonly Row[], text: string): Row[] {
  if (!text) return rows as Row[];
  const needle = text.toLowerCase();
  return rows.filter((r) => haystack(r).includes(needle));
}

/** A row with its sort key read once, for the comparator (see createSorter). */
interface Keyed {
  row: Row;
  rank: number;
  /** The key when it is a number, else NaN. */
  num: number;
  /** The key as text. */
  text: string;
  /** Position in the rows given: ties keep their order. */
  at: number;
}

function keyOf(k: Keyed, row: Row, col: number, at: number): Keyed {
  const v = row.sort?.[col] ?? row.cells[col] ?? '';
  k.row = row;
  k.rank = row.rank ?? 0;
  k.num = typeof v === 'number' ? v : NaN;
  k.text = String(v);
  k.at = at;
  return k;
}

const blank = (): Keyed => ({ row: undefined as unknown as Row, rank: 0, num: NaN, text: '', at: 0 });

function comparator(desc: boolean) {
  const sign = desc ? -1 : 1;
  return (a: Keyed, b: Keyed): number => {
    if (a.rank !== b.rank) return a.rank - b.rank;
    const c = a.num === a.num && b.num === b.num ? a.num - b.num : a.text.localeCompare(b.text);
    return c ? sign * c : a.at - b.at;
  };
}

/** Where `k` goes in `sorted` (ascending by `cmp`). */
function insertAt(sorted: readonly Keyed[], k: Keyed, cmp: (a: Keyed, b: Keyed) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(sorted[mid]!, k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Beyond this many rows whose key moved, one sort of the laid-out rows beats inserting each. */
const INSERT_MAX = 64;

/**
 * A sort that remembers its last result, for a list that is sorted again on every live update:
 * rows ordered by rank, then by column `col` (its sort key, else its text; numbers by value, text
 * as localeCompare orders it), ties in the order of the rows given. Each row's key is read once,
 * not once per comparison. When the rows are the same ones in the same places as last time
 * (a watch changed a few objects), only the rows whose key changed move, each by a binary search
 * (20,000 rows: well under a millisecond, where a sort takes 25 ms); otherwise the last order is
 * the starting point of the sort, which V8's TimSort takes in about one comparison per row when
 * little moved. The result is always the one a fresh sort gives.
 */
export function createSorter() {
  let last: { rows: readonly Row[]; col: number; desc: boolean; byAt: Keyed[]; sorted: Keyed[] } | undefined;
  return (rows: readonly Row[], col: number | undefined, desc: boolean): Row[] => {
    if (col === undefined) {
      last = undefined;
      return [...rows].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    }
    const cmp = comparator(desc);
    let sorted: Keyed[];
    let byAt: Keyed[];
    if (
      last &&
      last.col === col &&
      last.desc === desc &&
      last.rows.length === rows.length &&
      sameIds(last, rows)
    ) {
      // The same rows in the same places: keys are updated in place, the ones that moved go
      // where they now belong.
      ({ byAt, sorted } = last);
      const moved: Keyed[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r === last.rows[i]) continue;
        const k = byAt[i]!;
        const { rank, num, text } = k;
        keyOf(k, r, col, i);
        if (k.rank !== rank || k.text !== text || !Object.is(k.num, num)) moved.push(k);
      }
      if (moved.length > INSERT_MAX) sorted.sort(cmp);
      else if (moved.length) {
        const out = new Set(moved);
        sorted = sorted.filter((k) => !out.has(k));
        for (const k of moved) sorted.splice(insertAt(sorted, k, cmp), 0, k);
      }
    } else if (last && last.col === col && last.desc === desc) {
      // Rows added, removed or reordered: the last order, then the new rows, sorted again.
      const kept = new Map<string, Keyed>();
      for (const k of last.byAt) kept.set(k.row.id, k);
      const reused = new Set<Keyed>();
      byAt = new Array<Keyed>(rows.length);
      const fresh: Keyed[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const k = kept.get(r.id);
        if (k) {
          kept.delete(r.id);
          reused.add(k);
          byAt[i] = keyOf(k, r, col, i);
        } else fresh.push((byAt[i] = keyOf(blank(), r, col, i)));
      }
      sorted = last.sorted
        .filter((k) => reused.has(k))
        .concat(fresh)
        .sort(cmp);
    } else {
      byAt = rows.map((r, i) => keyOf(blank(), r, col, i));
      sorted = byAt.slice().sort(cmp);
    }
    last = { rows, col, desc, byAt, sorted };
    const result = new Array<Row>(sorted.length);
    for (let j = 0; j < sorted.length; j++) result[j] = sorted[j]!.row;
    return result;
  };
}

/** Whether every row has the id the row in its place had last time. */
function sameIds(last: { rows: readonly Row[] }, rows: readonly Row[]): boolean {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const p = last.rows[i]!;
    if (r !== p && r.id !== p.id) return false;
  }
  return true;
}

/** `rows` sorted once (see createSorter). */
export function sortRows(rows: readonly Row[], col: number | undefined, desc: boolean): Row[] {
  return createSorter()(rows, col, desc);
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
