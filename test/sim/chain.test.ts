// Our dev chain (src/sim/chain) over the wire: ethers' JsonRpcProvider (with a static network
// as the chain pane makes it, and with network detection), plain curl JSON-RPC (single calls,
// batches, notifications, errors), blocks on a timer, stall and resume, and the chain pane's
// own source reading it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FetchRequest, JsonRpcProvider, Network } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { chainSource } from '../../src/data/chain/source.js';
import type { ChainSnapshot } from '../../src/data/chain/types.js';
import { startDevChain, type DevChain } from '../../src/sim/chain/index.js';
import { runSource } from '../helpers/chain.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function chain(opts: Parameters<typeof startDevChain>[0] = {}): Promise<DevChain> {
  const c = await startDevChain(opts);
  cleanups.push(() => c.close());
  return c;
}

function provider(c: DevChain, staticNetwork = true): JsonRpcProvider {
  const p = staticNetwork
    ? new JsonRpcProvider(new FetchRequest(c.url), Network.from(c.chainId), {
        staticNetwork: Network.from(c.chainId),
        batchMaxCount: 10,
        cacheTimeout: -1,
        polling: false,
      })
    : new JsonRpcProvider(c.url);
  cleanups.push(() => p.destroy());
  return p;
}

async function curl(c: DevChain, body: string): Promise<{ status: number; json: any }> {
  const { stdout } = await run('curl', [
    '-s',
    '-w',
    '\n%{http_code}',
    '-H',
    'content-type: application/json',
    '--data',
    body,
    c.url,
  ]);
  const lines = stdout.split('\n');
  const status = Number(lines.pop());
  const text = lines.join('\n');
  return { status, json: text ? JSON.parse(text) : undefined };
}

