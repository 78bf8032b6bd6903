// The list behaviour every table pane shares: selection kept by row id (live updates do not
// move it), paging, a `/` text filter, and column sorting, all from the `list` keymap scope.
import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { setSelection } from '../store/selection.js';
import { useStoreApi } from './hooks.js';
import { commandFor } from './keymap.js';
import { useKeys, type KeyEvent } from './keys.js';
import {
  createSorter,
  editFilter,
  filterRows,
  tableRows,
  windowStart,
  type Column,
  type Row,
} from './list.js';
import { usePaneView } from './pane-view.js';
import { Table } from './Table.js';

export interface ListOptions {
  rows: readonly Row[];
  columns: readonly Column[];
  height: number;
  focused: boolean;
  defaultSort?: number;
  defaultDesc?: boolean;
  /** Pane-specific commands, tried before the list's own (return true when consumed). */
  onCommand?: (command: string, selected: Row | undefined) => boolean;
  /** The keymap scope of the pane's own keys. */
  scope: string;
  /** Where its view state (selection, filter, sort) is kept; default: the scope. */
  viewKey?: string;
}

export function useList(o: ListOptions) {
  // View state lives in the store (pane-view.ts): zoom and layout changes keep it.
  const vk = `list:${o.viewKey ?? o.scope}`;
  const [selectedId, setSelectedId] = usePaneView<string | undefined>(`${vk}:selected`, undefined);
  const [filter, setFilter] = usePaneView(`${vk}:filter`, '');
  const [editing, setEditing] = useState(false);
  const [sortCol, setSortCol] = usePaneView<number | undefined>(`${vk}:sort`, o.defaultSort);
  const [desc, setDesc] = usePaneView(`${vk}:desc`, o.defaultDesc ?? false);
  const startRef = useRef(0);

  // Sorted before it is filtered, so that typing a filter does not sort again; the sorter
  // remembers its last order (a live update moves a few rows).
  const sorter = useMemo(() => createSorter(), []);
  const sorted = useMemo(() => sorter(o.rows, sortCol, desc), [sorter, o.rows, sortCol, desc]);
  const shown = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  let selected = selectedId ? shown.findIndex((r) => r.id === selectedId) : -1;
  if (selected < 0 && shown.length) selected = 0;
  const tableHeight = o.height - (editing || filter ? 1 : 0);
  const page = Math.max(1, tableRows(tableHeight, shown.length).rows);
  const start = windowStart(selected, startRef.current, page, shown.length);
  startRef.current = start;

  // Publish the selection (by row id) for actions and other panes.
  const store = useStoreApi();
  const selId = shown[selected]?.id;
  useEffect(() => {
    setSelection(store, o.scope, selId);
  }, [store, o.scope, selId]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(shown.length - 1, to));
    setSelectedId(shown[i]?.id);
  };

  const handle = (ev: KeyEvent): boolean => {
    if (editing) {
      editFilter(ev, setFilter, setEditing);
      return true;
    }
    const paneCmd = commandFor(o.scope, ev.name);
    if (paneCmd && o.onCommand?.(paneCmd, shown[selected])) return true;
    if (ev.name === 'escape' && filter) {
      setFilter('');
      return true;
    }
    switch (commandFor('list', ev.name)) {
      case 'list.down':
        move(selected + 1);
        return true;
      case 'list.up':
        move(selected - 1);
        return true;
      case 'list.pageDown':
        move(selected + page);
        return true;
      case 'list.pageUp':
        move(selected - page);
        return true;
      case 'list.top':
        move(0);
        return true;
      case 'list.bottom':
        move(shown.length - 1);
        return true;
      case 'list.filter':
        setEditing(true);
        return true;
      case 'list.sort':
        setSortCol((c) => (c === undefined ? 0 : c + 1 >= o.columns.length ? undefined : c + 1));
        return true;
      case 'list.reverse':
        setDesc((d) => !d);
        return true;
    }
    return false;
  };
  useKeys('pane', handle, o.focused);

  const view = (width: number, empty?: string) => (
    <Box flexDirection="column" width={width} height={o.height} overflow="hidden">
      {editing || filter ? (
        <Text wrap="truncate" color="cyan">
          {`/${filter}${editing ? '▏' : ''}  (${shown.length} of ${o.rows.length})`}
        </Text>
      ) : null}
      <Table
        columns={o.columns}
        rows={shown}
        width={width}
        height={tableHeight}
        selected={selected}
        start={start}
        focused={o.focused}
        sortCol={sortCol}
        sortDesc={desc}
        empty={filter ? `no rows match /${filter}` : empty}
      />
    </Box>
  );
  return { view, selectedRow: shown[selected], shown, filter, editing };
}
