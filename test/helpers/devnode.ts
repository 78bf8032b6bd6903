// A real Ethereum dev node for the chain pane's tests: ganache (a dev dependency) in this
// process, speaking JSON-RPC over HTTP and WebSocket on 127.0.0.1, so that the chain source is
// proven against a node that is not ours (the demo uses src/sim/chain, our own dev chain).
// Blocks are produced by our own timer (evm_mine every blockTimeSeconds) so that stall() and
// resume() are exact; mine() produces one block now.
import type net from 'node:net';

export interface DevNode {
  url: string;
  wsUrl: string;
  port: number;
  chainId: number;
  mine(): Promise<void>;
  /** Stop producing blocks (the head ages). */
  stall(): void;
  /** Produce blocks again (one immediately). */
  resume(): void;
  close(): Promise<void>;
}

export interface DevNodeOptions {
  port?: number;
  /** Seconds between blocks; 0 = blocks only on mine() (and on transactions). Default 1. */
  blockTimeSeconds?: number;
  chainId?: number;
}

interface GanacheServer {
  listen(port: number, host: string): Promise<void>;
  close(): Promise<void>;
  address(): net.AddressInfo;
  provider: { request(a: { method: string; params: unknown[] }): Promise<unknown> };
}

let ganacheMod: Promise<{ server(o: unknown): GanacheServer }> | undefined;

/** ganache prints a native-module fallback warning on first load: keep it off the terminal. */
function loadGanache() {
  ganacheMod ??= (async () => {
    const warn = console.warn;
    const error = console.error;
    console.warn = () => undefined;
    console.error = () => undefined;
    try {
      const m = (await import('ganache')) as unknown as { default: { server(o: unknown): GanacheServer } };
      return m.default;
    } finally {
      console.warn = warn;
      console.error = error;
    }
  })();
  return ganacheMod;
}

export async function startDevNode(opts: DevNodeOptions = {}): Promise<DevNode> {
  const ganache = await loadGanache();
  const chainId = opts.chainId ?? 1337;
  const blockTime = opts.blockTimeSeconds ?? 1;
  const server = ganache.server({
    logging: { quiet: true },
    chain: { chainId },
    miner: { blockTime: 0, instamine: 'eager' },
    wallet: { totalAccounts: 2 },
  });
  await server.listen(opts.port ?? 0, '127.0.0.1');
  const port = server.address().port;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const mine = async () => {
    if (closed) return;
    await server.provider.request({ method: 'evm_mine', params: [] });
  };
  const start = () => {
    if (timer || blockTime <= 0 || closed) return;
    timer = setInterval(() => void mine().catch(() => undefined), blockTime * 1000);
    timer.unref?.();
  };
  start();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    chainId,
    mine,
    stall() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    resume() {
      void mine().catch(() => undefined);
      start();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await server.close();
    },
  };
}
