// sortRows with the order shown before an update gives the same rows in the same order as
// without it (ties in the order of the rows given), through live updates: rows changed, added,
// removed, re-ranked, with many equal keys, text and number keys, both directions.
import { describe, expect, it } from 'vitest';
import { mulberry32 as random } from '../../src/sim/rng.js';
import { sortRows, type Row } from '../../src/ui/list.js';

const WORDS = ['api', 'API', 'backend', 'Backend-2', 'été', 'worker', 'zeta', ''];

function row(id: string, rnd: () => number): Row {
  return {
    id,
    cells: [WORDS[Math.floor(rnd() * WORDS.length)]!, String(Math.floor(rnd() * 5))],
    sort: [WORDS[Math.floor(rnd() * 3)]!, Math.floor(rnd() * 4)],
    rank: rnd() < 0.1 ? 0 : 1,
  };
}

describe('sortRows from the previous order', () => {
  it('is the same sort as without it, update after update', () => {
    const rnd = random(11);
    for (const [col, desc] of [
      [0, false],
      [1, true],
      [0, true],
      [1, false],
    ] as const) {
      let rows = Array.from({ length: 300 }, (_, i) => row(`r${i}`, rnd));
      let shown: Row[] = [];
      for (let update = 0; update < 40; update++) {
        rows = rows
          .filter(() => rnd() > 0.03)
          .map((r) => (rnd() < 0.05 ? row(r.id, rnd) : r))
          .concat(Array.from({ length: Math.floor(rnd() * 6) }, (_, i) => row(`n${update}-${i}`, rnd)));
        if (rnd() < 0.3) rows.reverse();
        const want = sortRows(rows, col, desc);
        shown = sortRows(rows, col, desc, shown);
        expect(shown.map((r) => r.id)).toEqual(want.map((r) => r.id));
      }
    }
  });

  it('keeps the given order without a sort column, and sorts text as localeCompare does (accents, case)', () => {
    const rows: Row[] = ['b', 'a', 'c'].map((id) => ({ id, cells: [id] }));
    expect(sortRows(rows, undefined, false, rows.slice().reverse()).map((r) => r.id)).toEqual([
      'b',
      'a',
      'c',
    ]);
    const words = ['b', 'B', 'a', 'é', 'e', 'Z'];
    const sorted = sortRows(
      words.map((w) => ({ id: w, cells: [w] })),
      0,
      false,
    ).map((r) => r.id);
    expect(sorted).toEqual([...words].sort((x, y) => x.localeCompare(y)));
  });
});
