// A virtualised table: renders only the rows that fit, one <Text> per row. Rows are built
// outside (pure toRow functions in each pane's columns.ts); this lays them out, sanitising
// every cell (untrusted text, secrets masked) and cutting it to its width in terminal cells.
import { Box } from 'ink';
import { memo } from 'react';
import { pad } from '../util/format.js';
import { sanitize } from '../util/sanitize.js';
import { columnWidths, tableRows, type Column, type Row } from './list.js';
import { SafeText } from './SafeText.js';
import { toneColor } from './tone.js';

export interface TableProps {
  columns: readonly Column[];
  rows: readonly Row[];
  width: number;
  height: number;
  /** Index into rows of the selected row, or -1. */
  selected: number;
  start: number;
  focused: boolean;
  sortCol?: number;
  sortDesc?: boolean;
  empty?: string;
}

/** Cells are cut to their column anyway; this only bounds the cost of a giant value. */
const CELL_MAX = 1024;

function line(cells: readonly string[], widths: readonly number[], columns: readonly Column[]): string {
  return cells
    .map((c, i) => pad(sanitize(c, CELL_MAX), widths[i] ?? 0, columns[i]?.align, columns[i]?.middle))
    .join(' ');
}

const TableRow = memo(function TableRow({
  text,
  tone,
  selected,
}: {
  text: string;
  tone?: Row['tone'];
  selected: boolean;
}) {
  return (
    <SafeText color={selected ? undefined : toneColor[tone ?? 'none']} inverse={selected}>
      {text}
    </SafeText>
  );
});

export function Table(p: TableProps) {
  const widths = columnWidths(p.columns, p.width);
  const headers = p.columns.map((c, i) =>
    i === p.sortCol ? `${c.header}${p.sortDesc ? '↓' : '↑'}` : c.header,
  );
  // When rows are hidden, the last line says so: `7 of 9 ↓` (↑ too when scrolled). A table with
  // room for one line only shows its first row rather than its header (the newest detection
  // says more than the column names).
  const headerless = p.height < 2 && p.rows.length > 0;
  const { rows: bodyHeight, more } = headerless
    ? { rows: Math.max(0, p.height), more: false }
    : tableRows(p.height, p.rows.length);
  const visible = p.rows.slice(p.start, p.start + bodyHeight);
  const below = p.rows.length - p.start - visible.length;
  const moreText = `${p.start > 0 ? `${p.start} ↑ · ` : ''}${p.start + visible.length} of ${p.rows.length}${below > 0 ? ' ↓' : ''}`;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      {headerless ? null : <SafeText bold>{line(headers, widths, p.columns)}</SafeText>}
      {visible.length === 0 ? (
        <SafeText dimColor>{p.empty ?? 'nothing to show'}</SafeText>
      ) : (
        visible.map((r, i) => (
          <TableRow
            key={r.id}
            text={line(r.cells, widths, p.columns)}
            tone={r.tone}
            selected={p.focused && p.start + i === p.selected}
          />
        ))
      )}
      {more ? <SafeText dimColor>{moreText}</SafeText> : null}
    </Box>
  );
}
