import { describe, expect, it } from 'vitest';
import { computeLayout, CHROME_ROWS } from '../../src/ui/layout.js';
import { paneIds } from '../../src/panes/registry.js';

describe('computeLayout', () => {
  it('refuses below 80x24', () => {
    expect(computeLayout(79, 40, paneIds, 'pods', false).kind).toBe('too-small');
    expect(computeLayout(120, 23, paneIds, 'pods', false).kind).toBe('too-small');
  });
  it('uses tabs on narrow or short terminals', () => {
    const l = computeLayout(80, 24, paneIds, 'redis', false);
    expect(l.kind).toBe('tabs');
    if (l.kind === 'tabs') {
      expect(l.pane.id).toBe('redis');
      expect(l.tabs).toEqual(paneIds);
      expect(l.pane.height).toBe(24 - CHROME_ROWS - 1);
    }
  });
  for (const [cols, rows] of [
    [200, 50],
    [180, 45],
    [120, 60],
    [250, 70],
    [300, 100],
  ] as const) {
    it(`grid at ${cols}x${rows} tiles the screen exactly and shows every pane`, () => {
      const l = computeLayout(cols, rows, paneIds, 'pods', false);
      expect(l.kind).toBe('grid');
      if (l.kind !== 'grid') return;
      expect(l.rows.reduce((n, r) => n + r.height, 0)).toBe(rows - CHROME_ROWS);
      for (const r of l.rows) expect(r.cells.reduce((n, c) => n + c.width, 0)).toBe(cols);
      expect(l.rows.flatMap((r) => r.cells.map((c) => c.id)).sort()).toEqual([...paneIds].sort());
      for (const r of l.rows) for (const c of r.cells) expect(c.height).toBeGreaterThanOrEqual(9);
    });
  }
  it('zoom gives the focused pane the whole body', () => {
    const l = computeLayout(200, 50, paneIds, 'postgres', true);
    expect(l).toEqual({
      kind: 'grid',
      columns: 1,
      rows: [{ height: 48, cells: [{ id: 'postgres', width: 200, height: 48 }] }],
    });
  });
  it('falls back to tabs when grid cells would be too short', () => {
    expect(computeLayout(200, 30, paneIds, 'pods', false).kind).toBe('tabs');
  });
});
