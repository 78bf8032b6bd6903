// One health check of any kind (`http`, `dns`, `metrics`), by the check's own module; what each
// kind gives back has one shape, so the pane, doctor, detections and exports read them alike.
// Never throws: a failed check is a result with the reason in words.
import type { Config, HealthEndpoint } from '../../config/schema.js';
import { displayUrl } from '../../util/secrets.js';
import { checkDns } from './dns.js';
import { checkHttp } from './http.js';
import { checkMetrics } from './metrics.js';

export interface HealthResult {
  name: string;
  up: boolean;
  httpStatus?: number;
  latencyMs?: number;
  /** The body's own status field when there is one (e.g. "healthy"). */
  bodyStatus?: string;
  /** A metrics check's value. */
  value?: number;
  /** What the check found, in words (a DNS answer, a metric against its bound). */
  detail?: string;
  /** Why it is down, in words. */
  reason?: string;
  checkedAt: number;
}

/** What a pod metrics check needs of the kubernetes section. */
export type KubeAccess = Pick<NonNullable<Config['kubernetes']>, 'kubeconfig' | 'context' | 'namespaces'>;

export interface CheckDeps {
  now?: () => number;
  /** For metrics read from a pod through the API server (kubernetes section of the config). */
  kubernetes?: KubeAccess;
}

export function checkHealth(ep: HealthEndpoint, deps: CheckDeps = {}): Promise<HealthResult> {
  const now = deps.now ?? Date.now;
  switch (ep.kind) {
    case 'http':
      return checkHttp(ep, now);
    case 'dns':
      return checkDns(ep, now);
    case 'metrics':
      return checkMetrics(ep, now, deps.kubernetes);
  }
}

/** What a check looks at, as displayed: an origin, `dns host`, or `pod ns/name:port/path`. */
export function checkTarget(ep: HealthEndpoint): string {
  switch (ep.kind) {
    case 'http':
      return displayUrl(ep.url, ep.showPath);
    case 'dns':
      return `dns ${ep.host}${ep.servers?.length ? ` @${ep.servers.join(',')}` : ''}`;
    case 'metrics':
      if (ep.url) return displayUrl(ep.url, ep.showPath);
      return `pod ${ep.pod!.namespace ? `${ep.pod!.namespace}/` : ''}${ep.pod!.name ?? `deploy/${ep.pod!.deployment}`}:${ep.pod!.port}${ep.pod!.path}`;
  }
}
