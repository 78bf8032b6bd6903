// The redis source: one connection of its own, polled by pollSource (never two polls in
// flight, a timeout per poll, backoff on failure). Each poll is PING (round trip), INFO and
// SLOWLOG GET (the last 64 entries, the 10 slowest kept): all O(1) or bounded, never KEYS or
// anything that walks the keyspace. A failed poll closes the connection; the next one opens a
// fresh one, so a server that was killed and came back (or a cut connection) recovers without
// restarting the console.
import { performance } from 'node:perf_hooks';
import { redactUrl } from '../../util/redact.js';
import { pollSource, type Source } from '../source.js';
import { closeRedis, describeRedisError, openRedis, type RedisClient } from './client.js';
import {
  aggregateInfo,
  computeRates,
  parseClusterNodes,
  parseInfo,
  parseInfoSections,
  parseSlowlog,
  redisAlerts,
  type RateSample,
} from './info-parse.js';
import type { RedisInfo, RedisNodeSummary, RedisSlowEntry, RedisSnapshot } from './types.js';

export { REDIS_SOURCE } from './types.js';
import { REDIS_SOURCE } from './types.js';
export const HISTORY = 120;
/** Entries read per poll (Redis keeps 128 by default) and kept, slowest first. */
const SLOWLOG_READ = 64;
const SLOWLOG_KEEP = 10;

/** The name of the console's own connection (its INFO and SLOWLOG are not the app's). */
const MONITOR_NAME = 'warroom-monitor';

/** The slowest entries first (ties: the newest first), at most SLOWLOG_KEEP; ours left out. */
function slowest(entries: RedisSlowEntry[]): RedisSlowEntry[] {
  return entries
    .filter((e) => !e.client?.endsWith(` ${MONITOR_NAME}`))
    .sort((a, b) => b.durationUs - a.durationUs || b.at - a.at || b.id - a.id)
    .slice(0, SLOWLOG_KEEP);
}

export interface RedisSourceOptions {
  url: string;
  cluster?: boolean;
  intervalMs: number;
  timeoutMs?: number;
  /** Extra TLS options for rediss:// (tests pass a private CA; operators use NODE_EXTRA_CA_CERTS). */
  tls?: import('node:tls').ConnectionOptions;
  now?: () => number;
}

/** An error whose message is already in words (no further wrapping). */
class RedisPollError extends Error {}

function push(arr: number[], v: number | undefined): number[] {
  const out = arr.length >= HISTORY ? arr.slice(arr.length - HISTORY + 1) : arr.slice();
  out.push(v ?? 0);
  return out;
}

interface Raw {
  info: RedisInfo;
  pingMs: number;
  slowlog: RedisSlowEntry[];
  slowlogError?: string;
  nodes?: RedisNodeSummary[];
  clusterState?: string;
  /** The client's pool misses a node the cluster knows: reconnect on the next poll. */
  stalePool?: boolean;
}

async function slowlogOf(c: { call(...args: string[]): Promise<unknown> }) {
  try {
    return { entries: slowest(parseSlowlog(await c.call('SLOWLOG', 'GET', String(SLOWLOG_READ)))) };
  } catch (err) {
    return { entries: [] as RedisSlowEntry[], error: describeRedisError(err) };
  }
}

async function readStandalone(client: RedisClient): Promise<Raw> {
  const t0 = performance.now();
  await client.ping();
  const pingMs = performance.now() - t0;
  const info = parseInfo(await client.info());
  const sl = await slowlogOf(client as unknown as { call(...a: string[]): Promise<unknown> });
  return { info, pingMs, slowlog: sl.entries, slowlogError: sl.error };
}

