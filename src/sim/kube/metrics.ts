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

export function nodeMetrics(c: Cluster, node: any): any {
  let cpuM = 120;
  let memB = 900 * 1024 ** 2;
  for (const pod of c.store.list(KEYS.pods)) {
    if (pod.spec.nodeName !== node.metadata.name || pod.status?.phase !== 'Running') continue;
    for (const u of c.usage(pod)) {
      cpuM += u.cpuMillis;
      memB += u.memoryBytes;
    }
  }
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
    usage: { cpu: cpu(cpuM), memory: mem(memB) },
  };
}
