// computeLayout: examples at the sizes responders have, then properties over thousands of
// random sizes and configurations (seeded): every configured pane reachable, nothing overlaps,
// the body filled exactly, a pane with a problem never hidden while one without is shown.
import { describe, expect, it } from 'vitest';
import {
  CHROME_ROWS,
  computeLayout,
  MIN_PANE_ROWS,
  reachable,
  type Layout,
  type LayoutMode,
  type LayoutPane,
  type PaneLevel,
} from '../../src/ui/layout.js';
import { paneIds } from '../../src/panes/registry.js';
import { PANE_NAMES } from '../../src/config/schema.js';
import { mulberry32 } from '../../src/sim/rng.js';

const pane = (id: string, want = 8, level: PaneLevel = 'ok', configured = true): LayoutPane => ({
  id,
  want,
  level,
  configured,
  label: 14,
});
const all = (want = 8) => paneIds.map((id) => pane(id, want));
type Screen = Extract<Layout, { kind: 'screen' }>;
const screen = (l: Layout): Screen => {
  if (l.kind !== 'screen') throw new Error(`not a screen: ${l.kind}`);
  return l;
};

/** Every cell of the body covered exactly once by a box, the board or the folded line. */
function cover(l: Screen): number[][] {
  const grid = Array.from({ length: l.rows }, () => Array<number>(l.cols).fill(0));
  const rects = [...l.boxes, ...(l.board ? [l.board] : []), ...(l.folded ? [l.folded] : [])];
  for (const r of rects)
    for (let y = r.y; y < r.y + r.height; y++)
      for (let x = r.x; x < r.x + r.width; x++) {
        if (y < 0 || y >= l.rows || x < 0 || x >= l.cols)
          throw new Error(`rect outside the body: ${JSON.stringify(r)}`);
        grid[y]![x]!++;
      }
  return grid;
}

