// The Kubernetes sources: each one is one or more watch caches (per namespace in scope)
// merged into one snapshot, published through the source context. A source's title state
// follows its primary caches: error while any of them fails (data kept, shown with its
// age), connecting until all are listed, live otherwise, with a heartbeat while live so that
// a quiet but healthy watch is not mistaken for stale data. Secondary caches (ReplicaSets for
// rollout history) report their errors inside the data, so the pane still shows the rest.
// Metrics cannot be watched: metrics.k8s.io is polled.
import { pollSource, type Source, type SourceContext } from '../source.js';
import { KubeApiError, type KubeHttp } from './client.js';
import { DEFAULT_TUNING, WatchCache, type CacheTuning, type ResourceRef } from './cache.js';
import { cpuMilli, quantity } from './status.js';
import {
  DEPLOYMENTS_SOURCE,
  EVENTS_SOURCE,
  METRICS_SOURCE,
  NODES_SOURCE,
  PODS_SOURCE,
  ts,
  type DeploymentsData,
  type EventsData,
  type KubeEvent,
  type MetricsData,
  type NodeMetric,
  type NodesData,
  type PodMetric,
  type PodsData,
} from './types.js';
import { errorText } from '../../util/redact.js';
import { ingressSource } from './ingress.js';

export interface KubeScope {
  /** Namespaces in scope, or undefined for all. */
  namespaces?: string[];
}

export interface KubeSourceOptions {
  tuning: CacheTuning;
  /** While live, the snapshot is re-published this often (keeps its age fresh). */
  heartbeatMs: number;
  /** Changes are coalesced for this long before publishing. */
  publishMs: number;
  metricsIntervalMs: number;
  metricsTimeoutMs: number;
  /** Events kept (newest by last timestamp). */
  maxEvents: number;
}

export const DEFAULT_OPTIONS: KubeSourceOptions = {
  tuning: DEFAULT_TUNING,
  heartbeatMs: 5000,
  publishMs: 500,
  metricsIntervalMs: 15_000,
  metricsTimeoutMs: 10_000,
  maxEvents: 10_000,
};

export interface PartSpec {
  name: string;
  ref: Omit<ResourceRef, 'namespace'>;
  clusterScoped?: boolean;
  primary: boolean;
  maxItems?: number;
  ageOf?: (o: never) => number;
}

export interface PartView {
  items: unknown[];
  error?: string;
  synced: boolean;
}

export interface WatchSource extends Source {
  /** The caches (for tests and the benchmark). */
  caches(): WatchCache[];
}

export function watchSource<D>(
  id: string,
  http: KubeHttp,
  scope: KubeScope,
  specs: PartSpec[],
  opts: KubeSourceOptions,
  build: (parts: Record<string, PartView>) => D,
): WatchSource {
  let all: { spec: PartSpec; caches: WatchCache[] }[] = [];
  let publishTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastKey = '';
  let lastData: D | undefined;
  let lastError: Error | undefined;
  let ctxRef: SourceContext | undefined;
  /** Whether a snapshot has been published: until then nothing waits for `publishMs`. */
  let shown = false;

  const snapshot = (): D => {
    const key = all.map((p) => p.caches.map((c) => `${c.version}:${c.status}`).join(',')).join('|');
    if (key === lastKey && lastData !== undefined) return lastData;
    const parts: Record<string, PartView> = {};
    for (const p of all) {
      const items: unknown[] = [];
      let error: string | undefined;
      for (const c of p.caches) {
        for (const o of c.items.values()) items.push(o);
        if (c.status === 'error' && c.error && !error) error = errorText(c.error);
      }
      parts[p.spec.name] = { items, error, synced: p.caches.every((c) => c.synced) };
    }
    lastKey = key;
    lastData = build(parts);
    return lastData;
  };

  const publish = () => {
    publishTimer = undefined;
    const ctx = ctxRef;
    if (!ctx || ctx.signal.aborted) return;
    const primaries = all.filter((p) => p.spec.primary).flatMap((p) => p.caches);
    const failed = primaries.find((c) => c.status === 'error');
    if (failed) {
      if (failed.error !== lastError) {
        lastError = failed.error;
        ctx.fail(failed.error);
      }
      return;
    }
    lastError = undefined;
    if (!primaries.every((c) => c.synced)) {
      ctx.connecting();
      return;
    }
    ctx.ok(snapshot());
    shown = true;
  };
  const schedule = () => {
    if (publishTimer) return;
    // The first snapshot goes out as soon as the lists are in (the pane is waiting for it);
    // later changes are coalesced.
    publishTimer = setTimeout(publish, shown ? opts.publishMs : 0);
    publishTimer.unref?.();
  };

  return {
    id,
    caches: () => all.flatMap((p) => p.caches),
    start(ctx) {
      ctxRef = ctx;
      all = specs.map((spec) => {
        const nss = spec.clusterScoped || !scope.namespaces?.length ? [undefined] : scope.namespaces;
        const tuning = spec.maxItems ? { ...opts.tuning, maxItems: spec.maxItems } : opts.tuning;
        return {
          spec,
          caches: nss.map(
            (namespace) =>
              new WatchCache(
                http,
                { ...spec.ref, namespace },
                tuning,
                { onChange: schedule, onStatus: schedule },
                spec.ageOf as ((o: unknown) => number) | undefined,
              ),
          ),
        };
      });
      for (const p of all) for (const c of p.caches) c.start(ctx.signal);
      heartbeat = setInterval(() => {
        const prim = all.filter((p) => p.spec.primary).flatMap((p) => p.caches);
        if (prim.every((c) => c.synced && c.status === 'live')) ctx.ok(snapshot());
      }, opts.heartbeatMs);
      heartbeat.unref?.();
    },
    async stop() {
      if (publishTimer) clearTimeout(publishTimer);
      if (heartbeat) clearInterval(heartbeat);
      await Promise.all(all.flatMap((p) => p.caches.map((c) => c.stopped())));
    },
  };
}

