// metrics.k8s.io/v1beta1: PodMetrics and NodeMetrics from the cluster's usage model.
import type { Cluster } from './cluster.js';
import { KEYS } from './objects.js';
import { isoSeconds } from './util.js';

function cpu(m: number): string {
  return `${Math.round(m * 1e6)}n`;
}

function mem(b: number): string {
  return `${Math.round(b / 1024)}Ki`;
}

export function podMetrics(c: Cluster, pod: any): any | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: isoSeconds(),
      labels: pod.metadata.labels ?? {},
    },
    timestamp: isoSeconds(Date.now() - 5000),
    window: '15.015s',
    containers: c
      .usage(pod)
      .map((u) => ({ name: u.name, usage: { cpu: cpu(u.cpuMillis), memory: mem(u.memoryBytes) } })),
  };
}

/** Each node's summed usage: its base plus its Running pods', in one walk over the pods. */
function nodeUsage(c: Cluster): Map<string, { cpuM: number; memB: number }> {
  const byNode = new Map<string, { cpuM: number; memB: number }>();
  for (const pod of c.store.list(KEYS.pods)) {
    if (!pod.spec.nodeName || pod.status?.phase !== 'Running') continue;
    let u = byNode.get(pod.spec.nodeName);
    if (!u) byNode.set(pod.spec.nodeName, (u = { cpuM: 0, memB: 0 }));
    for (const x of c.usage(pod)) {
      u.cpuM += x.cpuMillis;
      u.memB += x.memoryBytes;
    }
  }
  return byNode;
}

/** NodeMetrics for `nodes` (one walk over the pods for all of them). */
export function nodeMetrics(c: Cluster, nodes: readonly any[]): any[] {
  const usage = nodeUsage(c);
  return nodes.map((node) => {
    const u = usage.get(node.metadata.name);
    return {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: node.metadata.name,
        creationTimestamp: isoSeconds(),
        labels: node.metadata.labels ?? {},
      },
      timestamp: isoSeconds(Date.now() - 5000),
      window: '20.05s',
      usage: { cpu: cpu(120 + (u?.cpuM ?? 0)), memory: mem(900 * 1024 ** 2 + (u?.memB ?? 0)) },
    };
  });
}
