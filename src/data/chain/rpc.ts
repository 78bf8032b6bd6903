// One JSON-RPC endpoint through ethers v6, configured against ethers' defaults that misbehave
// with a dead or throttling endpoint: a static network (no endless network detection), a
// short request timeout instead of 300 s, no 429 retries (the source's own backoff applies),
// no response cache. A WebSocket is opened by us with an error handler so a refused socket
// is an error in words, not an unhandled event. Callers destroy() a provider they give up on.
import type { JsonRpcApiProvider } from 'ethers';
import { performance } from 'node:perf_hooks';
import { errorText } from '../../util/redact.js';
import { sanitize } from '../../util/sanitize.js';
import type { ChainHead } from './types.js';

export interface RpcTarget {
  url: string;
  /** Used as ethers' static network; any positive chain ID when unknown (nothing is signed). */
  chainId?: number;
  timeoutMs: number;
}

export function endpointKind(url: string): 'http' | 'ws' {
  return /^wss?:/i.test(url) ? 'ws' : 'http';
}

export interface Endpoint {
  provider: JsonRpcApiProvider;
  /** Rejects when a WebSocket fails or closes (an HTTP endpoint never rejects here). */
  broken: Promise<never>;
}

export async function createProvider(t: RpcTarget): Promise<Endpoint> {
  const { FetchRequest, JsonRpcProvider, Network, WebSocketProvider } = await import('ethers');
  const network = Network.from(t.chainId ?? 1);
  const options = { staticNetwork: network, cacheTimeout: -1, batchMaxCount: 10, polling: false };
  if (endpointKind(t.url) === 'ws') {
    let fail: (e: Error) => void = () => undefined;
    const broken = new Promise<never>((_, reject) => (fail = reject));
    broken.catch(() => undefined);
    const create = () => {
      const ws = new WebSocket(t.url);
      let opened = false;
      ws.addEventListener('open', () => (opened = true));
      // A refused or dropped socket fails the pending request now instead of at the timeout.
      ws.addEventListener('error', () =>
        fail(new RpcError(opened ? 'WebSocket error' : 'WebSocket connection failed')),
      );
      ws.addEventListener('close', (ev) =>
        fail(new RpcError(opened ? `WebSocket closed (${ev.code})` : 'WebSocket connection failed')),
      );
      return ws as unknown as import('ethers').WebSocketLike;
    };
    // Socket providers refuse batches.
    return { provider: new WebSocketProvider(create, network, { ...options, batchMaxCount: 1 }), broken };
  }
  const u = new URL(t.url);
  let req: InstanceType<typeof FetchRequest>;
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    u.username = '';
    u.password = '';
    req = new FetchRequest(u.toString());
    req.setCredentials(user, pass);
    req.allowInsecureAuthentication = true;
  } else req = new FetchRequest(t.url);
  req.timeout = t.timeoutMs;
  // A 429 is answered as it is (no retry): the source's backoff decides when to ask again.
  req.retryFunc = async () => false;
  req.setThrottleParams({ maxAttempts: 1 });
  return {
    provider: new JsonRpcProvider(req, network, options),
    broken: new Promise<never>(() => undefined),
  };
}

/** Destroys a provider, swallowing anything it throws on the way out. */
export function destroyProvider(p: JsonRpcApiProvider | undefined): void {
  if (!p) return;
  try {
    const r = p.destroy() as unknown;
    if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => undefined);
  } catch {
    // already gone
  }
}

const hexNum = (v: unknown): number | undefined => {
  if (typeof v !== 'string' || !/^0x[0-9a-f]+$/i.test(v)) return undefined;
  return Number(BigInt(v));
};
const gwei = (v: unknown): number | undefined => {
  if (typeof v !== 'string' || !/^0x[0-9a-f]+$/i.test(v)) return undefined;
  return Number(BigInt(v)) / 1e9;
};

export class RpcError extends Error {}

/** Reads one head: chain ID, latest block, syncing, peers, gas price (one batched request). */
export async function readHead(p: JsonRpcApiProvider, refHeight?: number): Promise<ChainHead> {
  const t0 = performance.now();
  const optional = <T>(x: Promise<T>) => x.catch(() => undefined);
  const [chainIdHex, block, syncing, peers, gasPrice, ref] = await Promise.all([
    p.send('eth_chainId', []),
    p.send('eth_getBlockByNumber', ['latest', false]),
    optional(p.send('eth_syncing', [])),
    optional(p.send('net_peerCount', [])),
    optional(p.send('eth_gasPrice', [])),
    refHeight !== undefined
      ? optional(p.send('eth_getBlockByNumber', [`0x${refHeight.toString(16)}`, false]))
      : Promise.resolve(undefined),
  ]);
  const latencyMs = Math.round(performance.now() - t0);
  const chainId = hexNum(chainIdHex);
  if (chainId === undefined) throw new RpcError(`malformed eth_chainId answer: ${show(chainIdHex)}`);
  const b = block as Record<string, unknown> | null;
  const height = hexNum(b?.number);
  const ts = hexNum(b?.timestamp);
  if (!b || height === undefined || ts === undefined || typeof b.hash !== 'string')
    throw new RpcError(`malformed latest block: ${show(block)}`);
  const r = ref as Record<string, unknown> | undefined | null;
  const refH = hexNum(r?.number);
  let sync: ChainHead['syncing'] = false;
  if (syncing && typeof syncing === 'object') {
    const s = syncing as Record<string, unknown>;
    sync = { current: hexNum(s.currentBlock), highest: hexNum(s.highestBlock) };
  }
  return {
    chainId,
    height,
    hash: b.hash,
    timestampMs: ts * 1000,
    syncing: sync,
    peers: hexNum(peers),
    gasPriceGwei: gwei(gasPrice),
    baseFeeGwei: gwei(b.baseFeePerGas),
    latencyMs,
    ref: r && refH !== undefined && typeof r.hash === 'string' ? { height: refH, hash: r.hash } : undefined,
  };
}

function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return sanitize(s, 60);
}

/** An ethers or network error in words: HTTP status, timeout, malformed JSON, refused. */
export function describeRpcError(err: unknown, timeoutMs: number): string {
  if (err instanceof RpcError) return err.message;
  const e = err as {
    code?: string;
    shortMessage?: string;
    info?: { responseStatus?: string; responseBody?: string };
    error?: { message?: string; code?: number };
    cause?: { code?: string };
    message?: string;
  };
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const status = e?.info?.responseStatus;
  const msg = errorText(e?.shortMessage ?? err);
  const m = /(\d{3})\s*([^()]*)/.exec(status ?? '') ?? /server response (\d{3})\s*([^(]*)/.exec(msg);
  if (m) {
    const code = Number(m[1]);
    const words =
      code === 429 ? 'rate limited' : code === 401 || code === 403 ? 'access denied' : 'server error';
    return `HTTP ${code} ${m[2]!.trim()} (${words})`.replace(/\s+\(/, ' (');
  }
  if (e?.code === 'TIMEOUT' || /timeout/i.test(msg)) return `no answer within ${timeoutMs} ms`;
  if (/ECONNREFUSED/.test(msg) || e?.cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (/ECONNRESET|socket hang up/i.test(msg)) return 'connection reset';
  if (/ENOTFOUND|EAI_AGAIN/.test(msg)) return 'host not found';
  if (e?.code === 'BAD_DATA' || /invalid JSON|Unexpected token|JSON/i.test(msg))
    return 'malformed JSON-RPC answer';
  if (e?.error?.message) return `RPC error: ${sanitize(errorText(e.error.message), 120)}`;
  return sanitize(msg, 160);
}
