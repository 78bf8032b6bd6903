// Snapshot types of the Kubernetes sources. Objects are the API server's JSON as received
// (lists and watch events alike), typed with @kubernetes/client-node's models; timestamps in
// them are RFC 3339 strings at run time even where the model says Date: read them with ts().
import type {
  CoreV1Event,
  V1ConfigMap,
  V1Deployment,
  V1Node,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';

export type Pod = V1Pod;
export type Node = V1Node;
export type Deployment = V1Deployment;
export type ReplicaSet = V1ReplicaSet;
export type KubeEvent = CoreV1Event;
export type ConfigMap = V1ConfigMap;

export const PODS_SOURCE = 'k8s.pods';
export const NODES_SOURCE = 'k8s.nodes';
export const DEPLOYMENTS_SOURCE = 'k8s.deployments';
export const EVENTS_SOURCE = 'k8s.events';
export const METRICS_SOURCE = 'k8s.metrics';
export const INGRESS_SOURCE = 'k8s.ingresses';

/** What every watched snapshot carries besides its objects. */
export interface ScopeInfo {
  /** The namespaces watched, or undefined for all namespaces. */
  namespaces?: string[];
}

export interface PodsData extends ScopeInfo {
  pods: readonly Pod[];
}
export interface NodesData {
  nodes: readonly Node[];
}
export interface DeploymentsData extends ScopeInfo {
  deployments: readonly Deployment[];
  replicaSets: readonly ReplicaSet[];
  /** Why the ReplicaSets (rollout history) are missing, e.g. list denied; the rest still works. */
  replicaSetsError?: string;
  /** The ConfigMaps (for "what changed": who edited which keys, from their managedFields). */
  configMaps?: readonly ConfigMap[];
  configMapsError?: string;
}
export interface EventsData extends ScopeInfo {
  /** Every event type (the pod detail shows Normal ones too); the Events pane keeps Warnings. */
  events: readonly KubeEvent[];
}

export interface ContainerUsage {
  name: string;
  /** CPU in millicores. */
  cpuM: number;
  /** Memory in bytes. */
  memB: number;
}
export interface PodMetric {
  namespace: string;
  name: string;
  containers: ContainerUsage[];
  cpuM: number;
  memB: number;
}
export interface NodeMetric {
  name: string;
  cpuM: number;
  memB: number;
}
export interface MetricsData {
  /** False when metrics.k8s.io is not served (no metrics-server): `reason` says so. */
  available: boolean;
  reason?: string;
  pods: readonly PodMetric[];
  nodes: readonly NodeMetric[];
  /** Why node metrics are missing while pod metrics work (e.g. denied). */
  nodesError?: string;
  /** When the metrics were read (epoch ms). */
  at: number;
}

/** Epoch ms of a Kubernetes timestamp (string from JSON, or Date from the client's models). */
export function ts(v: Date | string | undefined | null): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The row id of a namespaced object: 'namespace/name'. */
export function keyOf(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
