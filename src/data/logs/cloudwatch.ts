// CloudWatch Logs, followed the way `aws logs tail --follow` does it: FilterLogEvents
// (interleaved, paginated) from a start time, then from the newest event's timestamp with the
// ids already seen at that timestamp dropped. Several groups share one request budget
// (FilterLogEvents allows about 5 requests/s per account and region): one slot every
// 1000/requestsPerSecond ms, handed out round-robin to the groups that are due. Throttling
// pauses every group with capped exponential backoff; an expired or invalid credential fails
// the source (one line) and is retried; a missing log group is reported and re-checked.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Config } from '../../config/schema.js';
import { backoffMs, type Source, type SourceContext } from '../source.js';
import { errorText } from '../../util/redact.js';
import type { LogsHub } from './hub.js';
import { LOGS_CLOUDWATCH } from './types.js';

type CwConfig = NonNullable<Config['cloudwatch']>;

export interface CloudWatchTuning {
  /** How far back the first poll starts (aws logs tail: 10 min). */
  sinceMs?: number;
  /** Pause between complete polls of one group. */
  pollMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Re-check of a missing group / after a credential failure. */
  retryMs?: number;
}

interface GroupState {
  name: string;
  startTime: number;
  nextToken?: string;
  /** Ids seen at the newest timestamp (the re-poll boundary). */
  newestTs: number;
  seenAtNewest: Set<string>;
  dueAt: number;
  issue?: string;
  failures: number;
}

const CREDENTIAL_ERRORS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'AccessDeniedException',
  'CredentialsProviderError',
  'MissingAuthenticationTokenException',
]);

function errName(err: unknown): string {
  return (err as { name?: string } | undefined)?.name ?? '';
}