describe('dev chain', () => {
  it('answers ethers JsonRpcProvider (static network and detected): head, blocks by number and hash, fees', async () => {
    const c = await chain({ blockTimeSeconds: 0, chainId: 31337 });
    for (let i = 0; i < 5; i++) c.mine();
    const p = provider(c);
    expect(await p.getBlockNumber()).toBe(5);
    const latest = (await p.getBlock('latest'))!;
    expect(latest.number).toBe(5);
    expect(latest.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(latest.gasLimit).toBe(30_000_000n);
    expect(latest.gasUsed).toBeGreaterThan(0n);
    expect(latest.baseFeePerGas).toBeGreaterThan(0n);
    expect(latest.transactions.length).toBeGreaterThan(0);
    expect(latest.miner).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(Math.abs(latest.timestamp - Date.now() / 1000)).toBeLessThan(5);
    const parent = (await p.getBlock(4))!;
    expect(latest.parentHash).toBe(parent.hash);
    expect((await p.getBlock(parent.hash!))!.number).toBe(4);
    expect(await p.getBlock(99)).toBeNull();
    const fees = await p.getFeeData();
    expect(fees.gasPrice).toBeGreaterThan(0n);
    expect(fees.maxPriorityFeePerGas).toBe(1_000_000_000n);
    expect(await p.send('eth_syncing', [])).toBe(false);
    expect(Number(await p.send('net_peerCount', []))).toBe(3);
    const [n, h] = await Promise.all([p.send('eth_blockNumber', []), p.send('net_version', [])]);
    expect([n, h]).toEqual(['0x5', '31337']);
    const hist = await p.send('eth_feeHistory', ['0x3', 'latest', [50]]);
    expect(hist.oldestBlock).toBe('0x3');
    expect(hist.baseFeePerGas).toHaveLength(4);
    expect(hist.gasUsedRatio).toHaveLength(3);
    expect(hist.reward).toHaveLength(3);

    const detected = provider(c, false);
    expect((await detected.getNetwork()).chainId).toBe(31337n);
    await expect(p.send('eth_sendRawTransaction', ['0x00'])).rejects.toThrow(/does not exist/);
  });

  it('speaks plain JSON-RPC to curl: batches, notifications, tags and the standard errors', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    c.mine();
    c.mine();
    const one = await curl(c, '{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}');
    expect(one).toEqual({ status: 200, json: { jsonrpc: '2.0', id: 7, result: '0x539' } });
    const batch = await curl(
      c,
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'eth_getBlockByNumber', params: ['0x1', false] },
        { jsonrpc: '2.0', method: 'eth_blockNumber', params: [] },
        { jsonrpc: '2.0', id: 3, method: 'eth_getBlockByNumber', params: ['earliest', false] },
        { jsonrpc: '2.0', id: 4, method: 'nope_nothing', params: [] },
        { jsonrpc: '2.0', id: 5, method: 'eth_getBlockByNumber', params: ['soon', false] },
        { id: 6, method: 'eth_chainId' },
      ]),
    );
    expect(batch.status).toBe(200);
    const byId = new Map<number, any>(batch.json.map((a: any) => [a.id, a]));
    expect(batch.json).toHaveLength(6);
    expect(byId.get(1).result).toBe('0x2');
    expect(byId.get(2).result).toMatchObject({ number: '0x1', gasLimit: '0x1c9c380' });
    expect(byId.get(3).result).toMatchObject({ number: '0x0', parentHash: `0x${'0'.repeat(64)}` });
    expect(byId.get(2).result.parentHash).toBe(byId.get(3).result.hash);
    expect(byId.get(4).error).toEqual({
      code: -32601,
      message: 'the method nope_nothing does not exist/is not available',
    });
    expect(byId.get(5).error.code).toBe(-32602);
    expect(byId.get(6).error.code).toBe(-32600);
    expect((await curl(c, '{"jsonrpc":"2.0","id":1,"method"')).json.error.code).toBe(-32700);
    expect((await curl(c, '[]')).json.error.code).toBe(-32600);
    expect((await curl(c, '{"jsonrpc":"2.0","method":"eth_chainId"}')).status).toBe(204);
    const get = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', c.url]);
    expect(get.stdout).toBe('405');
  });

  it('makes blocks on its timer; stall() stops them (the head ages), resume() mines at once and goes on', async () => {
    const c = await chain({ blockTimeSeconds: 0.05 });
    const p = provider(c);
    await waitFor(
      () => p.getBlockNumber(),
      (n) => n >= 3,
      { what: 'blocks on the timer' },
    );
    c.stall();
    expect(c.stalled()).toBe(true);
    const frozen = await p.getBlockNumber();
    // A second chain on the same timer makes several blocks meanwhile; the stalled one none.
    const control = await chain({ blockTimeSeconds: 0.05 });
    await waitFor(
      () => control.height(),
      (n) => n >= 5,
      { what: 'the control chain advancing' },
    );
    expect(await p.getBlockNumber()).toBe(frozen);
    c.resume();
    expect(await p.getBlockNumber()).toBe(frozen + 1);
    await waitFor(
      () => p.getBlockNumber(),
      (n) => n >= frozen + 3,
      { what: 'blocks again' },
    );
  });

  it('is read by the chain pane source like any node: head, gas, peers; a stall is alerted', async () => {
    const c = await chain({ blockTimeSeconds: 0.2, chainId: 1337 });
    const r = runSource<ChainSnapshot>(
      chainSource({
        endpoints: [{ name: 'dev', url: c.url }],
        chainId: 1337,
        blockTimeSeconds: 0.2,
        stallMultiple: 3,
        intervalMs: 100,
        timeoutMs: 1000,
      }),
    );
    cleanups.push(() => r.stop());
    const s = await r.waitFor(
      (x) => (x.data?.highest ?? 0) >= 2 && x.data?.endpoints[0]?.status === 'ok',
      'a live head',
    );
    const e = s.data!.endpoints[0]!;
    expect(e.head?.peers).toBe(3);
    expect(e.head?.gasPriceGwei).toBeGreaterThan(1);
    expect(e.head?.baseFeeGwei).toBeGreaterThan(0);
    expect(e.head?.syncing).toBe(false);
    c.stall();
    await r.waitFor(
      (x) => (x.data?.alerts ?? []).some((a) => /stall|no new block/i.test(a.text)),
      'a stall alert',
    );
  });
});