describe('computeLayout', () => {
  it('refuses below 80x24', () => {
    expect(computeLayout(79, 40, all(), 'pods', 'grid').kind).toBe('too-small');
    expect(computeLayout(120, 23, all(), 'pods', 'grid').kind).toBe('too-small');
  });

  it('the pane names of the config schema are the registry', () => {
    expect([...PANE_NAMES]).toEqual(paneIds);
  });

  it('zoom gives the focused pane the whole body', () => {
    const l = screen(computeLayout(200, 50, all(), 'postgres', 'zoom'));
    expect(l.boxes).toEqual([{ id: 'postgres', x: 0, y: 0, width: 200, height: 48 }]);
  });

  it('board: the status board above the focused pane, listing every configured pane', () => {
    const l = screen(computeLayout(80, 24, all(), 'redis', 'board'));
    expect(l.boxes.map((b) => b.id)).toEqual(['redis']);
    expect(l.board!.lines.flat()).toEqual(paneIds);
    expect(l.boxes[0]!.y).toBe(l.board!.height);
    expect(l.boxes[0]!.height).toBe(24 - CHROME_ROWS - l.board!.height);
  });

  it('unconfigured panes fold into one line; pane heights follow content', () => {
    const panes = paneIds.map((id) =>
      pane(id, id === 'postgres' ? 20 : 8, 'ok', ['postgres', 'redis'].includes(id)),
    );
    const l = screen(computeLayout(220, 60, panes, 'postgres', 'grid'));
    expect(l.folded!.ids).toEqual(paneIds.filter((id) => !['postgres', 'redis'].includes(id)));
    expect(l.folded!.height).toBe(1);
    expect(l.boxes.map((b) => b.id).sort()).toEqual(['postgres', 'redis']);
    // Two panes side by side, each the full height (nothing else wants the room).
    for (const b of l.boxes) expect(b.height).toBe(60 - CHROME_ROWS - 1);
  });

  it('seven pods do not take 36 rows when others want room', () => {
    const panes = [pane('pods', 12, 'problem'), pane('health', 9, 'problem'), pane('logs', 43, 'problem')];
    const l = screen(computeLayout(100, 40, panes, 'pods', 'grid'));
    const h = Object.fromEntries(l.boxes.map((b) => [b.id, b.height]));
    expect(h.pods).toBe(12);
    expect(h.health).toBe(9);
    expect(h.logs).toBe(38 - 21);
  });

  it('the drill at 120x40: the problem panes are shown, the rest on the board', () => {
    const want: Record<string, [number, PaneLevel]> = {
      pods: [12, 'problem'],
      deployments: [8, 'warn'],
      events: [8, 'warn'],
      top: [12, 'ok'],
      health: [9, 'problem'],
      chain: [8, 'ok'],
      postgres: [11, 'ok'],
      redis: [11, 'ok'],
      timeline: [15, 'problem'],
      logs: [43, 'problem'],
    };
    const panes = paneIds.map((id) => ({ ...pane(id, want[id]![0], want[id]![1]), wide: id === 'logs' }));
    const l = screen(computeLayout(120, 40, panes, 'pods', 'grid'));
    // The logs (long lines, errors flowing) get the whole width at the bottom.
    expect(l.boxes.find((b) => b.id === 'logs')).toMatchObject({ x: 0, width: 120 });
    const shown = l.boxes.map((b) => b.id);
    for (const id of ['pods', 'deployments', 'health', 'timeline', 'logs']) expect(shown).toContain(id);
    expect(l.boxes.find((b) => b.id === 'pods')!.height).toBeGreaterThanOrEqual(12);
    expect(reachable(l)).toEqual(new Set(paneIds));
  });

  it('properties over random sizes and configurations', () => {
    const rnd = mulberry32(1234);
    const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
    const levels: PaneLevel[] = ['ok', 'warn', 'problem'];
    const modes: LayoutMode[] = ['grid', 'board', 'zoom'];
    for (let n = 0; n < 3000; n++) {
      const cols = int(80, 260);
      const rows = int(24, 80);
      const panes = paneIds
        .filter(() => rnd() < 0.85)
        .map((id) => ({
          id,
          want: int(3, 200),
          level: levels[int(0, 2)]!,
          configured: rnd() < 0.75,
          label: int(8, 30),
          weight: int(1, 3),
          wide: id === 'logs',
        }));
      if (!panes.length) continue;
      const focus = panes[int(0, panes.length - 1)]!.id;
      const mode = modes[int(0, 2)]!;
      const what = JSON.stringify({ cols, rows, mode, focus, panes });
      const l = screen(computeLayout(cols, rows, panes, focus, mode));
      // Filled exactly, nothing overlaps.
      const g = cover(l);
      expect(
        g.every((r) => r.every((c) => c === 1)),
        what,
      ).toBe(true);
      expect(l.rows).toBe(rows - CHROME_ROWS);
      // The focused pane is always a box; every box is usable.
      expect(
        l.boxes.some((b) => b.id === focus),
        what,
      ).toBe(true);
      for (const b of l.boxes) expect(b.height, what).toBeGreaterThanOrEqual(Math.min(MIN_PANE_ROWS, l.rows));
      if (mode === 'zoom') continue;
      // Every configured pane is reachable: a box, or an entry on the status board.
      const r = reachable(l);
      for (const p of panes)
        if (p.configured) expect(r.has(p.id), `${p.id} unreachable in ${what}`).toBe(true);
      // A problem is never hidden while a pane without one (other than the focused) is shown.
      if (mode === 'grid') {
        const shown = new Set(l.boxes.map((b) => b.id));
        const hiddenProblem = panes.some((p) => p.configured && p.level === 'problem' && !shown.has(p.id));
        if (hiddenProblem)
          for (const b of l.boxes)
            if (b.id !== focus)
              expect(panes.find((p) => p.id === b.id)!.level, `${b.id} shown over a problem in ${what}`).toBe(
                'problem',
              );
      }
    }
  });
});
