// Pure layout: which panes get which rectangle at a given terminal size, from what each pane
// wants (its content's rows) and its state. The shell (App.tsx) is a thin wrapper over it;
// test/unit/layout.test.ts and layout-props.test.ts check it over many sizes and configurations.
//
// Three modes (the `m` key cycles them):
// - grid: configured panes share the space in columns; a pane's height follows its content
//   within bounds; panes with a problem get space first; configured panes that do not fit are
//   listed on the status board line(s) at the top (symbol, count), never silently dropped.
// - board: status board lines (every configured pane's summary) above the focused pane.
// - zoom: the focused pane takes the whole body.
// Unconfigured panes fold into one line (`not configured: …`) instead of boxes.

export const MIN_COLS = 80;
export const MIN_ROWS = 24;
/** Rows taken by the header and the footer. */
export const CHROME_ROWS = 2;
/** The smallest pane box: border, title and two rows of content. */
export const MIN_PANE_ROWS = 5;
/** Rows of a pane box that are not content: the two borders and the title line. */
export const FRAME_ROWS = 3;

export type LayoutMode = 'grid' | 'board' | 'zoom';
export type PaneLevel = 'problem' | 'warn' | 'ok';

export interface LayoutPane {
  id: string;
  configured: boolean;
  level: PaneLevel;
  /** Rows the pane wants, frame included (its content's rows + FRAME_ROWS). */
  want: number;
  /** Share of spare rows (default 1). */
  weight?: number;
  /** Width of its status board entry in cells (default 16). */
  label?: number;
  /** Its lines are long (logs): with a problem, it gets a band the whole width at the bottom. */
  wide?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface PaneBox extends Rect {
  id: string;
}
/** Status board: one entry per listed pane, packed into lines of the screen's width. */
export interface Board extends Rect {
  lines: string[][];
}
export interface Folded extends Rect {
  ids: string[];
}

export type Layout =
  | { kind: 'too-small'; cols: number; rows: number }
  | {
      kind: 'screen';
      mode: LayoutMode;
      cols: number;
      /** Body rows (between header and footer); rects are relative to the body's top-left. */
      rows: number;
      boxes: PaneBox[];
      board?: Board;
      folded?: Folded;
    };

const RANK: Record<PaneLevel, number> = { problem: 0, warn: 1, ok: 2 };
const SEP = 3; // ' · ' between board entries
const DEFAULT_LABEL = 16;

/** The mode used when the user has not chosen one: a status board on small screens. */
export function defaultMode(cols: number, rows: number): LayoutMode {
  return cols >= 120 && rows >= 30 ? 'grid' : 'board';
}

export function gridColumns(cols: number): number {
  if (cols >= 180) return 3;
  if (cols >= 120) return 2;
  return 1;
}

/** Packs board entries (by id, in order) into lines no wider than `width`. */
export function packBoard(entries: readonly LayoutPane[], width: number): string[][] {
  const lines: string[][] = [];
  let cur: string[] = [];
  let used = 0;
  for (const p of entries) {
    const w = Math.min(width, p.label ?? DEFAULT_LABEL);
    const add = cur.length ? SEP + w : w;
    if (cur.length && used + add > width) {
      lines.push(cur);
      cur = [];
      used = 0;
    }
    used += cur.length ? SEP + w : w;
    cur.push(p.id);
  }
  if (cur.length) lines.push(cur);
  return lines;
}

/** Contiguous split of `needs` into at most `k` groups, each ≤ h, most balanced; undefined if none. */
export function splitColumns(needs: readonly number[], k: number, h: number): number[][] | undefined {
  const n = needs.length;
  if (n === 0) return [];
  let best: { groups: number[][]; score: number } | undefined;
  const groupsOf = (cuts: number[]) => {
    const out: number[][] = [];
    let from = 0;
    for (const c of [...cuts, n]) {
      out.push(Array.from({ length: c - from }, (_, i) => from + i));
      from = c;
    }
    return out;
  };
  const tryCuts = (cuts: number[]) => {
    const groups = groupsOf(cuts);
    let score = 0;
    for (const g of groups) {
      if (!g.length) return;
      const sum = g.reduce((s, i) => s + needs[i]!, 0);
      if (sum > h) return;
      score = Math.max(score, sum);
    }
    if (!best || score < best.score) best = { groups, score };
  };
  const cols = Math.min(k, n);
  if (cols <= 1) tryCuts([]);
  else if (cols === 2) for (let a = 1; a < n; a++) tryCuts([a]);
  else for (let a = 1; a < n; a++) for (let b = a + 1; b < n; b++) tryCuts([a, b]);
  // Fewer columns than allowed can be the only fit (never: more columns only loosen), but a
  // single pane per column with fewer panes than columns is covered by cols = min(k, n).
  return best?.groups;
}

/** Heights for one column: needs first, then up to wants (problems first), then by weight. */
function fillColumn(panes: readonly LayoutPane[], needs: readonly number[], h: number): number[] {
  const hs = [...needs];
  let extra = h - hs.reduce((a, b) => a + b, 0);
  const order = panes.map((p, i) => i).sort((a, b) => RANK[panes[a]!.level] - RANK[panes[b]!.level] || a - b);
  for (const i of order) {
    if (extra <= 0) break;
    const more = Math.min(extra, Math.max(0, Math.min(h, panes[i]!.want) - hs[i]!));
    hs[i] = hs[i]! + more;
    extra -= more;
  }
  if (extra > 0) {
    // Spare rows go to the panes that still want more (a list of 5,000 pods), else by weight.
    const hungry = panes.map((p, i) => i).filter((i) => panes[i]!.want > hs[i]!);
    const take = hungry.length ? hungry : panes.map((_, i) => i);
    const total = take.reduce((s, i) => s + (panes[i]!.weight ?? 1), 0);
    let given = 0;
    for (const i of take) {
      const add = Math.floor((extra * (panes[i]!.weight ?? 1)) / total);
      hs[i] = hs[i]! + add;
      given += add;
    }
    hs[take[take.length - 1]!] = hs[take[take.length - 1]!]! + (extra - given);
  }
  return hs;
}

interface GridPick {
  shown: LayoutPane[];
  needs: number[];
  groups: number[][];
}

/** Which panes fit at height h in k columns: focus first, then problems, warnings, the rest. */
function pickGrid(visible: readonly LayoutPane[], focus: string, k: number, h: number): GridPick | undefined {
  const cap = Math.max(MIN_PANE_ROWS, Math.floor(h * 0.6));
  const need = (p: LayoutPane) => Math.max(MIN_PANE_ROWS, Math.min(p.want, cap));
  const prio = [...visible]
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        Number(b.p.id === focus) - Number(a.p.id === focus) || RANK[a.p.level] - RANK[b.p.level] || a.i - b.i,
    );
  const chosen = new Map<string, number>();
  let blockedFrom = Infinity; // once a pane of some level does not fit, no pane of a lower level is added
  let result: GridPick | undefined;
  const attempt = (ids: Map<string, number>) => {
    const shown = visible.filter((p) => ids.has(p.id));
    const needs = shown.map((p) => ids.get(p.id)!);
    const groups = splitColumns(needs, k, h);
    return groups ? { shown, needs, groups } : undefined;
  };
  for (const { p } of prio) {
    const rank = p.id === focus ? -1 : RANK[p.level];
    if (rank > blockedFrom) break;
    const sizes = p.level === 'problem' || p.id === focus ? [need(p), MIN_PANE_ROWS] : [need(p)];
    let ok = false;
    for (const n of sizes) {
      const next = new Map(chosen).set(p.id, n);
      const r = attempt(next);
      if (r) {
        chosen.set(p.id, n);
        result = r;
        ok = true;
        break;
      }
    }
    if (!ok) blockedFrom = Math.min(blockedFrom, rank);
  }
  return result;
}

