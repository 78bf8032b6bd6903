// Kubernetes logs, followed the way stern does: the pods of the configured deployments and
// label selectors are listed and watched; every running container gets one follow stream
// (`GET …/pods/NAME/log?follow=true&timestamps=true`); pods that appear are joined, pods that go
// away are dropped, a restarted container is followed again, and a dropped stream resumes from
// the last timestamp (`sinceTime`, which the API truncates to the second) with the lines already
// seen at or before that timestamp dropped — no gaps, no duplicates. At most `maxStreams`
// streams run at once; the rest wait their turn. A 403 on pods/log is reported in one line and
// retried slowly; `previous()` is `kubectl logs --previous` for the pane.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from '@kubernetes/client-node';
import type { Config } from '../../config/schema.js';
import { apiError, KubeHttp, loadKube, networkError, type WatchEvent } from '../kubernetes/client.js';
import { backoffMs, type Source, type SourceContext } from '../source.js';
import { errorText } from '../../util/redact.js';
import type { LogsHub } from './hub.js';
import { LineSplitter } from './pipeline/lines.js';
import { LOGS_K8S } from './types.js';

type KubeConfigSection = NonNullable<Config['kubernetes']>;

export interface K8sLogsTuning {
  /** Watch idle timeout before relisting. */
  idleMs?: number;
  /** Retry after a denied (403) stream. */
  deniedRetryMs?: number;
  /** Cap of the backoff between reconnects of one stream. */
  backoffCapMs?: number;
}

interface PodInfo {
  namespace: string;
  name: string;
  uid: string;
  /** container name → state */
  containers: Map<string, { running: boolean; id?: string; restarts: number }>;
}

interface StreamState {
  key: string;
  namespace: string;
  pod: string;
  container: string;
  /** Normalised timestamp of the last line shown (sortable string), and the lines seen at it. */
  lastKey?: string;
  lastMs?: number;
  seenAtLast: Set<string>;
  running?: { abort: () => void; containerId?: string };
  failures: number;
  retryAt: number;
  issue?: string;
  everStarted: boolean;
}

interface Target {
  namespace: string;
  selector: string;
  label: string;
}

/** `2026-11-23T11:14:50.1234Z` → a fixed-width sortable key and epoch ms. */
export function parseK8sTimestamp(ts: string): { key: string; ms: number } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  if (m[3] === 'Z') {
    const ms = Date.parse(`${m[1]}Z`) + Number(frac.slice(0, 3));
    return { key: `${m[1]}.${frac}Z`, ms };
  }
  const ms = Date.parse(`${m[1]}${m[3]}`) + Number(frac.slice(0, 3));
  if (Number.isNaN(ms)) return undefined;
  return { key: `${new Date(ms - (ms % 1000)).toISOString().slice(0, 19)}.${frac}Z`, ms };
}

