// Kubernetes logs, followed the way stern does: the pods of the configured deployments and
// label selectors are watched (k8s-targets.ts); every running container gets one follow
// stream (k8s-follow.ts) that resumes without gaps or duplicates; the scheduler
// (k8s-scheduler.ts) joins and drops streams as pods come and go, caps them at `maxStreams`,
// backs off, and brings every denied stream of a namespace back at once when pods/log is
// allowed again. This file is the source: it wires them to the shared connection of the
// context and to the logs hub, reports status, and serves `previous()` (`kubectl logs
// --previous`) to the pane.
import type { Config } from '../../config/schema.js';
import { kubeConnection, type KubeConnection } from '../kubernetes/connection.js';
import { backoffMs, type Source, type SourceContext } from '../source.js';
import type { LogsHub } from './hub.js';
import { followContainer, previousLogs, type ContainerRef } from './k8s-follow.js';
import { StreamScheduler } from './k8s-scheduler.js';
import { resolveTargets, TargetPods } from './k8s-targets.js';
import { LOGS_K8S } from './types.js';

export { parseK8sTimestamp } from './k8s-follow.js';

type KubeConfigSection = NonNullable<Config['kubernetes']>;

export interface K8sLogsTuning {
  /** Watch/stream idle timeout before resuming. */
  idleMs?: number;
  /** While pods/log is denied in a namespace, ask again this often. */
  deniedRetryMs?: number;
  /** Cap of the backoff between reconnects of one stream. */
  backoffCapMs?: number;
}

export interface K8sLogsSource extends Source {
  previous(pod: ContainerRef): Promise<string[]>;
}

export function k8sLogsSource(
  cfg: KubeConfigSection,
  hub: LogsHub,
  tuning: K8sLogsTuning = {},
): K8sLogsSource {
  const tailLines = cfg.logs?.tailLines ?? 50;
  const idleMs = tuning.idleMs ?? 60_000;
  let conn: KubeConnection | undefined;
  let ctxRef: SourceContext | undefined;
  let ac = new AbortController();
  let targets: TargetPods | undefined;
  let targetIssue: string | undefined;
  let main: Promise<void> | undefined;

  const publishStatus = () => {
    const issues: string[] = [];
    if (targetIssue) issues.push(targetIssue);
    for (const s of scheduler.streams.values())
      if (s.issue && !issues.includes(s.issue)) issues.push(s.issue);
    const active = scheduler.active();
    hub.setStatus('k8s', { active, waiting: scheduler.waiting(), issues: issues.slice(0, 20) });
    // Nothing followed, and the targets or every stream failing: the source has failed, in words.
    const denied = scheduler.denied();
    const failure = active ? undefined : (targetIssue ?? denied[0]?.issue);
    if (failure && ctxRef) {
      hub.setFailing(LOGS_K8S, true);
      ctxRef.fail(new Error(failure));
    } else hub.setFailing(LOGS_K8S, false);
  };

  const scheduler = new StreamScheduler({
    maxStreams: cfg.logs?.maxStreams ?? 50,
    deniedRetryMs: tuning.deniedRetryMs ?? 3000,
    backoffCapMs: tuning.backoffCapMs ?? 10_000,
    onChange: publishStatus,
    follow: (s, connected, signal) => {
      const source = `${s.ref.namespace}/${s.ref.name}/${s.ref.container}`;
      const pod = s.ref;
      const src = { source, origin: 'k8s' as const, pod, timestamps: true };
      return followContainer({
        http: conn!.http,
        pod,
        pos: s.pos,
        tailLines,
        idleMs,
        signal,
        onConnected: connected,
        // Raw bytes to the pipeline (in its worker, in the console): no work per line here.
        onBytes: (lines) => hub.pipeline.pushBytes(src, lines),
      }).finally(() => hub.pipeline.resetSource(source));
    },
  });

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  /** Resolves the targets (retrying in words until they resolve), then watches their pods. */
  const run = async (ctx: SourceContext, signal: AbortSignal) => {
    for (let failures = 1; !signal.aborted; failures++) {
      try {
        const list = await resolveTargets(conn!.http, cfg, signal);
        if (!list.length) throw new Error('none of the configured deployments/selectors matched anything');
        targets = new TargetPods(conn!.http, list, idleMs, {
          onChange: () => scheduler.sync(targets!.pods()),
          onStatus: () => {
            targetIssue = targets!.issue();
            publishStatus();
          },
        });
        targets.start(signal);
        return;
      } catch (err) {
        if (signal.aborted) return;
        hub.setFailing(LOGS_K8S, true);
        ctx.fail(err);
        await sleep(backoffMs(failures, 1000, 30_000), signal);
      }
    }
  };

  return {
    id: LOGS_K8S,
    start(ctx) {
      ctxRef = ctx;
      ac = new AbortController();
      ctx.signal.addEventListener('abort', () => ac.abort(), { once: true });
      conn = kubeConnection({ kubeconfig: cfg.kubeconfig, context: cfg.context });
      hub.attach(LOGS_K8S, ctx);
      publishStatus();
      hub.publish();
      main = run(ctx, ac.signal);
    },
    async stop() {
      ac.abort();
      await main;
      await Promise.all([targets?.stopped(), scheduler.stop()]);
      hub.detach(LOGS_K8S);
    },
    async previous(p) {
      if (!conn) throw new Error('Kubernetes logs are not running');
      return previousLogs(conn.http, p);
    },
  };
}
