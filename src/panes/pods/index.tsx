// Pods pane: `kubectl get pods -A | grep -v Running`, live from a watch. Failing pods first,
// then the rest; `/` filters, `s` sorts, Enter describes the selected pod (Esc back).
import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  EVENTS_SOURCE,
  METRICS_SOURCE,
  PODS_SOURCE,
  type EventsData,
  type MetricsData,
  type Pod,
  type PodsData,
} from '../../data/kubernetes/types.js';
import { setSelection } from '../../store/selection.js';
import { useNow, useSlice, useSource, useStoreApi } from '../../ui/hooks.js';
import { commandFor } from '../../ui/keymap.js';
import { useKeys } from '../../ui/keys.js';
import { toneColor } from '../../ui/tone.js';
import { useList } from '../../ui/useList.js';
import type { PaneDef, PaneProps } from '../types.js';
import { columns, podTotals, rowStamp, toRow } from './columns.js';
import { describePod } from './detail.js';
import { createProjection, createRowMemo, pickColumns } from './memo.js';
import { closePodDetail, openPodDetail, POD_DETAIL, type PodDetailRef } from './open.js';
import { SafeText } from '../../ui/SafeText.js';

export { openPodDetail, closePodDetail, POD_DETAIL, type PodDetailRef } from './open.js';

const EMPTY: readonly Pod[] = [];
const COMPACT = [1, 2, 3, 4, 5];

function PodDetail({
  width,
  height,
  focused,
  target,
  pods,
}: PaneProps & { target: PodDetailRef; pods: readonly Pod[] }) {
  const store = useStoreApi();
  const now = useNow();
  const events = useSource<EventsData>(EVENTS_SOURCE)?.data?.events;
  const metrics = useSource<MetricsData>(METRICS_SOURCE)?.data;
  const [top, setTop] = useState(0);
  const last = useRef<Pod | undefined>(undefined);
  const live = useMemo(
    () => pods.find((p) => p.metadata?.namespace === target.namespace && p.metadata?.name === target.name),
    [pods, target],
  );
  if (live) last.current = live;
  const pod = live ?? last.current;
  const metric = useMemo(
    () => metrics?.pods.find((m) => m.namespace === target.namespace && m.name === target.name),
    [metrics, target],
  );
  const lines = useMemo(
    () => (pod ? describePod(pod, events ?? [], metric, now) : []),
    [pod, events, metric, now],
  );
  const bodyH = Math.max(0, height - 1);
  const maxTop = Math.max(0, lines.length - bodyH);
  const start = Math.min(top, maxTop);
  useKeys(
    'pane',
    (ev) => {
      if (commandFor('global', ev.name) === 'app.back') {
        closePodDetail(store);
        return true;
      }
      const scroll = (to: number) => setTop(Math.max(0, Math.min(maxTop, to)));
      switch (commandFor('list', ev.name)) {
        case 'list.down':
          scroll(start + 1);
          return true;
        case 'list.up':
          scroll(start - 1);
          return true;
        case 'list.pageDown':
          scroll(start + bodyH);
          return true;
        case 'list.pageUp':
          scroll(start - bodyH);
          return true;
        case 'list.top':
          scroll(0);
          return true;
        case 'list.bottom':
          scroll(maxTop);
          return true;
      }
      return false;
    },
    focused,
  );
  const gone = !live;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <SafeText color={gone ? 'red' : 'cyan'}>
        {gone
          ? `✖ pod ${target.namespace}/${target.name} no longer exists${pod ? ' (last known state below)' : ''} · Esc back`
          : `describe pod · j/k scroll · Esc back${lines.length > bodyH ? ` · ${start + 1}-${Math.min(lines.length, start + bodyH)} of ${lines.length}` : ''}`}
      </SafeText>
      {lines.slice(start, start + bodyH).map((l, i) => (
        <SafeText key={i} bold={l.bold} color={toneColor[l.tone ?? 'none']}>
          {l.text || ' '}
        </SafeText>
      ))}
    </Box>
  );
}

function PodsPane({ width, height, focused }: PaneProps) {
  const store = useStoreApi();
  const src = useSource<PodsData>(PODS_SOURCE);
  const detail = useSlice(POD_DETAIL);
  const now = useNow();
  const pods = src?.data?.pods ?? EMPTY;
  const memo = useMemo(() => createRowMemo(toRow, rowStamp), []);
  // With thousands of pods, ages in rows move every 5 s rather than every second: young pods'
  // rows would otherwise all be rebuilt each second.
  const tick = pods.length > 1000 ? 5000 : 1000;
  const rowNow = Math.floor(now / tick) * tick;
  const allRows = useMemo(() => memo(pods, rowNow), [memo, pods, rowNow]);
  // Narrow panes drop NAMESPACE and NODE rather than squeezing every column.
  const layout = useMemo(() => pickColumns(columns, width, 110, COMPACT), [width]);
  const project = useMemo(() => createProjection(), []);
  const rows = useMemo(() => project(allRows, layout.pick), [project, allRows, layout]);
  const totals = useMemo(() => podTotals(pods), [pods]);
  const list = useList({
    rows,
    columns: layout.columns,
    height: height - 1,
    focused: focused && !detail,
    scope: 'pods',
    onCommand: (cmd, row) => {
      if (cmd !== 'pods.describe' || !row) return false;
      const [ns, ...rest] = row.id.split('/');
      openPodDetail(store, ns ?? '', rest.join('/'));
      return true;
    },
  });
  // While a pod is described, it is the pane's selection (what action keys act on), whichever
  // row the list had selected (the detail may have been opened from another pane).
  const listSel = list.selectedRow?.id;
  const detailId = detail ? `${detail.namespace}/${detail.name}` : undefined;
  useEffect(() => {
    setSelection(store, 'pods', detailId ?? listSel);
  }, [store, detailId, listSel]);
  if (detail) {
    return <PodDetail width={width} height={height} focused={focused} target={detail} pods={pods} />;
  }
  const scope = src?.data?.namespaces ? ` in ${src.data.namespaces.join(', ')}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={totals.failing ? 'red' : 'green'}>
        {`${totals.failing ? '✖' : '●'} ${totals.total} pods · ${totals.failing} failing${scope}`}
      </Text>
      {list.view(width, 'no pods in scope')}
    </Box>
  );
}

export const pane: PaneDef = {
  id: 'pods',
  title: 'Pods',
  sources: [PODS_SOURCE],
  scope: 'pods',
  list: true,
  component: PodsPane,
};
