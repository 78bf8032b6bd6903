// The Kubernetes API simulator: a real HTTP server speaking the API that kubectl and
// @kubernetes/client-node use, over an in-memory cluster with a small controller. Used by
// tests, benchmarks, the demo and `warroom sim`.
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Cluster } from './cluster.js';
import { generate } from './generate.js';
import { writeKubeconfig } from './kubeconfig.js';
import { Rbac } from './rbac.js';
import { createServer, type ServerState, type SimRequest } from './server.js';
import { selfSignedCert } from './tls.js';
import type { PodHttpHandler } from './pod-proxy.js';
export type { PodHttpHandler, PodHttpRequest, PodHttpAnswer } from './pod-proxy.js';

export type { SimCluster, Fault, FaultRule, UsageRule, ExitLogRule } from './cluster.js';
export type { SimRequest } from './server.js';
export { kubeconfigYaml } from './kubeconfig.js';
export { podStatusCells } from './tables.js';

export interface KubeSimOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** Generate roughly this many pods (default small: 'web3-marketplace' with backend 3, frontend 2, worker 2, plus kube-system). */
  pods?: number;
  /** For big generated clusters (e.g. 5000 pods in 50 namespaces). */
  namespaces?: number;
  /** metrics.k8s.io served (default true). */
  metrics?: boolean;
  /** If set, requests need `Authorization: Bearer <token>`, else 401. */
  token?: string;
  seed?: number;
  /** Controller tick interval in ms (default 1000); simulated seconds (backoffs, progress deadlines) are ticks. */
  tickMs?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 5000 ms). */
  bookmarkMs?: number;
  /** The generated cluster was created this long ago (seconds; default 0), so AGE columns look lived-in. */
  ageSeconds?: number;
  /** Start with an empty cluster (nodes and namespaces only, no deployments). */
  empty?: boolean;
  host?: string;
  /** Serve HTTPS with a self-signed certificate (default: on when a token is set, because kubectl sends tokens only over TLS). */
  tls?: boolean;
}

export interface KubeSim {
  /** http://127.0.0.1:PORT (https:// when serving TLS) */
  url: string;
  port: number;
  /** Writes a kubeconfig (cluster with insecure-skip-tls-verify, server http://…); returns the path. */
  writeKubeconfig(path: string, opts?: { context?: string; namespace?: string; token?: string }): string;
  cluster: Cluster;
  /** Every request received. */
  requests: SimRequest[];
  /** Requests that changed state (non-dry-run create/update/patch/delete with 2xx). */
  mutations(): SimRequest[];
  /** RBAC: 403 Forbidden for that verb on that resource ('*' wildcards; 'pods/log' for a subresource). */
  deny(verb: string, resource: string, namespace?: string): void;
  allowAll(): void;
  /** Cut every open watch (and log follow) stream mid-flight. */
  dropWatches(): void;
  /** End every open watch normally (like the API server's watch timeout): clients reconnect from their last resourceVersion. */
  endWatches(): void;
  /** Forget old resourceVersions: a watch/list from an older rv gets 410 Gone (reason Expired). */
  compactHistory(): void;
  /** metrics.k8s.io disappears from discovery and answers 404 when off. */
  setMetricsAvailable(on: boolean): void;
  /** What a pod's container answers through the API server's proxy (pods/NAME:PORT/proxy/…). */
  setPodHttp(handler: PodHttpHandler | undefined): void;
  /** Open watch and log-follow streams (for leak checks). */
  openStreams(): number;
  close(): Promise<void>;
}

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export async function startKubeSim(opts: KubeSimOptions = {}): Promise<KubeSim> {
  const cluster = new Cluster(opts.seed ?? 1);
  if (opts.empty) {
    for (const ns of ['default', 'kube-system']) cluster.ensureNamespace(ns);
    for (let i = 1; i <= 3; i++) cluster.addNode(`node-${i}`);
  } else generate(cluster, { pods: opts.pods, namespaces: opts.namespaces, ageSeconds: opts.ageSeconds });
  const state: ServerState = {
    cluster,
    rbac: new Rbac(),
    token: opts.token,
    metrics: opts.metrics ?? true,
    requests: [],
    open: new Set<ServerResponse>(),
    sockets: new Set<Socket>(),
    bookmarkMs: opts.bookmarkMs ?? 5000,
  };
  const tls = opts.tls ?? opts.token !== undefined;
  const server = createServer(state, tls ? selfSignedCert() : undefined);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const timer = setInterval(() => {
    try {
      cluster.tick();
    } catch (err) {
      process.emitWarning(`kube sim tick failed: ${(err as Error).message}`);
    }
  }, opts.tickMs ?? 1000);
  timer.unref();
  let closed = false;
  return {
    url,
    port,
    cluster,
    requests: state.requests,
    writeKubeconfig: (path, o) => writeKubeconfig(path, url, { token: opts.token, ...o }),
    mutations: () =>
      state.requests.filter(
        (r) => r.verb && MUTATING.has(r.verb) && !r.dryRun && r.status >= 200 && r.status < 300,
      ),
    deny: (verb, resource, namespace) => state.rbac.deny(verb, resource, namespace),
    setPodHttp: (handler) => {
      state.podHttp = handler;
    },
    allowAll: () => state.rbac.allowAll(),
    dropWatches: () => {
      for (const res of [...state.open]) {
        res.socket?.destroy();
        res.destroy();
      }
      state.open.clear();
    },
    endWatches: () => {
      for (const res of [...state.open]) res.end();
      state.open.clear();
    },
    compactHistory: () => cluster.store.compact(),
    setMetricsAvailable: (on) => {
      state.metrics = on;
    },
    openStreams: () => state.open.size,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      for (const res of [...state.open]) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of state.sockets) s.destroy();
      });
    },
  };
}