async function readCluster(client: RedisClient): Promise<Raw> {
  const cluster = client as import('ioredis').Cluster;
  const t0 = performance.now();
  await cluster.ping();
  const pingMs = performance.now() - t0;
  // The topology as the cluster sees it: ioredis drops unreachable nodes from its pool, so
  // a dead master would otherwise just vanish from the view.
  const [nodesText, infoText] = await Promise.all([
    cluster.call('CLUSTER', 'NODES'),
    cluster.call('CLUSTER', 'INFO'),
  ]);
  const topology = parseClusterNodes(String(nodesText));
  const clusterState = parseInfoSections(String(infoText))['default']?.cluster_state;
  const pool = cluster.nodes('all');
  const addrOf = (n: (typeof pool)[number]) => `${n.options.host ?? '?'}:${n.options.port ?? '?'}`;
  const results = await Promise.allSettled(
    pool.map(async (n) => {
      const info = parseInfo(await n.info());
      const sl = info.role === 'slave' ? undefined : await slowlogOf(n);
      return { info, sl };
    }),
  );
  const infos: RedisInfo[] = [];
  const byAddr = new Map<string, RedisNodeSummary>();
  const slow: RedisSlowEntry[] = [];
  let slowlogError: string | undefined;
  results.forEach((r, i) => {
    const addr = addrOf(pool[i]!);
    if (r.status === 'fulfilled') {
      infos.push(r.value.info);
      byAddr.set(addr, {
        addr,
        role: r.value.info.role,
        usedMemory: r.value.info.usedMemory,
        opsPerSec: r.value.info.opsPerSec,
      });
      if (r.value.sl) {
        slow.push(
          ...r.value.sl.entries.map((e) => ({ ...e, client: e.client ? `${addr} ${e.client}` : addr })),
        );
        slowlogError ??= r.value.sl.error;
      }
    } else byAddr.set(addr, { addr, error: describeRedisError(r.reason) });
  });
  let stalePool = false;
  for (const t of topology) {
    if (t.flags.includes('noaddr') || t.flags.includes('handshake')) continue;
    const known = byAddr.get(t.addr);
    const role = t.role === 'replica' ? 'slave' : 'master';
    if (t.fail)
      byAddr.set(t.addr, {
        addr: t.addr,
        role,
        error:
          t.fail === 'fail'
            ? `down: the cluster marks this ${t.role} as failed`
            : `not answering (suspected failing)`,
      });
    else if (!known) {
      stalePool = true;
      byAddr.set(t.addr, { addr: t.addr, role, error: 'not connected (reconnecting)' });
    }
  }
  if (!infos.length)
    throw new RedisPollError([...byAddr.values()][0]?.error ?? 'no cluster node answered INFO');
  return {
    info: aggregateInfo(infos),
    pingMs,
    slowlog: slowest(slow),
    slowlogError,
    nodes: [...byAddr.values()].sort((a, b) => a.addr.localeCompare(b.addr)),
    clusterState,
    stalePool,
  };
}

export function redisSource(o: RedisSourceOptions): Source {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? Math.max(1000, Math.min(5000, o.intervalMs));
  let client: RedisClient | undefined;
  let prev: RateSample | undefined;
  let history = { ops: [] as number[], mem: [] as number[] };
  const drop = () => {
    closeRedis(client);
    client = undefined;
  };

  const fetch = async (signal: AbortSignal): Promise<RedisSnapshot> => {
    // The poll timed out or the source stopped: close the socket so nothing stays pending.
    const onAbort = () => drop();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (!client || client.status !== 'ready') {
        drop();
        const c = await openRedis({
          url: o.url,
          cluster: o.cluster,
          timeoutMs,
          name: MONITOR_NAME,
          tls: o.tls,
        }).catch((err: unknown) => {
          throw new RedisPollError(err instanceof Error ? err.message : String(err));
        });
        if (signal.aborted) {
          closeRedis(c);
          throw new RedisPollError('stopped');
        }
        client = c;
      }
      const raw = o.cluster ? await readCluster(client) : await readStandalone(client);
      // A node the cluster knows is missing from the client's pool (it came back): reconnect.
      if (raw.stalePool) drop();
      const at = now();
      const sample: RateSample = { at, runId: raw.info.runId, info: raw.info };
      const rates = computeRates(prev, sample);
      prev = sample;
      history = { ops: push(history.ops, raw.info.opsPerSec), mem: push(history.mem, raw.info.usedMemory) };
      return {
        at,
        target: redactUrl(o.url),
        mode: o.cluster ? 'cluster' : 'standalone',
        info: raw.info,
        pingMs: Math.round(raw.pingMs * 10) / 10,
        rates,
        history,
        slowlog: raw.slowlog,
        slowlogError: raw.slowlogError,
        nodes: raw.nodes,
        clusterState: raw.clusterState,
        alerts: [
          ...(raw.clusterState && raw.clusterState !== 'ok'
            ? [{ level: 'bad' as const, text: `cluster state ${raw.clusterState}` }]
            : []),
          ...(raw.nodes ?? [])
            .filter((n) => n.error)
            .map((n) => ({ level: 'bad' as const, text: `node ${n.addr} ${n.error}` })),
          ...redisAlerts({ info: raw.info, rates }),
        ],
      };
    } catch (err) {
      drop();
      if (err instanceof RedisPollError) throw err;
      if (signal.aborted && signal.reason instanceof Error && signal.reason.name === 'TimeoutError')
        throw new RedisPollError(`no answer within ${timeoutMs} ms (${redactUrl(hostOf(o.url))})`);
      throw new RedisPollError(describeRedisError(err, o.url));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  return pollSource<RedisSnapshot>({
    id: REDIS_SOURCE,
    intervalMs: o.intervalMs,
    timeoutMs: timeoutMs + 500,
    backoffCapMs: 10_000,
    fetch,
    close: () => drop(),
  });
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'redis';
  }
}
