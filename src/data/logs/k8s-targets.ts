// What the logs follower follows: the configured label selectors and deployments (a
// deployment stands for its spec.selector) in each namespace in scope, each watched with the
// shared watch cache (list, then watch resuming from the last resourceVersion, relist on 410),
// and the pods they hold as the scheduler sees them.
import type { Config } from '../../config/schema.js';
import { DEFAULT_TUNING, WatchCache, type CacheTuning } from '../kubernetes/cache.js';
import type { KubeHttp } from '../kubernetes/client.js';
import { errorText } from '../../util/redact.js';
import type { ContainerInfo, PodInfo } from './k8s-scheduler.js';

type KubeConfigSection = NonNullable<Config['kubernetes']>;

export interface Target {
  namespace: string;
  selector: string;
  label: string;
}

type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** A LabelSelector object as the `labelSelector` query string. */
export function selectorOf(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The configured selectors and deployments, per namespace in scope. */
export async function resolveTargets(
  http: KubeHttp,
  cfg: KubeConfigSection,
  signal: AbortSignal,
): Promise<Target[]> {
  const kc = http.target.kc;
  const ctxNs = kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
  const namespaces = cfg.namespaces?.length ? cfg.namespaces : [ctxNs];
  const out: Target[] = [];
  for (const sel of cfg.selectors ?? [])
    for (const ns of namespaces) out.push({ namespace: ns, selector: sel, label: `pods -l ${sel} in ${ns}` });
  for (const d of cfg.deployments ?? []) {
    const [ns, name] = d.includes('/') ? (d.split('/', 2) as [string, string]) : [undefined, d];
    for (const n of ns ? [ns] : namespaces) {
      try {
        const dep = await http.getJson<{ spec?: { selector?: LabelSelector } }>(
          `/apis/apps/v1/namespaces/${n}/deployments/${name}`,
          {},
          { verb: 'get', resource: 'deployments.apps', namespace: n },
          signal,
        );
        const selector = selectorOf(dep.spec?.selector ?? {});
        if (selector) out.push({ namespace: n, selector, label: `deployment/${name} in ${n}` });
      } catch (err) {
        if ((err as { status?: number }).status === 404 && !ns && namespaces.length > 1) continue;
        throw err;
      }
    }
  }
  return out;
}

interface RawPod {
  metadata?: { name?: string; namespace?: string };
  spec?: { containers?: { name: string }[] };
  status?: { containerStatuses?: { name: string; state?: { running?: unknown } }[] };
}

export function podInfo(o: RawPod): PodInfo | undefined {
  const md = o.metadata;
  if (!md?.name || !md.namespace) return undefined;
  const containers = new Map<string, ContainerInfo>();
  for (const c of o.spec?.containers ?? []) containers.set(c.name, { running: false });
  for (const cs of o.status?.containerStatuses ?? [])
    containers.set(cs.name, { running: !!cs.state?.running });
  return { namespace: md.namespace, name: md.name, containers };
}

/** One pod watch cache per target; `pods()` is their union. */
export class TargetPods {
  readonly caches: { target: Target; cache: WatchCache<RawPod> }[];
  constructor(
    http: KubeHttp,
    targets: Target[],
    idleMs: number,
    listeners: { onChange(): void; onStatus(): void },
  ) {
    const tuning: CacheTuning = { ...DEFAULT_TUNING, idleMs, backoffBaseMs: 500, backoffCapMs: 15_000 };
    this.caches = targets.map((target) => ({
      target,
      cache: new WatchCache<RawPod>(
        http,
        {
          resource: 'pods',
          group: '',
          version: 'v1',
          namespace: target.namespace,
          labelSelector: target.selector || undefined,
        },
        tuning,
        listeners,
      ),
    }));
  }

  start(signal: AbortSignal): void {
    for (const c of this.caches) c.cache.start(signal);
  }

  async stopped(): Promise<void> {
    await Promise.all(this.caches.map((c) => c.cache.stopped()));
  }

  pods(): PodInfo[] {
    const out = new Map<string, PodInfo>();
    for (const { cache } of this.caches)
      for (const [k, o] of cache.items) {
        const p = podInfo(o);
        if (p) out.set(k, p);
      }
    return [...out.values()];
  }

  /** The first target whose watch fails, in words. */
  issue(): string | undefined {
    const bad = this.caches.find((c) => c.cache.status === 'error');
    return bad ? `${bad.target.label}: ${errorText(bad.cache.error ?? 'error')}` : undefined;
  }
}
