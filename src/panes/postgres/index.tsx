// PostgreSQL pane: the runbooks' database checks, live. Small (grid): the connection gauge and
// sparkline, counts by state, blockers, longest query. Zoomed or switched with keys (keys.ts):
// tables of long queries, idle-in-transaction sessions, the blocking tree, ungranted locks,
// top statements, and connections by application / user / client. When the console cannot
// connect because the server is full, that error is the first thing shown.
import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { isServerFull } from '../../data/postgres/connection.js';
import { POSTGRES_SOURCE } from '../../data/postgres/source.js';
import type { PgSnapshot } from '../../data/postgres/types.js';
import { RDS_SOURCE, type RdsSnapshot } from '../../data/rds/types.js';
import { setSelection } from '../../store/selection.js';
import { setSlice } from '../../store/store.js';
import { useSlice, useSource, useStoreApi } from '../../ui/hooks.js';
import { useKeys } from '../../ui/keys.js';
import { commandFor } from '../../ui/keymap.js';
import type { Column, Row } from '../../ui/list.js';
import { toneColor } from '../../ui/tone.js';
import { useList } from '../../ui/useList.js';
import { sanitize } from '../../util/sanitize.js';
import { definePane, type PaneProps } from '../types.js';
import { SafeText } from '../../ui/SafeText.js';
import { Table } from '../../ui/Table.js';
import {
  connsColumns,
  connsRows,
  gaugeLine,
  idleColumns,
  idleInTransaction,
  idleRow,
  longRunning,
  overviewLines,
  queryColumns,
  queryRow,
  stateLine,
  topColumns,
  topRow,
  treeColumns,
  treeRows,
  VIEW_LABEL,
  waitColumns,
  waitRows,
  type ConnsBy,
  type PgView,
} from './columns.js';
import { rdsLines } from './rds.js';

declare module '../../store/store.js' {
  interface Slices {
    'postgres.view': PgUi;
  }
}

export const PG_UI = 'postgres.view';
export interface PgUi {
  view: PgView;
  by: ConnsBy;
}
const DEFAULT_UI: PgUi = { view: 'overview', by: 'application' };
const NEXT_BY: Record<ConnsBy, ConnsBy> = { application: 'user', user: 'client', client: 'application' };

/** Splits text into at most `max` lines of `width` characters. */
function wrapLines(text: string, width: number, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < max; i += Math.max(1, width))
    out.push(text.slice(i, i + width));
  return out;
}

function tableFor(
  view: PgView,
  by: ConnsBy,
  snap: PgSnapshot,
  width: number,
): { rows: Row[]; columns: Column[]; empty: string; title: string } {
  const wide = width >= 100;
  switch (view) {
    case 'overview':
    case 'queries': {
      const rows = longRunning(snap.sessions).map((s) => queryRow(s, snap.longQueryMs, wide));
      return {
        rows,
        columns: queryColumns(width),
        empty: 'no query running',
        title: `long queries (${rows.length})`,
      };
    }
    case 'idle': {
      const rows = idleInTransaction(snap.sessions).map((s) => idleRow(s, snap, wide));
      return {
        rows,
        columns: idleColumns(width),
        empty: 'no session idle in transaction',
        title: `idle in transaction (${rows.length})`,
      };
    }
    case 'tree': {
      const rows = treeRows(snap, width);
      return {
        rows,
        columns: treeColumns(width),
        empty: 'no session waits on a lock',
        title: `blocking tree (${snap.sessions.filter((s) => s.blockedBy.length).length} blocked)`,
      };
    }
    case 'waits': {
      const rows = waitRows(snap, width);
      return {
        rows,
        columns: waitColumns(width),
        empty: 'no ungranted lock',
        title: `lock waits (${rows.length})`,
      };
    }
    case 'top': {
      const st = snap.statements;
      const rows = st.rows.map((r) => topRow(r, width));
      return {
        rows,
        columns: topColumns(width),
        empty: st.available ? 'no statements recorded' : sanitize(st.reason ?? 'not available', 200),
        title: st.available
          ? `top statements by total time (${rows.length})`
          : 'top statements: not available',
      };
    }
    case 'conns': {
      const list = by === 'application' ? snap.byApplication : by === 'user' ? snap.byUser : snap.byClient;
      return {
        rows: connsRows(list, by, snap.total),
        columns: connsColumns,
        empty: 'no connections',
        title: `connections by ${by} (c: next grouping)`,
      };
    }
  }
}

function PgTable(p: {
  viewKey: string;
  rows: Row[];
  columns: Column[];
  width: number;
  height: number;
  focused: boolean;
  empty: string;
  onCommand: (cmd: string) => boolean;
}) {
  const list = useList({
    rows: p.rows,
    columns: p.columns,
    height: p.height,
    focused: p.focused,
    scope: 'postgres',
    viewKey: p.viewKey,
    onCommand: (cmd) => p.onCommand(cmd),
  });
  return list.view(p.width, p.empty);
}

/** View keys when no table is shown (the overview). */
function ViewKeys({ focused, onCommand }: { focused: boolean; onCommand: (cmd: string) => boolean }) {
  // No table, no selection: actions must not act on a row chosen in a table no longer shown.
  const store = useStoreApi();
  useEffect(() => setSelection(store, 'postgres', undefined), [store]);
  useKeys(
    'pane',
    (ev) => {
      const cmd = commandFor('postgres', ev.name);
      return cmd ? onCommand(cmd) : false;
    },
    focused,
  );
  return null;
}

