// The one way warroom opens a Redis connection: standalone or cluster, TLS from `rediss://`,
// ACL user and password from the URL. No offline queue, no automatic reconnect loop and no
// command retries: the caller (the source's poll loop, or an action) decides when to try
// again, and every command fails fast with a reason in words. The action palette reuses
// `openRedis` for its own short-lived connection (FLUSHDB, SCAN + UNLINK).
import type { Cluster, Redis } from 'ioredis';
import { errorText, redactUrl } from '../../util/redact.js';

export interface RedisTarget {
  url: string;
  cluster?: boolean;
  /** Connect and per-command timeout (ms). */
  timeoutMs?: number;
  /** CLIENT SETNAME, so operators can tell warroom's connections apart. */
  name?: string;
  /**
   * Extra TLS options for `rediss://` (e.g. a private CA). Without them Node's trust store
   * applies, which NODE_EXTRA_CA_CERTS extends.
   */
  tls?: import('node:tls').ConnectionOptions;
}

export type RedisClient = Redis | Cluster;

/** Creates a client (not yet connected). ioredis is imported here, never at start-up. */
export async function createRedisClient(t: RedisTarget): Promise<RedisClient> {
  // ioredis is CommonJS: bundled, its named exports sit on the default export.
  const mod = (await import('ioredis')) as typeof import('ioredis') & { default?: typeof import('ioredis') };
  const { Redis, Cluster } = mod.Redis ? mod : mod.default!;
  const timeout = t.timeoutMs ?? 3000;
  const common = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeout,
    commandTimeout: timeout,
    retryStrategy: () => null,
    reconnectOnError: () => false as const,
    connectionName: t.name ?? 'warroom',
    enableReadyCheck: true,
  };
  let client: RedisClient;
  if (t.cluster) {
    const u = new URL(t.url);
    const tls = u.protocol === 'rediss:' ? { ...t.tls } : undefined;
    client = new Cluster([{ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379) }], {
      lazyConnect: true,
      // The cluster's own ready check is sent while the node connections are still opening:
      // without a queue it fails, and connect() then never settles. commandTimeout bounds it.
      enableOfflineQueue: true,
      // A cluster whose state is 'fail' (a master down) is exactly what an operator must see:
      // ioredis' ready check would refuse to connect to it. The source reports the state.
      enableReadyCheck: false,
      maxRedirections: 4,
      clusterRetryStrategy: () => null,
      slotsRefreshTimeout: timeout,
      redisOptions: {
        ...common,
        lazyConnect: false,
        username: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        tls,
      },
    });
  } else {
    client = new Redis(t.url, t.tls && /^rediss:/i.test(t.url) ? { ...common, tls: t.tls } : common);
  }
  // Errors surface through the failing command; without a listener ioredis would print them.
  client.on('error', () => undefined);
  return client;
}

/** Creates and connects a client; on failure it is closed and the error says why in words. */
export async function openRedis(t: RedisTarget): Promise<RedisClient> {
  const client = await createRedisClient(t);
  // connect() rejects with a bare "Connection is closed"; the cause (ECONNREFUSED, NOAUTH,
  // WRONGPASS) arrives as an 'error' event first.
  let cause: unknown;
  const onError = (e: unknown) => (cause ??= e);
  client.on('error', onError);
  const timeout = t.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    // connect() can stay pending when a cluster's handshake fails half-way: bound it.
    const connecting = client.connect();
    connecting.catch(() => undefined);
    await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Command timed out')), timeout + 500);
      }),
    ]);
    if (client.status !== 'ready') throw new Error(`connection ${client.status}`);
    return client;
  } catch (err) {
    client.disconnect();
    throw new Error(describeRedisError(cause ?? err, t.url), { cause: err });
  } finally {
    clearTimeout(timer);
    client.off('error', onError);
  }
}

/** Closes without waiting for the server (which may not answer). */
export function closeRedis(client: RedisClient | undefined): void {
  if (!client) return;
  try {
    client.disconnect();
  } catch {
    // already closed
  }
}

/** A Redis or network error in words, with the server named and no secret in it. */
export function describeRedisError(err: unknown, url?: string): string {
  const text = errorText(err);
  const code = (err as { code?: string } | undefined)?.code;
  const where = url ? ` (${redactUrl(safeHost(url))})` : '';
  if (/^NOAUTH\b/.test(text)) return `authentication required: the server wants a password (NOAUTH)${where}`;
  if (/^WRONGPASS\b/.test(text)) return `wrong user name or password (WRONGPASS)${where}`;
  if (/^NOPERM\b/.test(text)) return `permission denied: ${text.replace(/^NOPERM\s*/, '')}${where}`;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) return `connection refused${where}`;
  if (code === 'ENOTFOUND' || /ENOTFOUND/.test(text)) return `host not found${where}`;
  if (code === 'ECONNRESET' || /ECONNRESET/.test(text)) return `connection reset${where}`;
  if (/Command timed out/i.test(text)) return `no answer within the timeout${where}`;
  if (/connect ETIMEDOUT|ETIMEDOUT/.test(text)) return `connection timed out${where}`;
  if (/Connection is closed|Stream isn't writeable/i.test(text)) return `connection closed${where}`;
  if (/wrong version number|SSL|TLS|certificate/i.test(text)) return `TLS handshake failed: ${text}${where}`;
  return `${text}${where}`;
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return '';
  }
}
