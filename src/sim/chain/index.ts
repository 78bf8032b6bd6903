// A small Ethereum JSON-RPC dev chain of our own for the demo and tests: HTTP on 127.0.0.1,
// one block every blockTimeSeconds from our own timer (so stall() and resume() are exact),
// mine() for one block now. The methods are in rpc.ts, the blocks in blocks.ts. Tested with
// ethers' JsonRpcProvider and plain curl (test/sim/chain.test.ts).
import http from 'node:http';
import { listenLocal } from '../listen.js';
import { Blocks } from './blocks.js';
import { handleRpc, type RpcState } from './rpc.js';

export interface DevChain {
  url: string;
  port: number;
  chainId: number;
  /** The current head's number. */
  height(): number;
  /** Produces one block now. */
  mine(): void;
  /** Stop producing blocks (the head ages). */
  stall(): void;
  /** Produce blocks again (one immediately). */
  resume(): void;
  stalled(): boolean;
  /** How many peers net_peerCount reports (default 3). */
  setPeers(n: number): void;
  close(): Promise<void>;
}

export interface DevChainOptions {
  port?: number;
  /** Seconds between blocks; 0 = blocks only on mine(). Default 1. */
  blockTimeSeconds?: number;
  chainId?: number;
  /** Seed of the block contents (transactions, gas used). */
  seed?: number;
}

const MAX_BODY = 1024 * 1024;
const MINER = '0x00000000000000000000000000000000000000c0';

export async function startDevChain(opts: DevChainOptions = {}): Promise<DevChain> {
  const chainId = opts.chainId ?? 1337;
  const blockTime = opts.blockTimeSeconds ?? 1;
  const state: RpcState = { blocks: new Blocks(chainId, MINER, opts.seed ?? chainId), peers: 3 };
  let timer: NodeJS.Timeout | undefined;
  let stalled = false;
  let closed = false;

  const server = http.createServer((req, res) => {
    const reply = (status: number, body?: string) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body);
    };
    if (req.method !== 'POST') {
      reply(405, JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'POST only' } }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reply(413);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const out = handleRpc(state, Buffer.concat(chunks).toString('utf8'));
      if (out === undefined) reply(204);
      else reply(200, out);
    });
  });
  const listening = await listenLocal(server, opts.port);

  const mine = () => {
    if (!closed) state.blocks.mine();
  };
  const start = () => {
    if (timer || blockTime <= 0 || closed) return;
    timer = setInterval(mine, blockTime * 1000);
    timer.unref?.();
  };
  const halt = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  start();
  return {
    url: listening.url,
    port: listening.port,
    chainId,
    height: () => state.blocks.head.number,
    mine,
    stall() {
      stalled = true;
      halt();
    },
    resume() {
      stalled = false;
      mine();
      start();
    },
    stalled: () => stalled,
    setPeers(n) {
      state.peers = n;
    },
    async close() {
      closed = true;
      halt();
      await listening.close();
    },
  };
}