function PostgresPane({ width, height, focused }: PaneProps) {
  const src = useSource<PgSnapshot>(POSTGRES_SOURCE);
  const rds = useSource<RdsSnapshot>(RDS_SOURCE)?.data;
  const ui = useSlice(PG_UI) ?? DEFAULT_UI;
  const store = useStoreApi();
  const snap = src?.data;
  // From 15 rows the pane uses its room: the overview, the blocking tree inline and the
  // longest queries (grid or zoomed alike: what counts is the room it has).
  const small = height < 15;

  const onCommand = (cmd: string): boolean => {
    const view = cmd.startsWith('postgres.') ? (cmd.slice('postgres.'.length) as PgView) : undefined;
    if (!view || !(view in VIEW_LABEL)) return false;
    setSlice(store, PG_UI, (prev) => {
      const cur = prev ?? DEFAULT_UI;
      if (view === 'conns' && cur.view === 'conns') return { ...cur, by: NEXT_BY[cur.by] };
      return { ...cur, view };
    });
    return true;
  };

  const table = useMemo(
    () => (snap ? tableFor(ui.view, ui.by, snap, width) : undefined),
    [snap, ui.view, ui.by, width],
  );
  // The RDS instance's status first (when postgres.rds is configured): it matters most when
  // the database cannot be reached at all.
  const rdsL = rds ? rdsLines(rds, Date.now(), snap?.databaseSize) : [];
  if (!snap || !table) {
    const pgLine =
      src?.status === 'error'
        ? { text: `✖ ${sanitize(src.error ?? 'error', 300)}`, tone: 'bad' as const }
        : src?.status === 'unconfigured'
          ? {
              text: `PostgreSQL itself is not configured: enable it with ${src.hint ?? 'postgres.url'}`,
              tone: 'muted' as const,
            }
          : { text: 'PostgreSQL: waiting for data', tone: 'muted' as const };
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        {[...rdsL.slice(0, 1), pgLine, ...rdsL.slice(1)].slice(0, height).map((l, i) => (
          <SafeText key={i} color={toneColor[l.tone]}>
            {l.text}
          </SafeText>
        ))}
      </Box>
    );
  }

  // The error comes first: server full (the pane's most important message) takes two lines.
  const err = src?.status === 'error' && src.error ? sanitize(src.error, 400) : undefined;
  const full = isServerFull(err);
  const errLines = err ? wrapLines(`✖ ${err}`, width, full ? 3 : 1) : [];
  const lines: { text: string; tone: keyof typeof toneColor; bold?: boolean }[] = errLines.map((t) => ({
    text: t,
    tone: 'bad',
    bold: full,
  }));
  const rdsHead = rdsL.slice(0, 1);
  const rdsMore = rdsL.slice(1);
  lines.push(...rdsHead);
  const g = gaugeLine(snap, width);
  lines.push({ text: g.text, tone: g.tone });
  lines.push({ text: stateLine(snap), tone: 'none' });
  const over = overviewLines(snap);
  const showTable = ui.view !== 'overview' || !small;
  const keyHint = 'o l i b w t c';
  let header: typeof lines;
  if (!showTable) {
    header = [...lines, ...rdsMore.slice(0, 2), ...over.map((l) => ({ ...l }))].slice(
      0,
      Math.max(0, height - 1),
    );
    header.push({
      text: `keys: ${keyHint} — queries, idle-tx, blocking tree, lock waits, top, by app`,
      tone: 'muted',
    });
  } else if (small) {
    header = lines.slice(0, errLines.length + rdsHead.length + 1);
  } else {
    header = [...lines, ...rdsMore.slice(0, 3), ...over.slice(0, 5)];
  }
  header = header.slice(0, Math.max(0, height - (showTable ? 3 : 0)));
  const tabText = `▸ ${table.title}   ${keyHint}`;
  // The blocking tree inline (who blocks whom), above the long queries, when sessions wait.
  const blocked = snap.sessions.filter((x) => x.blockedBy.length).length;
  const tree = ui.view === 'overview' && !small && blocked ? treeRows(snap, width) : [];
  const treeH = tree.length
    ? Math.min(tree.length + 2, Math.max(0, Math.floor((height - header.length - 1) / 2)))
    : 0;
  const tableH = Math.max(0, height - header.length - 1 - treeH);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {header.map((l, i) => (
        <SafeText key={i} color={toneColor[l.tone]} bold={l.bold}>
          {l.text}
        </SafeText>
      ))}
      {treeH >= 3 ? (
        <>
          <Text wrap="truncate" color="red">
            {`▸ blocking tree (${blocked} blocked)`}
          </Text>
          <Table
            columns={treeColumns(width)}
            rows={tree}
            width={width}
            height={treeH - 1}
            selected={-1}
            start={0}
            focused={false}
          />
        </>
      ) : null}
      {showTable ? (
        <>
          <Text wrap="truncate" color="cyan">
            {tabText}
          </Text>
          <PgTable
            key={`${ui.view}:${ui.by}`}
            viewKey={`postgres:${ui.view}:${ui.by}`}
            rows={table.rows}
            columns={table.columns}
            width={width}
            height={tableH}
            focused={focused}
            empty={table.empty}
            onCommand={onCommand}
          />
        </>
      ) : (
        <ViewKeys focused={focused} onCommand={onCommand} />
      )}
    </Box>
  );
}

export const pane = definePane('postgres', 'Postgres', [POSTGRES_SOURCE, RDS_SOURCE], PostgresPane, {
  list: true,
});
