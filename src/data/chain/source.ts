// The chain source: every configured RPC endpoint is polled on its own by pollSource (never
// two requests in flight per endpoint, a timeout per poll, backoff while it fails), and the
// endpoints are published together as one snapshot with the highest head, each endpoint's
// lag, and the alerts. A failed endpoint's provider is destroyed and a fresh one is made on
// the next attempt, so a dead endpoint costs one short request per backoff step and nothing
// in between. Alerts come from the head's age, never from missing block events.
import { log } from '../../util/log.js';
import { errorText } from '../../util/redact.js';
import { displayUrl } from '../../util/secrets.js';
import { pollSource, type Source, type SourceContext } from '../source.js';
import { analyze, referenceHeight } from './analyze.js';
import {
  createProvider,
  describeRpcError,
  destroyProvider,
  endpointKind,
  readHead,
  RpcError,
  type Endpoint,
} from './rpc.js';
import type { ChainEndpointState, ChainHead, ChainSnapshot } from './types.js';

export const CHAIN_SOURCE = 'chain';
const HISTORY = 120;

export interface ChainSourceOptions {
  endpoints: { name: string; url: string; showPath?: boolean }[];
  chainId?: number;
  blockTimeSeconds: number;
  stallMultiple: number;
  intervalMs: number;
  timeoutMs: number;
}

export function chainSource(o: ChainSourceOptions): Source {
  const states = new Map<string, ChainEndpointState>(
    o.endpoints.map((e) => [
      e.name,
      {
        name: e.name,
        url: displayUrl(e.url, e.showPath),
        kind: endpointKind(e.url),
        status: 'connecting',
        failures: 0,
      },
    ]),
  );
  let expected = o.chainId;
  let history: number[] = [];
  let intervals: number[] = [];
  let lastHighest: number | undefined;
  let lastHighestTs: number | undefined;
  let ctxRef: SourceContext | undefined;
  let publishTimer: NodeJS.Timeout | undefined;

  const publish = () => {
    publishTimer = undefined;
    const ctx = ctxRef;
    if (!ctx) return;
    const now = ctx.now();
    const a = analyze([...states.values()], {
      now,
      blockTimeSeconds: o.blockTimeSeconds,
      stallMultiple: o.stallMultiple,
    });
    if (a.highest !== undefined && a.highest !== lastHighest) {
      history = [...history.slice(-(HISTORY - 1)), a.highest];
      const ts = a.endpoints.find((e) => e.status === 'ok' && e.head?.height === a.highest)?.head
        ?.timestampMs;
      if (
        ts !== undefined &&
        lastHighestTs !== undefined &&
        lastHighest !== undefined &&
        a.highest > lastHighest
      )
        intervals = [
          ...intervals.slice(-(HISTORY - 1)),
          Math.max(0, (ts - lastHighestTs) / 1000 / (a.highest - lastHighest)),
        ];
      lastHighest = a.highest;
      lastHighestTs = ts;
    }
    const snap: ChainSnapshot = {
      at: now,
      expectedChainId: expected,
      chainIdFrom: o.chainId !== undefined ? 'config' : 'first answer',
      blockTimeSeconds: o.blockTimeSeconds,
      stallAfterMs: o.blockTimeSeconds * o.stallMultiple * 1000,
      endpoints: a.endpoints,
      highest: a.highest,
      highestAgeMs: a.highestAgeMs,
      history,
      blockIntervals: intervals,
      alerts: a.alerts,
    };
    const all = [...states.values()];
    // Every endpoint failing is the source failing (the title says so, last data kept).
    if (all.length && all.every((s) => s.status === 'error')) {
      ctx.ok(snap);
      ctx.fail(
        new Error(
          all.length === 1 ? `${all[0]!.name}: ${all[0]!.error}` : `all ${all.length} endpoints failing`,
        ),
      );
    } else ctx.ok(snap);
  };
  // Several endpoints answering at once become one publish.
  const schedule = () => {
    if (publishTimer) return;
    publishTimer = setTimeout(publish, 20);
    publishTimer.unref?.();
  };

  const pollers = o.endpoints.map((ep) => {
    let endpoint: Endpoint | undefined;
    const giveUp = () => {
      destroyProvider(endpoint?.provider);
      endpoint = undefined;
    };
    const src = pollSource<ChainHead>({
      id: `${CHAIN_SOURCE}:${ep.name}`,
      intervalMs: o.intervalMs,
      timeoutMs: o.timeoutMs + 250,
      backoffCapMs: Math.max(o.intervalMs, 15_000),
      async fetch(signal) {
        const onAbort = () => giveUp();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          endpoint ??= await createProvider({
            url: ep.url,
            chainId: o.chainId ?? expected,
            timeoutMs: o.timeoutMs,
          });
          const head = await Promise.race([
            readHead(endpoint.provider, referenceHeight([...states.values()])),
            endpoint.broken,
          ]);
          expected ??= head.chainId;
          if (head.chainId !== expected)
            throw new RpcError(`wrong chain ID: eth_chainId is ${head.chainId}, expected ${expected}`);
          return head;
        } catch (err) {
          giveUp();
          if (signal.aborted && signal.reason instanceof Error && signal.reason.name === 'TimeoutError')
            throw new RpcError(`no answer within ${o.timeoutMs} ms`);
          throw new RpcError(describeRpcError(err, o.timeoutMs));
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      },
      close: () => giveUp(),
    });
    return { ep, src };
  });

  return {
    id: CHAIN_SOURCE,
    start(ctx) {
      ctxRef = ctx;
      for (const { ep, src } of pollers) {
        const sub: SourceContext = {
          signal: ctx.signal,
          now: ctx.now,
          ok<T>(data: T) {
            const s = states.get(ep.name)!;
            states.set(ep.name, {
              ...s,
              status: 'ok',
              error: undefined,
              failures: 0,
              okAt: ctx.now(),
              head: data as ChainHead,
            });
            schedule();
          },
          update() {},
          fail(err) {
            const s = states.get(ep.name)!;
            const error = errorText(err);
            if (error !== s.error)
              log('warn', `chain ${ep.name}: ${err instanceof Error ? err.message : String(err)}`);
            states.set(ep.name, { ...s, status: 'error', error, failures: s.failures + 1 });
            schedule();
          },
          connecting() {},
        };
        src.start(sub);
      }
    },
    async stop() {
      if (publishTimer) clearTimeout(publishTimer);
      publishTimer = undefined;
      ctxRef = undefined;
      await Promise.allSettled(pollers.map((p) => p.src.stop()));
    },
  };
}
