// Top rows: pods and nodes by CPU and memory (metrics.k8s.io), with usage as a share of
// requests and limits (pods) or of allocatable (nodes). Memory at 90% of its limit or more is
// flagged as an OOM risk and ranked first. Nodes also show Ready, pressure conditions,
// cordoned and their pod count (from the pods and nodes watches).
import {
  cpuMilli,
  formatCpu,
  nodeState,
  podResources,
  quantity,
  type PodResources,
} from '../../data/kubernetes/status.js';
import type { Node, NodeMetric, Pod, PodMetric } from '../../data/kubernetes/types.js';
import type { Column, Row } from '../../ui/list.js';
import { bytes, pct } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export const OOM_RISK = 0.9;

export const podColumns: Column[] = [
  { header: 'NAMESPACE', width: 14 },
  { header: 'POD', width: 0, min: 12, middle: true },
  { header: 'CPU', width: 6, align: 'right' },
  { header: '%REQ', width: 5, align: 'right' },
  { header: '%LIM', width: 5, align: 'right' },
  { header: 'MEMORY', width: 8, align: 'right' },
  { header: '%REQ', width: 5, align: 'right' },
  { header: '%LIM', width: 5, align: 'right' },
  { header: 'FLAG', width: 10 },
];

export function podUsageRow(
  m: PodMetric,
  pod: Pod | undefined,
  r: PodResources = pod ? podResources(pod) : {},
): Row {
  const memShare = r.memLimB ? m.memB / r.memLimB : 0;
  const risk = memShare >= OOM_RISK;
  return {
    id: `${m.namespace}/${m.name}`,
    tone: risk ? 'bad' : undefined,
    rank: risk ? 0 : 1,
    cells: [
      sanitize(m.namespace, 253),
      sanitize(m.name, 253),
      formatCpu(m.cpuM),
      pct(m.cpuM, r.cpuReqM ?? 0),
      pct(m.cpuM, r.cpuLimM ?? 0),
      bytes(m.memB),
      pct(m.memB, r.memReqB ?? 0),
      pct(m.memB, r.memLimB ?? 0),
      risk ? '▲ OOM risk' : '',
    ],
    sort: [
      m.namespace,
      m.name,
      m.cpuM,
      r.cpuReqM ? m.cpuM / r.cpuReqM : -1,
      r.cpuLimM ? m.cpuM / r.cpuLimM : -1,
      m.memB,
      r.memReqB ? m.memB / r.memReqB : -1,
      memShare || -1,
      risk ? 1 : 0,
    ],
  };
}

/** A pod's row as the poll before left it. */
interface Kept {
  m: PodMetric;
  pod: Pod | undefined;
  res: PodResources;
  row: Row;
}

/**
 * podUsageRow over every poll's metrics, keeping a pod's requests and limits while its pod object
 * is the one of the poll before (pod objects are replaced when they change), and its row too
 * while its usage figures are also the same. Holds the last poll's rows only.
 */
export function createPodUsageRows(): (metrics: readonly PodMetric[], pods: readonly Pod[]) => Row[] {
  let kept = new Map<string, Kept>();
  return (metrics, pods) => {
    const byKey = new Map<string, Pod>();
    for (const p of pods) byKey.set(`${p.metadata?.namespace}/${p.metadata?.name}`, p);
    const next = new Map<string, Kept>();
    const rows = metrics.map((m) => {
      const id = `${m.namespace}/${m.name}`;
      const pod = byKey.get(id);
      const was = kept.get(id);
      const same = was !== undefined && was.pod === pod ? was : undefined;
      const res = same ? same.res : pod ? podResources(pod) : {};
      const row =
        same && same.m.cpuM === m.cpuM && same.m.memB === m.memB ? same.row : podUsageRow(m, pod, res);
      next.set(id, { m, pod, res, row });
      return row;
    });
    kept = next;
    return rows;
  };
}

export const nodeColumns: Column[] = [
  { header: 'NODE', width: 0, min: 12 },
  { header: 'STATUS', width: 14 },
  { header: 'PRESSURE', width: 14 },
  { header: 'PODS', width: 8, align: 'right' },
  { header: 'CPU', width: 6, align: 'right' },
  { header: 'CPU%', width: 5, align: 'right' },
  { header: 'MEMORY', width: 8, align: 'right' },
  { header: 'MEM%', width: 5, align: 'right' },
];

export function nodeRow(n: Node, metric: NodeMetric | undefined, pods: number): Row {
  const st = nodeState(n);
  const allocCpu = cpuMilli(n.status?.allocatable?.cpu);
  const allocMem = quantity(n.status?.allocatable?.memory);
  const maxPods = quantity(n.status?.allocatable?.pods);
  const bad = st.ready === false || st.ready === undefined || st.pressures.length > 0;
  const memShare = metric && allocMem ? metric.memB / allocMem : 0;
  return {
    id: n.metadata?.name ?? '',
    tone: bad ? 'bad' : st.cordoned ? 'warn' : undefined,
    rank: bad ? 0 : st.cordoned ? 1 : 2,
    cells: [
      sanitize(n.metadata?.name ?? '', 253),
      st.text.replace('SchedulingDisabled', 'Cordoned'),
      st.pressures.length ? st.pressures.map((p) => p.replace('Pressure', '')).join(',') : '—',
      maxPods ? `${pods}/${maxPods}` : String(pods),
      metric ? formatCpu(metric.cpuM) : '—',
      metric ? pct(metric.cpuM, allocCpu ?? 0) : '—',
      metric ? bytes(metric.memB) : '—',
      metric ? pct(metric.memB, allocMem ?? 0) : '—',
    ],
    sort: [
      n.metadata?.name ?? '',
      st.text,
      st.pressures.length,
      pods,
      metric?.cpuM ?? -1,
      metric && allocCpu ? metric.cpuM / allocCpu : -1,
      metric?.memB ?? -1,
      memShare || -1,
    ],
  };
}

/** Pods per node (pods that are not finished). */
export function podsPerNode(pods: readonly Pod[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    const phase = p.status?.phase;
    if (!node || phase === 'Succeeded' || phase === 'Failed') continue;
    m.set(node, (m.get(node) ?? 0) + 1);
  }
  return m;
}
