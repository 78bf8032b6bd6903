// An RPC provider in front of the drill's one dev chain (the "network"): a JSON-RPC proxy that
// can stall like a provider whose node stopped following the chain. While stalled it answers
// at the height it stalled at — eth_blockNumber, and eth_getBlockByNumber('latest') — and null
// for newer blocks; everything else goes through. Two of these (primary, fallback) serve the
// same chain, so they agree on hashes and the chain pane sees one network with one lagging
// provider.
import http from 'node:http';
import { listenLocal } from '../sim/listen.js';

export interface RpcEndpoint {
  url: string;
  stalled(): boolean;
  /** Freeze at the current height (the head ages from now on). */
  stall(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

interface RpcCall {
  jsonrpc?: string;
  id?: unknown;
  method?: string;
  params?: unknown[];
}

const TAGS = new Set(['latest', 'pending', 'safe', 'finalized']);

async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(5000),
  });
  return res.text();
}

/** `upstream` may still be starting (a promise): calls wait for it, so the endpoint listens at once. */
export async function startRpcEndpoint(upstream: string | Promise<string>): Promise<RpcEndpoint> {
  const upstreamP = Promise.resolve(upstream);
  upstreamP.catch(() => undefined);
  let frozen: number | undefined;
  const hex = (n: number) => `0x${n.toString(16)}`;

  /** Answers a call locally while stalled, or rewrites it; undefined = forward as is. */
  const local = (c: RpcCall): { answer?: unknown; call?: RpcCall } => {
    if (frozen === undefined || !c || typeof c !== 'object') return { call: c };
    if (c.method === 'eth_blockNumber') return { answer: hex(frozen) };
    if (c.method === 'eth_getBlockByNumber' && Array.isArray(c.params)) {
      const tag = c.params[0];
      if (typeof tag === 'string' && TAGS.has(tag))
        return { call: { ...c, params: [hex(frozen), ...c.params.slice(1)] } };
      if (typeof tag === 'string' && /^0x[0-9a-f]+$/i.test(tag) && parseInt(tag, 16) > frozen)
        return { answer: null };
    }
    return { call: c };
  };

  const handle = async (text: string): Promise<string> => {
    let parsed: RpcCall | RpcCall[];
    try {
      parsed = JSON.parse(text) as RpcCall | RpcCall[];
    } catch {
      return post(await upstreamP, text);
    }
    const batch = Array.isArray(parsed) ? parsed : [parsed];
    const plans = batch.map(local);
    const forward = plans.filter((p) => p.call).map((p) => p.call!);
    let answers: { id?: unknown }[] = [];
    if (forward.length) {
      const out = JSON.parse(await post(await upstreamP, JSON.stringify(forward))) as
        { id?: unknown }[] | { id?: unknown };
      answers = Array.isArray(out) ? out : [out];
    }
    const byId = new Map(answers.map((a) => [JSON.stringify(a.id), a]));
    const result = batch.map((c, i) => {
      const p = plans[i]!;
      if (!p.call) return { jsonrpc: '2.0', id: c.id, result: p.answer };
      return (
        byId.get(JSON.stringify(c.id)) ?? {
          jsonrpc: '2.0',
          id: c.id,
          error: { code: -32603, message: 'no answer' },
        }
      );
    });
    return JSON.stringify(Array.isArray(parsed) ? result : result[0]);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(Buffer.concat(chunks).toString('utf8')).then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(body);
        },
        (err: Error) => {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: err.message } }),
          );
        },
      );
    });
  });
  const listening = await listenLocal(server);
  return {
    url: listening.url,
    stalled: () => frozen !== undefined,
    async stall() {
      const out = JSON.parse(
        await post(
          await upstreamP,
          JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
        ),
      ) as { result?: string };
      frozen = parseInt(out.result ?? '0x0', 16);
    },
    resume() {
      frozen = undefined;
    },
    close: listening.close,
  };
}