const eventTime = (e: KubeEvent): number =>
  ts(e.lastTimestamp) ?? ts(e.eventTime as unknown as string) ?? ts(e.metadata?.creationTimestamp) ?? 0;

export function kubeSources(
  http: KubeHttp,
  scope: KubeScope,
  opts: KubeSourceOptions = DEFAULT_OPTIONS,
): { watches: WatchSource[]; metrics: Source } {
  const namespaces = scope.namespaces?.length ? scope.namespaces : undefined;
  const pods = watchSource<PodsData>(
    PODS_SOURCE,
    http,
    scope,
    [{ name: 'pods', ref: { resource: 'pods', group: '', version: 'v1' }, primary: true }],
    opts,
    (p) => ({ pods: p.pods!.items as PodsData['pods'], namespaces }),
  );
  const nodes = watchSource<NodesData>(
    NODES_SOURCE,
    http,
    scope,
    [
      {
        name: 'nodes',
        ref: { resource: 'nodes', group: '', version: 'v1' },
        clusterScoped: true,
        primary: true,
      },
    ],
    opts,
    (p) => ({ nodes: p.nodes!.items as NodesData['nodes'] }),
  );
  const deployments = watchSource<DeploymentsData>(
    DEPLOYMENTS_SOURCE,
    http,
    scope,
    [
      { name: 'deployments', ref: { resource: 'deployments', group: 'apps', version: 'v1' }, primary: true },
      { name: 'replicasets', ref: { resource: 'replicasets', group: 'apps', version: 'v1' }, primary: false },
      { name: 'configmaps', ref: { resource: 'configmaps', group: '', version: 'v1' }, primary: false },
    ],
    opts,
    (p) => ({
      deployments: p.deployments!.items as DeploymentsData['deployments'],
      replicaSets: p.replicasets!.items as DeploymentsData['replicaSets'],
      replicaSetsError: p.replicasets!.error,
      configMaps: p.configmaps!.items as DeploymentsData['configMaps'],
      configMapsError: p.configmaps!.error,
      namespaces,
    }),
  );
  const events = watchSource<EventsData>(
    EVENTS_SOURCE,
    http,
    scope,
    [
      {
        name: 'events',
        ref: { resource: 'events', group: '', version: 'v1' },
        primary: true,
        maxItems: opts.maxEvents,
        ageOf: eventTime as (o: never) => number,
      },
    ],
    opts,
    (p) => ({ events: p.events!.items as EventsData['events'], namespaces }),
  );
  const ingresses = ingressSource(http, scope, opts);
  return {
    watches: [pods, nodes, deployments, events, ingresses],
    metrics: metricsSource(http, scope, opts),
  };
}

interface MetricsList<T> {
  items?: T[];
}
interface RawPodMetric {
  metadata?: { name?: string; namespace?: string };
  containers?: { name?: string; usage?: { cpu?: string; memory?: string } }[];
}
interface RawNodeMetric {
  metadata?: { name?: string };
  usage?: { cpu?: string; memory?: string };
}

const METRICS = '/apis/metrics.k8s.io/v1beta1';

export function metricsSource(http: KubeHttp, scope: KubeScope, opts: KubeSourceOptions): Source {
  const namespaces = scope.namespaces?.length ? scope.namespaces : [undefined];
  return pollSource<MetricsData>({
    id: METRICS_SOURCE,
    intervalMs: opts.metricsIntervalMs,
    timeoutMs: opts.metricsTimeoutMs,
    async fetch(signal) {
      const pods: PodMetric[] = [];
      try {
        for (const ns of namespaces) {
          const list = await http.getJson<MetricsList<RawPodMetric>>(
            `${METRICS}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/pods`,
            {},
            { verb: 'list', resource: 'pods.metrics.k8s.io', namespace: ns },
            signal,
          );
          for (const m of list.items ?? []) {
            const containers = (m.containers ?? []).map((c) => ({
              name: c.name ?? '',
              cpuM: cpuMilli(c.usage?.cpu) ?? 0,
              memB: quantity(c.usage?.memory) ?? 0,
            }));
            pods.push({
              namespace: m.metadata?.namespace ?? '',
              name: m.metadata?.name ?? '',
              containers,
              cpuM: containers.reduce((a, c) => a + c.cpuM, 0),
              memB: containers.reduce((a, c) => a + c.memB, 0),
            });
          }
        }
      } catch (err) {
        if (err instanceof KubeApiError && (err.status === 404 || err.status === 503)) {
          return {
            available: false,
            reason:
              err.status === 404
                ? 'metrics API (metrics.k8s.io) not available: metrics-server is not installed'
                : 'metrics API (metrics.k8s.io) is registered but not answering (503): metrics-server down?',
            pods: [],
            nodes: [],
            at: Date.now(),
          };
        }
        throw err;
      }
      let nodes: NodeMetric[] = [];
      let nodesError: string | undefined;
      try {
        const list = await http.getJson<MetricsList<RawNodeMetric>>(
          `${METRICS}/nodes`,
          {},
          { verb: 'list', resource: 'nodes.metrics.k8s.io' },
          signal,
        );
        nodes = (list.items ?? []).map((n) => ({
          name: n.metadata?.name ?? '',
          cpuM: cpuMilli(n.usage?.cpu) ?? 0,
          memB: quantity(n.usage?.memory) ?? 0,
        }));
      } catch (err) {
        if (signal.aborted) throw err;
        nodesError = errorText(err);
      }
      return { available: true, pods, nodes, nodesError, at: Date.now() };
    },
  });
}
