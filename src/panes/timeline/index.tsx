// Timeline pane: the incident's journal as it is written — declared, severity/role/phase
// changes, notes, actions with their outcome and measured effect (under the action), detections,
// escalation reminders, cluster changes; status updates, resolution. Newest
// first; `f` shows one kind only; `c` corrects the selected note by appending a correction; `w`
// switches to "what changed" (live cluster rollouts beside error groups, detections, actions).
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { usePaneView } from '../../ui/pane-view.js';
import { INCIDENT } from '../../incident/controller.js';
import { ensureController, openModal } from '../../ui/incident/common.js';
import { useSlice, useSource, useStoreApi } from '../../ui/hooks.js';
import { clusterChanges } from '../../incident/changes.js';
import { REPLAY } from '../../incident/recording/player.js';
import { DEPLOYMENTS_SOURCE, type DeploymentsData } from '../../data/kubernetes/types.js';
import { LOGS_K8S, type LogsSnapshot } from '../../data/logs/types.js';
import { useList } from '../../ui/useList.js';
import { definePane, type PaneProps } from '../types.js';
import { changeRows, columns, KIND_FILTERS, timelineRows, type KindFilter } from './columns.js';

function TimelinePane({ width, height, focused }: PaneProps) {
  const store = useStoreApi();
  const slice = useSlice(INCIDENT);
  const s = slice?.state;
  const naming = slice?.naming ?? 'SEV';
  const [kind, setKind] = usePaneView<KindFilter>('timeline:kind', 'all');
  const [changes, setChanges] = usePaneView<boolean>('timeline:changes', false);
  const deps = useSource<DeploymentsData>(DEPLOYMENTS_SOURCE)?.data;
  const logs = useSource<LogsSnapshot>(LOGS_K8S)?.data;
  // In a replay: a cursor row at the moment the panes show.
  const cursor = useSlice(REPLAY)?.t;
  const rows = useMemo(() => {
    if (!s) return [];
    if (!changes) return timelineRows(s, kind, naming, cursor);
    return changeRows(s, deps ? clusterChanges(deps) : [], logs?.view.groups(20) ?? []);
  }, [s, kind, naming, changes, deps, logs, cursor]);
  const list = useList({
    rows,
    columns,
    height: height - 1,
    focused,
    scope: 'timeline',
    defaultSort: 0,
    defaultDesc: true,
    onCommand: (cmd, row) => {
      if (cmd === 'timeline.changes') {
        setChanges((c) => !c);
        return true;
      }
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
        {`${s.events.length} events · ${active ? `✖ ${active} active detection${active === 1 ? '' : 's'}` : '● no active detection'} · showing ${changes ? 'what changed (w: the journal)' : kind}${problems ? ` · ▲ ${problems} journal problem${problems === 1 ? '' : 's'}` : ''}`}
      </Text>
      {list.view(
        width,
        changes
          ? 'no changes seen yet'
          : kind === 'all'
            ? 'no events yet'
            : `no ${kind} yet (f shows another kind)`,
      )}
    </Box>
  );
}

export const pane = definePane('timeline', 'Timeline', [], TimelinePane, { list: true });
