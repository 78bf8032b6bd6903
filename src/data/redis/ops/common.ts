// Shared by the Redis operations: where to connect, the target's context (host:port), the
// database index, a short-lived connection, and the redis-cli line equivalent to an op.
import type { ActionEnv, Target } from '../../../ops/operation.js';
import { shq } from '../../../ops/operation.js';
import { closeRedis, openRedis, type RedisClient } from '../client.js';

export function redisUrl(env: ActionEnv): string | undefined {
  return env.redisUrl ?? env.config.redis?.url;
}

export interface RedisWhere {
  host: string;
  port: number;
  db: number;
  /** The ACL user, when the URL names one. */
  user?: string;
  /** Whether the URL carries a password (redis-cli then asks for it: --askpass). */
  auth: boolean;
  tls: boolean;
}

export function redisWhere(env: ActionEnv): RedisWhere {
  const url = redisUrl(env) ?? 'redis://127.0.0.1:6379';
  try {
    const u = new URL(url);
    const db = Number(u.pathname.replace(/^\//, '') || '0');
    const user = decodeURIComponent(u.username);
    return {
      host: u.hostname || '127.0.0.1',
      port: Number(u.port || 6379),
      db: Number.isFinite(db) ? db : 0,
      ...(user && user !== 'default' ? { user } : {}),
      auth: !!u.password,
      tls: u.protocol === 'rediss:',
    };
  } catch {
    return { host: '127.0.0.1', port: 6379, db: 0, auth: false, tls: false };
  }
}

export function redisTarget(
  env: ActionEnv,
  kind: string,
  name: string,
  confirmName: string,
): Target | undefined {
  if (!redisUrl(env)) return undefined;
  const w = redisWhere(env);
  return { backend: 'redis', context: `${w.host}:${w.port}`, kind, name, confirmName };
}

export async function withRedis<T>(env: ActionEnv, fn: (c: RedisClient) => Promise<T>): Promise<T> {
  const url = redisUrl(env);
  if (!url) throw new Error('Redis is not configured (redis.url)');
  const client = await openRedis({
    url,
    cluster: env.config.redis?.cluster,
    timeoutMs: 10_000,
    name: 'warroom-action',
  });
  try {
    return await fn(client);
  } finally {
    closeRedis(client);
  }
}

/**
 * `redis-cli -h H -p P [--tls] [--user U] [--askpass] [-n DB] ARGS…`: never the password
 * (--askpass prompts for it; redis-cli also reads REDISCLI_AUTH).
 */
export function redisCli(env: ActionEnv, args: string[], withDb = true): string {
  const w = redisWhere(env);
  return [
    'redis-cli',
    '-h',
    w.host,
    '-p',
    String(w.port),
    ...(w.tls ? ['--tls'] : []),
    ...(w.user ? ['--user', w.user] : []),
    ...(w.auth ? ['--askpass'] : []),
    ...(withDb && w.db ? ['-n', String(w.db)] : []),
    ...args,
  ]
    .map(shq)
    .join(' ');
}

/** The master nodes to act on: every master of a cluster, or the one server. */
export function masters(c: RedisClient): RedisClient[] {
  return 'nodes' in c && typeof (c as { nodes?: unknown }).nodes === 'function' && c.isCluster
    ? (c.nodes('master') as RedisClient[])
    : [c];
}

/** Counts keys matching a pattern with SCAN (never KEYS), on every master, keeping a few. */
export async function scanMatching(
  c: RedisClient,
  pattern: string,
  signal: AbortSignal,
  keep = 10,
): Promise<{ count: number; sample: string[] }> {
  const seen = new Set<string>();
  for (const node of masters(c)) {
    let cursor = '0';
    do {
      if (signal.aborted) throw new Error('cancelled');
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) seen.add(k);
    } while (cursor !== '0');
  }
  return { count: seen.size, sample: [...seen].sort().slice(0, keep) };
}

/**
 * The key groups under a prefix, for Tab completion: one SCAN page sample of at most ~2,000
 * keys, grouped by the next segment (`cache:item:*` with how many of the sample are in it).
 */
export async function keyGroups(c: RedisClient, prefix: string): Promise<{ word: string; note: string }[]> {
  const counts = new Map<string, number>();
  let cursor = '0';
  let seen = 0;
  do {
    const [next, keys] = await c.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) {
      const rest = k.slice(prefix.length);
      const i = rest.search(/[:.]/);
      const group = i < 0 ? k : `${prefix}${rest.slice(0, i + 1)}*`;
      counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    seen += keys.length;
  } while (cursor !== '0' && seen < 2000);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([word, n]) => ({ word, note: ` (${n}${cursor === '0' ? '' : '+'})` }));
}

/** Redis glob characters: the literal prefix before the first one is what the responder types. */
export function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?[\\]/);
  return i < 0 ? pattern : pattern.slice(0, i);
}