export function computeLayout(
  cols: number,
  rows: number,
  panes: readonly LayoutPane[],
  focus: string,
  mode: LayoutMode,
): Layout {
  if (cols < MIN_COLS || rows < MIN_ROWS) return { kind: 'too-small', cols, rows };
  const body = rows - CHROME_ROWS;
  const focused = panes.find((p) => p.id === focus) ?? panes.find((p) => p.configured) ?? panes[0];
  const out = { kind: 'screen' as const, mode, cols, rows: body, boxes: [] as PaneBox[] };
  if (!focused) return { ...out, boxes: [] };
  const fid = focused.id;
  if (mode === 'zoom') return { ...out, boxes: [{ id: fid, x: 0, y: 0, width: cols, height: body }] };

  // The focused pane is always shown, configured or not (it then says how to enable it).
  const visible = panes.filter((p) => p.configured || p.id === fid);
  const unconfigured = panes.filter((p) => !p.configured && p.id !== fid).map((p) => p.id);
  const foldedRows = unconfigured.length ? 1 : 0;
  const avail = body - foldedRows;
  const folded = foldedRows
    ? { folded: { ids: unconfigured, x: 0, y: body - 1, width: cols, height: 1 } }
    : {};

  const boardMode = (): Layout => {
    const listed = visible.filter((p) => p.configured);
    let lines = packBoard(listed, cols);
    lines = lines.slice(0, Math.max(0, Math.min(lines.length, avail - MIN_PANE_ROWS, Math.floor(avail / 2))));
    const b = lines.length;
    return {
      ...out,
      mode: 'board',
      ...(b ? { board: { lines, x: 0, y: 0, width: cols, height: b } } : {}),
      boxes: [{ id: fid, x: 0, y: b, width: cols, height: avail - b }],
      ...folded,
    };
  };
  if (mode === 'board') return boardMode();

  // A wide pane (logs) with a problem, or focused, gets a band the whole width at the bottom.
  const band =
    gridColumns(cols) > 1 && visible.length > 1
      ? visible.find((p) => p.wide && p.configured && (p.level === 'problem' || p.id === fid))
      : undefined;
  const bandH = band ? Math.max(MIN_PANE_ROWS, Math.min(band.want, Math.floor(avail * 0.35))) : 0;
  const inColumns = band ? visible.filter((p) => p !== band) : visible;
  const k = Math.min(gridColumns(cols), inColumns.length);
  // The board lists configured panes the grid has no room for; it takes rows from the grid, so
  // try with 0, 1, 2… board lines until the listed entries fit in them.
  for (let b = 0; b <= 3; b++) {
    const h = avail - bandH - b;
    if (h < MIN_PANE_ROWS) break;
    const pick = pickGrid(inColumns, fid, k, h);
    if (!pick) continue;
    const hidden = inColumns.filter((p) => !pick.shown.includes(p));
    const lines = packBoard(hidden, cols);
    if (lines.length > b) continue;
    const gridH = avail - bandH - lines.length;
    const y0 = lines.length;
    const boxes: PaneBox[] = band
      ? [{ id: band.id, x: 0, y: avail - bandH, width: cols, height: bandH }]
      : [];
    const ncol = pick.groups.length;
    const base = Math.floor(cols / ncol);
    pick.groups.forEach((g, c) => {
      const x = c * base;
      const width = c === ncol - 1 ? cols - base * (ncol - 1) : base;
      const hs = fillColumn(
        g.map((i) => pick.shown[i]!),
        g.map((i) => pick.needs[i]!),
        gridH,
      );
      let y = y0;
      g.forEach((i, j) => {
        boxes.push({ id: pick.shown[i]!.id, x, y, width, height: hs[j]! });
        y += hs[j]!;
      });
    });
    return {
      ...out,
      mode: 'grid',
      boxes,
      ...(lines.length ? { board: { lines, x: 0, y: 0, width: cols, height: lines.length } } : {}),
      ...folded,
    };
  }
  return boardMode();
}

/** Every pane id the layout shows as a box or lists on its board. */
export function reachable(l: Layout): Set<string> {
  if (l.kind !== 'screen') return new Set();
  return new Set([...l.boxes.map((b) => b.id), ...(l.board?.lines.flat() ?? [])]);
}
