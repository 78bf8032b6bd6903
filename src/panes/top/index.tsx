// Top pane: `kubectl top pods` / `kubectl top nodes` with usage as a share of requests and
// limits; OOM risks first. `o` switches between pods and nodes. Without metrics-server the
// pane says so and still shows the nodes' state.
import { Box, Text } from 'ink';
import { useMemo, useRef } from 'react';
import { usePaneView } from '../../ui/pane-view.js';
import {
  METRICS_SOURCE,
  NODES_SOURCE,
  PODS_SOURCE,
  type MetricsData,
  type Node,
  type NodesData,
  type Pod,
  type PodsData,
} from '../../data/kubernetes/types.js';
import { useSource } from '../../ui/hooks.js';
import { useList, type ListOptions } from '../../ui/useList.js';
import type { Row } from '../../ui/list.js';
import { definePane, type PaneProps } from '../types.js';
import { createPodUsageRows, nodeColumns, nodeRow, podColumns, podsPerNode } from './columns.js';
import { createProjection, pickColumns } from '../pods/memo.js';

const POD_COMPACT = [1, 2, 5, 7, 8];
const NODE_COMPACT = [0, 1, 3, 5, 7];

const NO_PODS: readonly Pod[] = [];
const NO_NODES: readonly Node[] = [];

interface ViewProps extends PaneProps {
  metrics?: MetricsData;
  onToggle: () => void;
}

/** Each view's columns: all from `minWidth` columns on, else the compact pick. */
const VIEWS = {
  pods: { columns: podColumns, minWidth: 100, compact: POD_COMPACT },
  nodes: { columns: nodeColumns, minWidth: 90, compact: NODE_COMPACT },
} as const;

/** A view's list: its columns picked for the width, rows projected onto them, `o` toggles. */
function useTopList(
  view: keyof typeof VIEWS,
  rows: readonly Row[],
  p: Pick<ViewProps, 'width' | 'height' | 'focused' | 'onToggle'>,
  sort?: (picked: boolean) => Pick<ListOptions, 'defaultSort' | 'defaultDesc'>,
) {
  const { columns, minWidth, compact } = VIEWS[view];
  const layout = useMemo(
    () => pickColumns(columns, p.width, minWidth, compact),
    [columns, p.width, minWidth, compact],
  );
  const project = useMemo(() => createProjection(), []);
  const shownRows = useMemo(() => project(rows, layout.pick), [project, rows, layout]);
  return useList({
    rows: shownRows,
    columns: layout.columns,
    height: p.height - 1,
    focused: p.focused,
    scope: 'top',
    viewKey: `top:${view}`,
    ...sort?.(!!layout.pick),
    onCommand: (cmd) => (cmd === 'top.toggle' ? (p.onToggle(), true) : false),
  });
}

function PodsView({ width, height, focused, metrics, onToggle }: ViewProps) {
  // Requests and limits come from the pods; rows are rebuilt when the metrics change (every
  // poll), reading the pods as they are then: pod changes stream in far more often and do not
  // move a usage figure.
  const pods = useSource<PodsData>(PODS_SOURCE)?.data?.pods ?? NO_PODS;
  const podsRef = useRef(pods);
  podsRef.current = pods;
  const havePods = pods.length > 0;
  const usageRows = useMemo(() => createPodUsageRows(), []);
  const rows = useMemo(() => usageRows(metrics?.pods ?? [], podsRef.current), [usageRows, metrics, havePods]);
  const risky = rows.filter((r) => r.rank === 0).length;
  const list = useTopList('pods', rows, { width, height, focused, onToggle }, (picked) => ({
    defaultSort: picked ? 1 : 2,
    defaultDesc: true,
  }));
  const head = !metrics
    ? '◆ waiting for metrics…'
    : !metrics.available
      ? `▲ ${metrics.reason ?? 'metrics API not available'}`
      : `${risky ? `✖ ${risky} pods near their memory limit (OOM risk)` : '● no pod near its memory limit'} · pods by CPU · o nodes`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={!metrics?.available || risky ? (risky ? 'red' : 'yellow') : 'green'}>
        {head}
      </Text>
      {list.view(
        width,
        metrics && !metrics.available ? 'no pod metrics: metrics-server is absent' : 'no pod metrics yet',
      )}
    </Box>
  );
}

function NodesView({ width, height, focused, metrics, onToggle }: ViewProps) {
  const nodesSrc = useSource<NodesData>(NODES_SOURCE);
  const nodes = nodesSrc?.data?.nodes ?? NO_NODES;
  const pods = useSource<PodsData>(PODS_SOURCE)?.data?.pods ?? NO_PODS;
  const counts = useMemo(() => podsPerNode(pods), [pods]);
  const byName = useMemo(() => new Map((metrics?.nodes ?? []).map((m) => [m.name, m])), [metrics]);
  const rows = useMemo(
    () =>
      nodes.map((n) =>
        nodeRow(n, byName.get(n.metadata?.name ?? ''), counts.get(n.metadata?.name ?? '') ?? 0),
      ),
    [nodes, byName, counts],
  );
  const bad = rows.filter((r) => r.rank === 0).length;
  const list = useTopList('nodes', rows, { width, height, focused, onToggle });
  const metricsNote = !metrics
    ? ''
    : !metrics.available
      ? ` · ${metrics.reason ?? 'no metrics'}`
      : metrics.nodesError
        ? ` · node metrics: ${metrics.nodesError}`
        : '';
  const nodesNote = nodesSrc?.status === 'error' && nodesSrc.error ? ` · nodes: ${nodesSrc.error}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={bad ? 'red' : metricsNote || nodesNote ? 'yellow' : 'green'}>
        {`${bad ? `✖ ${bad} nodes not Ready or under pressure` : `● ${nodes.length} nodes`}${metricsNote}${nodesNote} · o pods`}
      </Text>
      {list.view(width, nodesSrc?.error ? `nodes unavailable: ${nodesSrc.error}` : 'no nodes')}
    </Box>
  );
}

function TopPane(p: PaneProps) {
  const [view, setView] = usePaneView<'pods' | 'nodes'>('top:view', 'pods');
  const metrics = useSource<MetricsData>(METRICS_SOURCE)?.data;
  const toggle = () => setView((v) => (v === 'pods' ? 'nodes' : 'pods'));
  return view === 'pods' ? (
    <PodsView {...p} metrics={metrics} onToggle={toggle} />
  ) : (
    <NodesView {...p} metrics={metrics} onToggle={toggle} />
  );
}

export const pane = definePane('top', 'Top', [METRICS_SOURCE, NODES_SOURCE], TopPane, { list: true });