export function cloudwatchSource(cfg: CwConfig, hub: LogsHub, tuning: CloudWatchTuning = {}): Source {
  const slotMs = 1000 / Math.min(5, cfg.requestsPerSecond ?? 4);
  const pollMs = tuning.pollMs ?? 2000;
  const timeoutMs = tuning.timeoutMs ?? 10_000;
  const retryMs = tuning.retryMs ?? 15_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | undefined;
  let client: CloudWatchLogsClient | undefined;
  let rr = 0;
  let pausedUntil = 0;
  let throttles = 0;
  let credentialFailure: string | undefined;
  const groups: GroupState[] = [];

  const publishStatus = () => {
    const issues: string[] = [];
    if (throttles && pausedUntil > Date.now())
      issues.push(`throttled by CloudWatch: backing off ${Math.ceil((pausedUntil - Date.now()) / 1000)}s`);
    for (const g of groups) if (g.issue) issues.push(g.issue);
    hub.setStatus('cloudwatch', { active: groups.filter((g) => !g.issue).length, issues });
  };

  const poll = async (ctx: SourceContext, g: GroupState) => {
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const t = setTimeout(() => ac.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await client!.send(
        new FilterLogEventsCommand({
          logGroupName: g.name,
          startTime: g.startTime,
          ...(cfg.filterPattern ? { filterPattern: cfg.filterPattern } : {}),
          ...(g.nextToken ? { nextToken: g.nextToken } : {}),
        }),
        { abortSignal: ac.signal },
      );
      throttles = 0;
      g.failures = 0;
      g.issue = undefined;
      if (credentialFailure) {
        credentialFailure = undefined;
        hub.setFailing(LOGS_CLOUDWATCH, false);
      }
      for (const e of res.events ?? []) {
        const ts = e.timestamp ?? Date.now();
        const id = e.eventId ?? `${ts}:${e.logStreamName}:${e.message}`;
        if (ts < g.newestTs) continue; // already behind the boundary
        if (ts === g.newestTs) {
          if (g.seenAtNewest.has(id)) continue;
          g.seenAtNewest.add(id);
        } else {
          g.newestTs = ts;
          g.seenAtNewest = new Set([id]);
        }
        const msg = (e.message ?? '').replace(/\r?\n$/, '');
        for (const line of msg.split('\n'))
          hub.pipeline.ingest({
            source: g.name,
            origin: 'cloudwatch',
            text: line,
            ts,
            stream: e.logStreamName,
          });
      }
      if (res.nextToken) {
        g.nextToken = res.nextToken;
        g.dueAt = 0;
      } else {
        g.nextToken = undefined;
        if (g.newestTs > 0) g.startTime = g.newestTs;
        g.dueAt = Date.now() + pollMs;
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      const name = errName(err);
      if (
        name === 'ThrottlingException' ||
        name === 'ThrottledException' ||
        name === 'LimitExceededException'
      ) {
        throttles++;
        pausedUntil = Date.now() + backoffMs(throttles, 1000, 30_000);
      } else if (CREDENTIAL_ERRORS.has(name) || /credential|security token/i.test(errorText(err))) {
        credentialFailure = `AWS credentials rejected (${name || 'credentials'}): ${errorText(err)}`;
        hub.setFailing(LOGS_CLOUDWATCH, true);
        ctx.fail(new Error(credentialFailure));
        pausedUntil = Date.now() + retryMs;
      } else if (name === 'ResourceNotFoundException') {
        g.issue = `log group ${g.name} does not exist`;
        g.nextToken = undefined;
        g.dueAt = Date.now() + retryMs;
      } else {
        g.failures++;
        g.issue = `${g.name}: ${errorText(err)}`;
        g.dueAt = Date.now() + backoffMs(g.failures, 1000, 30_000);
        if (groups.every((x) => x.failures > 0)) ctx.fail(err);
      }
    } finally {
      clearTimeout(t);
      ctx.signal.removeEventListener('abort', onAbort);
      publishStatus();
    }
  };

  const slot = (ctx: SourceContext) => {
    if (stopped) return;
    const now = Date.now();
    let next = slotMs;
    if (now < pausedUntil) next = Math.max(slotMs, pausedUntil - now);
    else {
      // Round-robin over the groups that are due: one request per slot for all groups together.
      let picked: GroupState | undefined;
      for (let k = 0; k < groups.length; k++) {
        const g = groups[(rr + k) % groups.length]!;
        if (g.dueAt <= now) {
          picked = g;
          rr = (rr + k + 1) % groups.length;
          break;
        }
      }
      if (picked) {
        inflight = poll(ctx, picked).finally(() => {
          inflight = undefined;
        });
        void inflight.then(() => {
          if (stopped) return;
          // The next slot starts a slot after this request started, never two in flight.
          const wait = Math.max(0, slotMs - (Date.now() - now));
          timer = setTimeout(() => slot(ctx), wait);
          timer.unref?.();
        });
        return;
      }
    }
    timer = setTimeout(() => slot(ctx), next);
    timer.unref?.();
  };

  return {
    id: LOGS_CLOUDWATCH,
    start(ctx) {
      stopped = false;
      const since = Date.now() - (tuning.sinceMs ?? 10 * 60_000);
      groups.length = 0;
      for (const name of cfg.logGroups)
        groups.push({ name, startTime: since, newestTs: 0, seenAtNewest: new Set(), dueAt: 0, failures: 0 });
      hub.attach(LOGS_CLOUDWATCH, ctx);
      publishStatus();
      void import('@aws-sdk/client-cloudwatch-logs')
        .then(({ CloudWatchLogsClient }) => {
          if (stopped) return;
          client = new CloudWatchLogsClient({
            ...(cfg.region ? { region: cfg.region } : {}),
            ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
            // Retries are ours: every attempt spends the shared request budget.
            maxAttempts: 1,
          });
          hub.publish();
          slot(ctx);
        })
        .catch((err: unknown) => ctx.fail(err));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inflight?.catch(() => undefined);
      hub.detach(LOGS_CLOUDWATCH);
      client?.destroy();
      client = undefined;
    },
  };
}