function selectorOf(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

export interface K8sLogsSource extends Source {
  previous(pod: { namespace: string; name: string; container: string }): Promise<string[]>;
}

export function k8sLogsSource(
  cfg: KubeConfigSection,
  hub: LogsHub,
  tuning: K8sLogsTuning = {},
): K8sLogsSource {
  const maxStreams = cfg.logs?.maxStreams ?? 50;
  const tailLines = cfg.logs?.tailLines ?? 50;
  const idleMs = tuning.idleMs ?? 60_000;
  const deniedRetryMs = tuning.deniedRetryMs ?? 30_000;
  const capMs = tuning.backoffCapMs ?? 10_000;
  const fetchLib = new IsomorphicFetchHttpLibrary();
  let http: KubeHttp | undefined;
  let stopped = false;
  const pods = new Map<string, PodInfo>(); // ns/name
  const podsByTarget = new Map<string, Set<string>>();
  const streams = new Map<string, StreamState>(); // ns/pod/container
  const loops = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let ctxRef: SourceContext | undefined;
  let targetIssue: string | undefined;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    t.unref?.();
    timers.add(t);
  };

  // Waits that end early when the source stops (so stop() never hangs on a backoff).
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const done = () => {
        wakers.delete(done);
        r();
      };
      wakers.add(done);
      later(ms, done);
    });

  const activeCount = () => [...streams.values()].filter((s) => s.running).length;

  const publishStatus = () => {
    const issues: string[] = [];
    if (targetIssue) issues.push(targetIssue);
    const seen = new Set<string>();
    for (const s of streams.values())
      if (s.issue && !seen.has(s.issue)) {
        seen.add(s.issue);
        issues.push(s.issue);
      }
    const waiting = [...streams.values()].filter((s) => !s.running && !s.issue && wantRunning(s)).length;
    hub.setStatus('k8s', { active: activeCount(), waiting, issues: issues.slice(0, 20) });
    // Every stream denied and none working: the source as a whole has failed, in words.
    const denied = [...streams.values()].filter((s) => s.issue?.startsWith('403'));
    if (denied.length && !activeCount() && ctxRef) {
      hub.setFailing(LOGS_K8S, true);
      ctxRef.fail(new Error(denied[0]!.issue));
    } else hub.setFailing(LOGS_K8S, false);
  };

  const wantRunning = (s: StreamState) => {
    const p = pods.get(`${s.namespace}/${s.pod}`);
    return !!p?.containers.get(s.container)?.running;
  };

  const rawGet = async (path: string, query: Record<string, string>, signal: AbortSignal) => {
    const target = http!.target;
    const url = new URL(target.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const rc = new RequestContext(url.toString(), HttpMethod.GET);
    await target.kc.applySecurityAuthentication(rc);
    rc.setSignal(signal);
    try {
      return await fetchLib.send(rc).toPromise();
    } catch (err) {
      throw networkError(err, target.server);
    }
  };

  /** One follow stream for one container; resolves when it ends (any reason). */
  const follow = (s: StreamState, containerId: string | undefined) => {
    const ac = new AbortController();
    s.running = { abort: () => ac.abort(), containerId };
    const source = `${s.namespace}/${s.pod}/${s.container}`;
    const pod = { namespace: s.namespace, name: s.pod, container: s.container };
    let gotLine = false;
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => ac.abort(), idleMs);
      idle.unref?.();
    };
    const onLine = (line: string) => {
      const sp = line.indexOf(' ');
      const parsed = sp > 0 ? parseK8sTimestamp(line.slice(0, sp)) : undefined;
      const text = parsed ? line.slice(sp + 1) : line;
      if (parsed) {
        if (s.lastKey !== undefined && parsed.key < s.lastKey) return; // before the resume point
        if (parsed.key === s.lastKey) {
          if (s.seenAtLast.has(text)) return;
          if (s.seenAtLast.size < 1000) s.seenAtLast.add(text);
        } else {
          s.lastKey = parsed.key;
          s.lastMs = parsed.ms;
          s.seenAtLast = new Set([text]);
        }
      }
      gotLine = true;
      hub.pipeline.ingest({ source, origin: 'k8s', text, ts: parsed?.ms, pod });
    };
    const splitter = new LineSplitter(onLine);
    const query: Record<string, string> = { container: s.container, follow: 'true', timestamps: 'true' };
    if (s.lastKey && s.lastMs !== undefined)
      query.sinceTime = new Date(s.lastMs - (s.lastMs % 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    else if (!s.everStarted) query.tailLines = String(tailLines);
    s.everStarted = true;
    const run = (async () => {
      arm();
      const res = await rawGet(`/api/v1/namespaces/${s.namespace}/pods/${s.pod}/log`, query, ac.signal);
      if (res.httpStatusCode !== 200) {
        const body = await res.body.text().catch(() => '');
        throw apiError(
          res.httpStatusCode,
          { verb: 'get', resource: 'pods/log', namespace: s.namespace },
          body,
        );
      }
      s.issue = undefined;
      publishStatus();
      const stream = res.body.stream() as ReadableStream<Uint8Array> | undefined;
      if (!stream) return;
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          arm();
          splitter.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
    })();
    const p = run
      .then(
        () => {
          if (gotLine) s.failures = 0;
          else s.failures++;
        },
        (err: unknown) => {
          if (stopped) return;
          const status = (err as { status?: number }).status;
          s.failures++;
          if (status === 403) {
            s.issue = errorText(err);
            s.retryAt = Date.now() + deniedRetryMs;
          } else if (status === 404 || status === 400) {
            // pod gone, or container not started yet: the pod watch decides what happens next
            s.issue = undefined;
          } else s.issue = `${s.pod}/${s.container}: ${errorText(err)}`;
        },
      )
      .finally(() => {
        if (idle) clearTimeout(idle);
        // A partial last line is dropped: the resumed stream sends it again, whole.
        splitter.discardPartial();
        s.running = undefined;
        loops.delete(p);
        if (stopped) return;
        hub.pipeline.resetSource(source);
        if (!s.retryAt || s.retryAt < Date.now())
          s.retryAt = Date.now() + (s.failures ? backoffMs(s.failures, 500, capMs) : 0);
        publishStatus();
        later(Math.max(0, s.retryAt - Date.now()), reconcile);
      });
    loops.add(p);
  };

  /** Starts streams for running containers (up to the cap), drops those of pods that went away. */
  const reconcile = () => {
    if (stopped) return;
    const live = new Set<string>();
    for (const p of pods.values()) {
      for (const [c, st] of p.containers) {
        const key = `${p.namespace}/${p.name}/${c}`;
        live.add(key);
        let s = streams.get(key);
        if (!s) {
          s = {
            key,
            namespace: p.namespace,
            pod: p.name,
            container: c,
            seenAtLast: new Set(),
            failures: 0,
            retryAt: 0,
            everStarted: false,
          };
          streams.set(key, s);
        }
        if (!st.running && s.issue && !s.issue.startsWith('403')) s.issue = undefined;
      }
    }
    for (const [key, s] of streams) {
      if (!live.has(key)) {
        s.running?.abort();
        streams.delete(key);
      }
    }
    const now = Date.now();
    let active = activeCount();
    for (const s of streams.values()) {
      if (active >= maxStreams) break;
      if (s.running || s.retryAt > now) continue;
      const st = pods.get(`${s.namespace}/${s.pod}`)?.containers.get(s.container);
      if (!st?.running) continue;
      follow(s, st.id);
      active++;
    }
    // Streams waiting on a retry time are picked up by their own timer.
    publishStatus();
  };

  const podInfo = (o: Record<string, unknown>): PodInfo | undefined => {
    const md = o.metadata as
      { name?: string; namespace?: string; uid?: string; deletionTimestamp?: string } | undefined;
    if (!md?.name || !md.namespace) return undefined;
    const spec = o.spec as { containers?: { name: string }[] } | undefined;
    const status = o.status as
      | {
          containerStatuses?: {
            name: string;
            containerID?: string;
            restartCount?: number;
            state?: { running?: unknown };
          }[];
        }
      | undefined;
    const containers = new Map<string, { running: boolean; id?: string; restarts: number }>();
    for (const c of spec?.containers ?? []) containers.set(c.name, { running: false, restarts: 0 });
    for (const cs of status?.containerStatuses ?? []) {
      containers.set(cs.name, {
        running: !!cs.state?.running,
        id: cs.containerID,
        restarts: cs.restartCount ?? 0,
      });
    }
    return { namespace: md.namespace, name: md.name, uid: md.uid ?? '', containers };
  };

  /** List + watch the pods of one target, forever (relist after every end or error). */
  const watchTarget = async (ctx: SourceContext, t: Target) => {
    const tkey = `${t.namespace}|${t.selector}`;
    let failures = 0;
    while (!stopped) {
      try {
        const list = await http!.getJson<{
          items: Record<string, unknown>[];
          metadata: { resourceVersion?: string };
        }>(
          `/api/v1/namespaces/${t.namespace}/pods`,
          { labelSelector: t.selector || undefined },
          { verb: 'list', resource: 'pods', namespace: t.namespace },
          ctx.signal,
        );
        const mine = new Set<string>();
        for (const item of list.items) {
          const p = podInfo(item);
          if (!p) continue;
          pods.set(`${p.namespace}/${p.name}`, p);
          mine.add(`${p.namespace}/${p.name}`);
        }
        for (const k of podsByTarget.get(tkey) ?? []) if (!mine.has(k)) pods.delete(k);
        podsByTarget.set(tkey, mine);
        targetIssue = undefined;
        failures = 0;
        reconcile();
        const h = await http!.watch(
          `/api/v1/namespaces/${t.namespace}/pods`,
          {
            labelSelector: t.selector || undefined,
            resourceVersion: list.metadata.resourceVersion,
            allowWatchBookmarks: 'true',
          },
          { verb: 'watch', resource: 'pods', namespace: t.namespace },
          (ev: WatchEvent) => {
            const p = podInfo(ev.object);
            if (!p) return;
            const k = `${p.namespace}/${p.name}`;
            if (ev.type === 'DELETED') {
              pods.delete(k);
              mine.delete(k);
            } else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
              pods.set(k, p);
              mine.add(k);
            } else return;
            reconcile();
          },
          idleMs,
          ctx.signal,
        );
        await h.done;
      } catch (err) {
        if (stopped || ctx.signal.aborted) return;
        failures++;
        targetIssue = `${t.label}: ${errorText(err)}`;
        if (!activeCount()) {
          hub.setFailing(LOGS_K8S, true);
          ctx.fail(err);
        }
        publishStatus();
        await sleep(backoffMs(failures, 500, 15_000));
      }
    }
  };

  const resolveTargets = async (ctx: SourceContext): Promise<Target[]> => {
    const kc = http!.target.kc;
    const ctxNs = kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
    const namespaces = cfg.namespaces?.length ? cfg.namespaces : [ctxNs];
    const out: Target[] = [];
    for (const sel of cfg.selectors ?? [])
      for (const ns of namespaces)
        out.push({ namespace: ns, selector: sel, label: `pods -l ${sel} in ${ns}` });
    for (const d of cfg.deployments ?? []) {
      const [ns, name] = d.includes('/') ? (d.split('/', 2) as [string, string]) : [undefined, d];
      for (const n of ns ? [ns] : namespaces) {
        try {
          const dep = await http!.getJson<{ spec?: { selector?: Parameters<typeof selectorOf>[0] } }>(
            `/apis/apps/v1/namespaces/${n}/deployments/${name}`,
            {},
            { verb: 'get', resource: 'deployments.apps', namespace: n },
            ctx.signal,
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
  };

  const main = async (ctx: SourceContext) => {
    let failures = 0;
    while (!stopped) {
      try {
        const targets = await resolveTargets(ctx);
        if (!targets.length) throw new Error('none of the configured deployments/selectors matched anything');
        targetIssue = undefined;
        await Promise.all(targets.map((t) => watchTarget(ctx, t)));
        return;
      } catch (err) {
        if (stopped || ctx.signal.aborted) return;
        failures++;
        hub.setFailing(LOGS_K8S, true);
        ctx.fail(err);
        await sleep(backoffMs(failures, 1000, 30_000));
      }
    }
  };

  return {
    id: LOGS_K8S,
    start(ctx) {
      stopped = false;
      ctxRef = ctx;
      http = new KubeHttp(loadKube({ kubeconfig: cfg.kubeconfig, context: cfg.context }));
      hub.attach(LOGS_K8S, ctx);
      publishStatus();
      hub.publish();
      const p = main(ctx).finally(() => loops.delete(p));
      loops.add(p);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of streams.values()) s.running?.abort();
      for (const w of [...wakers]) w();
      await Promise.allSettled([...loops]);
      hub.detach(LOGS_K8S);
    },
    async previous(p) {
      if (!http) throw new Error('Kubernetes logs are not running');
      const ac = new AbortController();
      const t = setTimeout(() => ac.abort(), 10_000);
      try {
        const res = await rawGet(
          `/api/v1/namespaces/${p.namespace}/pods/${p.name}/log`,
          { container: p.container, previous: 'true', tailLines: '500', timestamps: 'false' },
          ac.signal,
        );
        const body = await res.body.text();
        if (res.httpStatusCode !== 200) {
          let msg = '';
          try {
            msg = (JSON.parse(body) as { message?: string }).message ?? '';
          } catch {
            msg = body.slice(0, 200);
          }
          if (res.httpStatusCode === 400 && msg) throw new Error(msg);
          throw apiError(
            res.httpStatusCode,
            { verb: 'get', resource: 'pods/log', namespace: p.namespace },
            body,
          );
        }
        return body.split('\n').filter((l, i, a) => l || i < a.length - 1);
      } finally {
        clearTimeout(t);
      }
    },
  };
}
