// Timeline pane: the incident's journal as it is written — declared, severity/role/phase
// changes, notes, actions with their outcome, detections, status updates, resolution. Newest
// first; `f` shows one kind only; `c` corrects the selected note by appending a correction.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { INCIDENT, type IncidentSlice } from '../../incident/controller.js';
import { ensureController, openModal } from '../../ui/incident/common.js';
import { useSlice, useStoreApi } from '../../ui/hooks.js';
import { useList } from '../../ui/useList.js';
import type { PaneDef, PaneProps } from '../types.js';
import { columns, group, KIND_FILTERS, toRow, type KindFilter } from './columns.js';

function TimelinePane({ width, height, focused }: PaneProps) {
  const store = useStoreApi();
  const slice = useSlice<IncidentSlice>(INCIDENT);
  const s = slice?.state;
  const naming = slice?.naming ?? 'SEV';
  const [kind, setKind] = useState<KindFilter>('all');
  const rows = useMemo(
    () =>
      s
        ? s.events.flatMap((e, i) => (kind === 'all' || group(e) === kind ? [toRow(s, e, i, naming)] : []))
        : [],
    [s, kind, naming],
  );
  const list = useList({
    rows,
    columns,
    height: height - 1,
    focused,
    scope: 'timeline',
    defaultSort: 0,
    defaultDesc: true,
    onCommand: (cmd, row) => {
      if (cmd === 'timeline.kind') {
        setKind((k) => KIND_FILTERS[(KIND_FILTERS.indexOf(k) + 1) % KIND_FILTERS.length]!);
        return true;
      }
      if (cmd === 'timeline.correct') {
        const c = ensureController(store);
        const ev = row && s?.events.find((e) => e.id === row.id);
        if (!ev || ev.kind !== 'note') c.flash('select a note to correct', 'warn');
        else {
          c.correcting = { id: ev.id, text: ev.text };
          openModal(store, 'incident.note');
        }
        return true;
      }
      return false;
    },
  });
  if (!s) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text dimColor wrap="truncate">
          no incident open
        </Text>
        <Text wrap="truncate">press ! to declare one (n adds a note, u writes a status update)</Text>
      </Box>
    );
  }
  const active = s.activeDetections.size;
  const problems = slice?.problems.length ?? 0;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={active ? 'red' : undefined}>
        {`${s.events.length} events · ${active ? `✖ ${active} active detection${active === 1 ? '' : 's'}` : '● no active detection'} · showing ${kind}${problems ? ` · ▲ ${problems} journal problem${problems === 1 ? '' : 's'}` : ''}`}
      </Text>
      {list.view(width, kind === 'all' ? 'no events yet' : `no ${kind} yet (f shows another kind)`)}
    </Box>
  );
}

export const pane: PaneDef = {
  id: 'timeline',
  title: 'Timeline',
  sources: [],
  scope: 'timeline',
  list: true,
  component: TimelinePane,
};
