// Lists say when rows are hidden (issue 12 item 14): `7 of 9 ↓`, and `2 ↑ · 9 of 9` scrolled.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Table } from '../../src/ui/Table.js';
import { tableRows, type Column, type Row } from '../../src/ui/list.js';

const columns: Column[] = [{ header: 'NAME', width: 0 }];
const rows: Row[] = Array.from({ length: 9 }, (_, i) => ({ id: `r${i}`, cells: [`row-${i}`] }));

describe('Table hidden rows', () => {
  it('says how many rows of how many are shown', () => {
    const a = render(
      <Table columns={columns} rows={rows} width={30} height={9} selected={0} start={0} focused />,
    );
    expect(a.lastFrame()).toContain('7 of 9 ↓');
    expect(a.lastFrame()).toContain('row-6');
    expect(a.lastFrame()).not.toContain('row-7');
    a.unmount();
    const b = render(
      <Table columns={columns} rows={rows} width={30} height={9} selected={8} start={2} focused />,
    );
    expect(b.lastFrame()).toContain('2 ↑ · 9 of 9');
    b.unmount();
    const c = render(
      <Table columns={columns} rows={rows} width={30} height={10} selected={0} start={0} focused />,
    );
    expect(c.lastFrame()).not.toContain(' of 9');
    c.unmount();
  });
  it('with room for one line, the first row rather than the header; the empty text only without rows', () => {
    const one = render(
      <Table columns={columns} rows={rows} width={30} height={1} selected={0} start={0} focused />,
    );
    expect(one.lastFrame()).toContain('row-0');
    expect(one.lastFrame()).not.toContain('NAME');
    one.unmount();
    const none = render(
      <Table
        columns={columns}
        rows={[]}
        width={30}
        height={2}
        selected={-1}
        start={0}
        focused
        empty="nothing yet"
      />,
    );
    expect(none.lastFrame()).toContain('NAME');
    expect(none.lastFrame()).toContain('nothing yet');
    none.unmount();
  });
  it('the list pages by the rows it shows', () => {
    expect(tableRows(9, 9)).toEqual({ rows: 7, more: true });
    expect(tableRows(10, 9)).toEqual({ rows: 9, more: false });
  });
});

describe('logs per-source view', () => {
  it('says when sources are hidden', async () => {
    const { sourceRows } = await import('../../src/panes/logs/view.js');
    const stats = Array.from({ length: 9 }, (_, i) => ({
      source: `ns/pod-${i}/c`,
      origin: 'k8s' as const,
      lines: 10,
      errors: 1,
      errorRate: 0.1,
      errorsLastMinute: 1,
      errorsPerMinute: [1],
      lastSeen: 0,
    }));
    const text = (rows: { segments: { text: string }[] }[]) =>
      rows.map((r) => r.segments.map((s) => s.text).join(''));
    const a = text(sourceRows(stats, { width: 100, height: 9, scroll: 0 }));
    expect(a.at(-1)).toBe('7 of 9 ↓');
    expect(a).toHaveLength(9);
    const b = text(sourceRows(stats, { width: 100, height: 11, scroll: 0 }));
    expect(b.join('\n')).not.toContain(' of 9');
  });
});
