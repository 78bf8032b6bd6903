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
import { useList } from '../../ui/useList.js';
import type { PaneDef, PaneProps } from '../types.js';
import { nodeColumns, nodeRow, podColumns, podsPerNode, podUsageRow } from './columns.js';
import { createProjection, pickColumns } from '../pods/memo.js';

const POD_COMPACT = [1, 2, 5, 7, 8];
const NODE_COMPACT = [0, 1, 3, 5, 7];

const NO_PODS: readonly Pod[] = [];
const NO_NODES: readonly Node[] = [];

interface ViewProps extends PaneProps {
  metrics?: MetricsData;
  onToggle: () => void;
}

function PodsView({ width, height, focused, metrics, onToggle }: ViewProps) {
  // Requests and limits come from the pods; rows are rebuilt when the metrics change (every
  // poll), reading the pods as they are then: pod changes stream in far more often and do not
  // move a usage figure.
  const pods = useSource<PodsData>(PODS_SOURCE)?.data?.pods ?? NO_PODS;
  const podsRef = useRef(pods);
  podsRef.current = pods;
  const havePods = pods.length > 0;
  const rows = useMemo(() => {
    const byKey = new Map(podsRef.current.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
    return (metrics?.pods ?? []).map((m) => podUsageRow(m, byKey.get(`${m.namespace}/${m.name}`)));
  }, [metrics, havePods]);
  const risky = rows.filter((r) => r.rank === 0).length;
  const layout = useMemo(() => pickColumns(podColumns, width, 100, POD_COMPACT), [width]);
  const project = useMemo(() => createProjection(), []);
  const shownRows = useMemo(() => project(rows, layout.pick), [project, rows, layout]);
  const list = useList({
    rows: shownRows,
    columns: layout.columns,
    height: height - 1,
    focused,
    scope: 'top',
    viewKey: 'top:pods',
    defaultSort: layout.pick ? 1 : 2,
    defaultDesc: true,
    onCommand: (cmd) => (cmd === 'top.toggle' ? (onToggle(), true) : false),
  });
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
  const layout = useMemo(() => pickColumns(nodeColumns, width, 90, NODE_COMPACT), [width]);
  const project = useMemo(() => createProjection(), []);
  const shownRows = useMemo(() => project(rows, layout.pick), [project, rows, layout]);
  const list = useList({
    rows: shownRows,
    columns: layout.columns,
    height: height - 1,
    focused,
    scope: 'top',
    viewKey: 'top:nodes',
    onCommand: (cmd) => (cmd === 'top.toggle' ? (onToggle(), true) : false),
  });
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

export const pane: PaneDef = {
  id: 'top',
  title: 'Top',
  sources: [METRICS_SOURCE, NODES_SOURCE],
  scope: 'top',
  list: true,
  component: TopPane,
};
