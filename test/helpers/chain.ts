// Helpers for chain and Redis source tests: run a real source against a real store through
// the real SourceHub, and an HTTP front of our own before a real JSON-RPC node that can
// answer 429, malformed JSON, a different chain ID, or nothing at all.
import http from 'node:http';
import type net from 'node:net';
import { SourceHub, type Source } from '../../src/data/source.js';
import { createAppStore, createBatcher, type SourceState } from '../../src/store/store.js';
import { waitFor } from './wait.js';

export interface RunningSource<T> {
  state(): SourceState<T> | undefined;
  waitFor(pred: (s: SourceState<T>) => boolean, what: string, timeoutMs?: number): Promise<SourceState<T>>;
  stop(): Promise<void>;
}

export function runSource<T>(source: Source): RunningSource<T> {
  const store = createAppStore();
  const batcher = createBatcher(store, 10);
  const hub = new SourceHub(batcher);
  hub.add(source, 60_000);
  const state = () => store.getState().sources[source.id] as SourceState<T> | undefined;
  return {
    state,
    waitFor: async (pred, what, timeoutMs = 15_000) =>
      (await waitFor(state, (s) => !!s && pred(s), { what, timeoutMs, intervalMs: 25 }))!,
    stop: async () => {
      await hub.stopAll();
      batcher.dispose();
    },
  };
}

export type FrontMode = 'forward' | '429' | 'malformed' | 'chainId' | 'hang' | 'html500';

export interface RpcFront {
  url: string;
  mode: FrontMode;
  requests: number;
  close(): Promise<void>;
}

/** An HTTP JSON-RPC front before `target` whose behaviour is switched by `mode`. */
export async function startRpcFront(target: string, chainIdOverride = '0x5'): Promise<RpcFront> {
  const held = new Set<http.ServerResponse>();
  const front: RpcFront = {
    url: '',
    mode: 'forward',
    requests: 0,
    close: async () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      front.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      switch (front.mode) {
        case '429':
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end('{"jsonrpc":"2.0","error":{"code":-32005,"message":"rate limited"},"id":null}');
          return;
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"jsonrpc":"2.0","result": [oops');
          return;
        case 'html500':
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html>bad gateway</html>');
          return;
        case 'hang':
          held.add(res);
          return;
      }
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (r) => {
          let text = await r.text();
          if (front.mode === 'chainId') {
            const parsed = JSON.parse(text) as
              { id: unknown; result?: unknown }[] | { id: unknown; result?: unknown };
            const reqs = JSON.parse(body) as
              { id: unknown; method: string }[] | { id: unknown; method: string };
            const list = Array.isArray(parsed) ? parsed : [parsed];
            const rl = Array.isArray(reqs) ? reqs : [reqs];
            for (const item of list) {
              const q = rl.find((x) => x.id === item.id);
              if (q?.method === 'eth_chainId') item.result = chainIdOverride;
            }
            text = JSON.stringify(parsed);
          }
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  front.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return front;
}
