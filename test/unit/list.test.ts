import { describe, expect, it } from 'vitest';
import { columnWidths, filterRows, sortRows, windowStart, type Row } from '../../src/ui/list.js';

const rows: Row[] = [
  { id: 'a', cells: ['alpha', '10'], sort: ['alpha', 10] },
  { id: 'b', cells: ['beta', '9'], sort: ['beta', 9], rank: 0 },
  { id: 'c', cells: ['gamma', '100'], sort: ['gamma', 100] },
];

describe('list logic', () => {
  it('filters case-insensitively over all cells', () => {
    expect(filterRows(rows, 'AL').map((r) => r.id)).toEqual(['a']);
    expect(filterRows(rows, '10').map((r) => r.id)).toEqual(['a', 'c']);
    expect(filterRows(rows, '')).toBe(rows);
  });
  it('sorts by numeric sort keys, rank first', () => {
    expect(sortRows(rows, 1, false).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, 1, true).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    const ranked = [
      { id: 'x', cells: ['z'], rank: 1 },
      { id: 'y', cells: ['a'], rank: 0 },
    ];
    expect(sortRows(ranked, 0, false).map((r) => r.id)).toEqual(['y', 'x']);
  });
  it('keeps the selection inside the window', () => {
    expect(windowStart(0, 0, 10, 5000)).toBe(0);
    expect(windowStart(15, 0, 10, 5000)).toBe(6);
    expect(windowStart(3, 6, 10, 5000)).toBe(3);
    expect(windowStart(4999, 0, 10, 5000)).toBe(4990);
    expect(windowStart(5, 0, 10, 3)).toBe(0);
  });
  it('column widths fill and shrink to the width', () => {
    const ws = columnWidths(
      [
        { header: 'A', width: 10 },
        { header: 'B', width: 0 },
        { header: 'C', width: 5 },
      ],
      40,
    );
    expect(ws.reduce((a, b) => a + b, 0) + 2).toBe(40);
    const narrow = columnWidths(
      [
        { header: 'A', width: 30 },
        { header: 'B', width: 30 },
      ],
      40,
    );
    expect(narrow.reduce((a, b) => a + b, 0) + 1).toBe(40);
  });
});

describe('middle truncation', () => {
  it('keeps the distinguishing tail of a pod name', async () => {
    const { fitMiddle } = await import('../../src/util/format.js');
    expect(fitMiddle('backend-vjxtbksk7b-abc12', 16)).toBe('backend…7b-abc12');
    expect(fitMiddle('short', 16)).toBe('short');
  });
});
