// A sorter (createSorter) that starts from its last order gives the same rows in the same order
// as a fresh sort (ties in the order of the rows given), through live updates: rows changed in
// place (few, many, key unchanged), added, removed, reordered, re-ranked, with many equal keys,
// text and number keys, both directions, switching columns.
import { describe, expect, it } from 'vitest';
import { mulberry32 as random } from '../../src/sim/rng.js';
import { createSorter, sortRows, type Row } from '../../src/ui/list.js';

const WORDS = ['api', 'API', 'backend', 'Backend-2', 'été', 'worker', 'zeta', ''];

function row(id: string, rnd: () => number): Row {
  return {
    id,
    cells: [WORDS[Math.floor(rnd() * WORDS.length)]!, String(Math.floor(rnd() * 5))],
    sort: [WORDS[Math.floor(rnd() * 3)]!, Math.floor(rnd() * 4)],
    rank: rnd() < 0.1 ? 0 : 1,
  };
}

describe('a sorter that remembers its last order', () => {
  it('gives the same order as a fresh sort, update after update', () => {
    const rnd = random(11);
    const sorter = createSorter();
    let rows = Array.from({ length: 300 }, (_, i) => row(`r${i}`, rnd));
    let col: 0 | 1 = 0;
    let desc = false;
    for (let update = 0; update < 400; update++) {
      const kind = rnd();
      if (kind < 0.35) {
        // A watch changed a few objects, in place (some keep their key: only the object is new).
        rows = rows.map((r) => (rnd() < 0.01 ? row(r.id, rnd) : rnd() < 0.01 ? { ...r } : r));
      } else if (kind < 0.5) {
        // Many in place: more than the sorter inserts one by one.
        rows = rows.map((r) => (rnd() < 0.3 ? row(r.id, rnd) : r));
      } else if (kind < 0.75) {
        rows = rows
          .filter(() => rnd() > 0.03)
          .map((r) => (rnd() < 0.05 ? row(r.id, rnd) : r))
          .concat(Array.from({ length: Math.floor(rnd() * 6) }, (_, i) => row(`n${update}-${i}`, rnd)));
      } else if (kind < 0.85) rows = rows.slice().reverse();
      else if (kind < 0.95) desc = !desc;
      else col = col ? 0 : 1;
      const want = sortRows(rows, col, desc);
      expect(sorter(rows, col, desc).map((r) => r.id)).toEqual(want.map((r) => r.id));
    }
  });

  it('keeps duplicate ids apart', () => {
    const sorter = createSorter();
    const a: Row = { id: 'x', cells: ['b'] };
    const b: Row = { id: 'x', cells: ['a'] };
    expect(sorter([a, b], 0, false)).toEqual([b, a]);
    const c: Row = { id: 'y', cells: ['c'] };
    expect(sorter([a, c, b], 0, false)).toEqual([b, a, c]);
    expect(sorter([c, a], 0, false)).toEqual([a, c]);
  });

  it('keeps the given order without a sort column, and sorts text as localeCompare does (accents, case)', () => {
    const rows: Row[] = ['b', 'a', 'c'].map((id) => ({ id, cells: [id] }));
    expect(sortRows(rows, undefined, false).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    const words = ['b', 'B', 'a', 'é', 'e', 'Z'];
    const sorted = sortRows(
      words.map((w) => ({ id: w, cells: [w] })),
      0,
      false,
    ).map((r) => r.id);
    expect(sorted).toEqual([...words].sort((x, y) => x.localeCompare(y)));
  });
});
