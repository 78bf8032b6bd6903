// The drill's log lines: the marketplace's everyday lines (JSON from the Node backend, plain
// text from the worker, access logs from the frontend and the ingress), and the feeds that put
// them, and a scenario's own lines, into the pods' logs and the CloudWatch log groups.
import type { CloudWatchSim } from '../sim/cloudwatch/index.js';
import type { KubeSim } from '../sim/kube/index.js';
import { errorText } from '../util/redact.js';
import { log } from '../util/log.js';
import { INGRESS_NAMESPACE } from '../sim/kube/ingress-nginx.js';

export type PodLogs = (pod: any, container: string, now: Date) => string[];

const rand = (r: () => number, xs: readonly string[]) => xs[Math.floor(r() * xs.length)]!;
const PATHS = ['/api/orders', '/api/listings', '/api/cart', '/api/checkout', '/api/users/me', '/v2/products'];

function accessLine(r: () => number, ts: string, path: string, ms: number): string {
  const status = r() < 0.97 ? 200 : 404;
  return `10.244.${Math.floor(r() * 3)}.${Math.floor(r() * 250)} - - [${ts}] "GET ${path} HTTP/1.1" ${status} ${Math.floor(r() * 9000)} "-" "Mozilla/5.0" ${(ms / 1000).toFixed(3)}`;
}

/** Everyday lines of the marketplace's services: JSON from backend, plain from worker, access logs from frontend. */
export function baseLines(pod: any, container: string, now: Date, r: () => number = Math.random): string[] {
  if (r() < 0.35) return [];
  const ts = now.toISOString();
  const ms = Math.floor(r() * 140) + 3;
  const path = rand(r, PATHS);
  if (container === 'frontend') return [accessLine(r, ts, path, ms)];
  if (container === 'worker') {
    const x = r();
    if (x < 0.9) return [`${ts} INFO  [worker] settled order ${Math.floor(r() * 1e6)} in ${ms}ms`];
    return [`${ts} WARN  [worker] retrying payment webhook for order ${Math.floor(r() * 1e6)} (attempt 2)`];
  }
  const x = r();
  if (x < 0.92)
    return [
      JSON.stringify({
        level: 'info',
        ts,
        msg: 'request completed',
        method: r() < 0.8 ? 'GET' : 'POST',
        path,
        status: 200,
        duration_ms: ms,
        pod: pod?.metadata?.name,
      }),
    ];
  return [JSON.stringify({ level: 'warn', ts, msg: 'slow query', table: 'orders', duration_ms: ms * 12 })];
}

/** The ingress controller's access log: a few requests a second to the marketplace. */
function ingressLines(now: Date, r: () => number = Math.random): string[] {
  const ts = now.toISOString();
  return Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
    accessLine(r, ts, rand(r, PATHS), Math.floor(r() * 140) + 3),
  );
}

export interface LogFeeds {
  namespace: string;
  /** The application log group (one stream per pod) and the ingress group. */
  group: string;
  ingressGroup: string;
  /** A scenario's lines for a running container (pumped at scenario speed). */
  scenarioLines: PodLogs;
  every(ms: number, fn: () => void): () => void;
}

/**
 * Everyday lines come from the simulator's lazy generator (one batch per real second); a
 * scenario's lines are pumped in at scenario speed, so that even a container that lives for a
 * fraction of a second at WARROOM_DEMO_SPEED=10 says why it dies. CloudWatch gets the same
 * lines, one stream per pod, plus the ingress group. Returns the stop.
 */
export function startLogFeeds(kube: KubeSim, cw: CloudWatchSim, o: LogFeeds): () => void {
  const running = (pod: any) => !pod.metadata.deletionTimestamp && pod.status?.phase === 'Running';
  const containerOf = (pod: any): string => pod.spec.containers?.[0]?.name ?? 'app';
  kube.cluster.setLogGenerator((pod, container, now) =>
    pod?.metadata?.namespace === o.namespace
      ? baseLines(pod, container, now)
      : pod?.metadata?.namespace === INGRESS_NAMESPACE
        ? ingressLines(now)
        : [],
  );
  const cwTimer = setInterval(() => {
    const now = new Date();
    try {
      for (const pod of kube.cluster.listPods(o.namespace)) {
        if (!running(pod)) continue;
        const lines = baseLines(pod, containerOf(pod), now);
        if (lines.length) cw.putEvents(o.group, pod.metadata.name, lines);
      }
      cw.putEvents(o.ingressGroup, 'nginx-ingress', ingressLines(now));
    } catch (err) {
      log('warn', `demo: cloudwatch feed: ${errorText(err)}`);
    }
  }, 1000);
  cwTimer.unref();
  const stopPump = o.every(1000, () => {
    const now = new Date();
    for (const pod of kube.cluster.listPods(o.namespace)) {
      if (pod.metadata.deletionTimestamp || !pod.status?.containerStatuses?.[0]?.state?.running) continue;
      const container = containerOf(pod);
      const lines = o.scenarioLines(pod, container, now);
      if (!lines.length) continue;
      for (const line of lines) kube.cluster.appendLog(o.namespace, pod.metadata.name, container, line, now);
      cw.putEvents(o.group, pod.metadata.name, lines);
    }
  });
  return () => {
    clearInterval(cwTimer);
    stopPump();
  };
}
