// The chain source against real JSON-RPC dev nodes (ganache in-process), with our own HTTP
// front for 429 / malformed JSON / wrong chain ID / no answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chainSource } from '../../src/data/chain/source.js';
import type { ChainSnapshot } from '../../src/data/chain/types.js';
import { startDevNode, type DevNode } from '../helpers/devnode.js';
import { runSource, startRpcFront, type RpcFront, type RunningSource } from '../helpers/chain.js';
import { freePort } from '../helpers/redis.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function chain(opts: Parameters<typeof startDevNode>[0] = {}): Promise<DevNode> {
  const c = await startDevNode(opts);
  cleanups.push(() => c.close());
  return c;
}
async function front(target: string): Promise<RpcFront> {
  const f = await startRpcFront(target);
  cleanups.push(() => f.close());
  return f;
}
function run(
  endpoints: { name: string; url: string }[],
  extra: Partial<Parameters<typeof chainSource>[0]> = {},
) {
  const r: RunningSource<ChainSnapshot> = runSource(
    chainSource({
      endpoints,
      blockTimeSeconds: 1,
      stallMultiple: 3,
      intervalMs: 200,
      timeoutMs: 1000,
      ...extra,
    }),
  );
  cleanups.push(() => r.stop());
  return r;
}
const ep = (s: ChainSnapshot | undefined, name: string) => s?.endpoints.find((e) => e.name === name);

describe('chain source against a dev chain', () => {
  it('shows height, head age, gas, peers, latency and follows new blocks', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    await c.mine();
    const r = run([{ name: 'local', url: c.url }]);
    const s1 = await r.waitFor((s) => (ep(s.data, 'local')?.head?.height ?? -1) >= 1, 'first head');
    const e = ep(s1.data, 'local')!;
    expect(e.status).toBe('ok');
    expect(e.head!.chainId).toBe(1337);
    expect(e.head!.syncing).toBe(false);
    expect(e.head!.peers).toBe(0);
    expect(e.head!.gasPriceGwei).toBeGreaterThan(0);
    expect(e.head!.baseFeeGwei).toBeGreaterThan(0);
    expect(e.head!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(s1.data!.expectedChainId).toBe(1337);
    expect(s1.data!.chainIdFrom).toBe('first answer');
    const h = e.head!.height;
    await c.mine();
    await c.mine();
    const s2 = await r.waitFor((s) => (s.data?.highest ?? 0) >= h + 2, 'two more blocks');
    expect(ep(s2.data, 'local')!.lag).toBe(0);
    expect(s2.data!.blockIntervals.length).toBeGreaterThanOrEqual(1);
    expect(s2.data!.blockIntervals.every((x) => x >= 0 && x < 60)).toBe(true);
  });

  it('reads a WebSocket endpoint too', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    await c.mine();
    const r = run([{ name: 'ws', url: c.wsUrl }], { chainId: 1337 });
    const s = await r.waitFor((st) => ep(st.data, 'ws')?.status === 'ok', 'ws head');
    expect(ep(s.data, 'ws')!.kind).toBe('ws');
    expect(ep(s.data, 'ws')!.head!.height).toBeGreaterThanOrEqual(1);
  });

  it('a WebSocket endpoint that is refused, then killed mid-session, says so quickly and recovers', async () => {
    const port = await freePort();
    const r = run([{ name: 'ws', url: `ws://127.0.0.1:${port}` }], { chainId: 1337, timeoutMs: 10_000 });
    const s = await r.waitFor((st) => ep(st.data, 'ws')?.status === 'error', 'refused', 5000);
    expect(ep(s.data, 'ws')!.error).toBe('WebSocket connection failed');
    const c = await startDevNode({ port, blockTimeSeconds: 0 });
    await r.waitFor((st) => ep(st.data, 'ws')?.status === 'ok', 'ws up', 30_000);
    await c.close();
    await r.waitFor((st) => ep(st.data, 'ws')?.status === 'error', 'ws killed', 5000);
    const back = await chain({ port, blockTimeSeconds: 0 });
    await back.mine();
    await r.waitFor((st) => ep(st.data, 'ws')?.status === 'ok', 'ws back', 30_000);
  });

  it('a server down at start is an error in words, and recovers when it comes up', async () => {
    const port = await freePort();
    const r = run([{ name: 'late', url: `http://127.0.0.1:${port}` }], { chainId: 1337 });
    const s = await r.waitFor((st) => st.status === 'error', 'error');
    expect(s.error).toMatch(/late: connection refused/);
    expect(ep(s.data, 'late')!.error).toBe('connection refused');
    expect(s.data!.alerts.some((a) => a.kind === 'down')).toBe(true);
    const c = await chain({ port, blockTimeSeconds: 0 });
    await c.mine();
    await r.waitFor((st) => st.status === 'ok' && ep(st.data, 'late')?.status === 'ok', 'recovered', 30_000);
  });

  it('a node killed mid-session is reported, and the pane recovers when it is back', async () => {
    const port = await freePort();
    const c = await startDevNode({ port, blockTimeSeconds: 0 });
    await c.mine();
    const r = run([{ name: 'node', url: c.url }], { chainId: 1337 });
    await r.waitFor((st) => ep(st.data, 'node')?.status === 'ok', 'first head');
    await c.close();
    const s = await r.waitFor((st) => ep(st.data, 'node')?.status === 'error', 'error after kill');
    expect(ep(s.data, 'node')!.error).toMatch(/connection refused|connection reset|no answer/);
    expect(ep(s.data, 'node')!.head).toBeDefined(); // last good head kept
    const back = await chain({ port, blockTimeSeconds: 0 });
    await back.mine();
    await r.waitFor((st) => ep(st.data, 'node')?.status === 'ok', 'back', 30_000);
  });

  it('HTTP 429, malformed JSON and a hung server each say what is wrong; the other endpoint keeps updating', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    await c.mine();
    const f = await front(c.url);
    const r = run(
      [
        { name: 'good', url: c.url },
        { name: 'front', url: f.url },
      ],
      { chainId: 1337 },
    );
    await r.waitFor(
      (st) => ep(st.data, 'front')?.status === 'ok' && ep(st.data, 'good')?.status === 'ok',
      'both ok',
    );

    f.mode = '429';
    const before = f.requests;
    let s = await r.waitFor((st) => ep(st.data, 'front')?.status === 'error', '429 error');
    expect(ep(s.data, 'front')!.error).toMatch(/HTTP 429.*rate limited/);
    // No retry storm: ethers' 12 retries are off.
    expect(f.requests - before).toBeLessThanOrEqual(2);
    expect(s.status).toBe('ok'); // the other endpoint keeps the source live
    const h = s.data!.highest!;
    await c.mine();
    await r.waitFor((st) => (ep(st.data, 'good')?.head?.height ?? 0) > h, 'good endpoint keeps updating');

    f.mode = 'malformed';
    s = await r.waitFor((st) => /malformed/.test(ep(st.data, 'front')?.error ?? ''), 'malformed error');
    expect(ep(s.data, 'front')!.error).toBe('malformed JSON-RPC answer');

    f.mode = 'hang';
    await r.waitFor(
      (st) => /no answer within 1000 ms/.test(ep(st.data, 'front')?.error ?? ''),
      'timeout',
      20_000,
    );

    f.mode = 'forward';
    await r.waitFor((st) => ep(st.data, 'front')?.status === 'ok', 'front recovers', 30_000);
  });

  it('through a TCP proxy: a connection cut mid-request and a node that stops answering', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    await c.mine();
    const px = await startTcpProxy(c.port);
    cleanups.push(() => px.close());
    const r = run([{ name: 'px', url: px.url('http') }], { chainId: 1337 });
    await r.waitFor((st) => ep(st.data, 'px')?.status === 'ok', 'through the proxy');
    const cutAt = Date.now();
    px.cut();
    await r.waitFor(
      (st) => ep(st.data, 'px')?.status === 'ok' && (ep(st.data, 'px')?.okAt ?? 0) > cutAt + 300,
      'live after a cut',
    );
    px.hang();
    const s = await r.waitFor((st) => ep(st.data, 'px')?.status === 'error', 'no answer', 20_000);
    expect(ep(s.data, 'px')!.error).toBe('no answer within 1000 ms');
    px.resume();
    await r.waitFor((st) => ep(st.data, 'px')?.status === 'ok', 'answers again', 30_000);
  });

  it('a different chain ID is an error for that endpoint', async () => {
    const c = await chain({ blockTimeSeconds: 0 });
    const f = await front(c.url);
    f.mode = 'chainId';
    const r = run(
      [
        { name: 'right', url: c.url },
        { name: 'wrong', url: f.url },
      ],
      { chainId: 1337 },
    );
    const s = await r.waitFor(
      (st) => ep(st.data, 'wrong')?.status === 'error' && ep(st.data, 'right')?.status === 'ok',
      'wrong chain',
    );
    expect(ep(s.data, 'wrong')!.error).toBe('wrong chain ID: eth_chainId is 5, expected 1337');
    expect(s.data!.alerts.find((a) => a.endpoint === 'wrong')?.kind).toBe('chainId');
  });

  it('a stalled chain is flagged by head age, and cleared when it resumes', async () => {
    const c = await chain({ blockTimeSeconds: 1 });
    const r = run([{ name: 'dev', url: c.url }], { chainId: 1337, stallMultiple: 2 });
    await r.waitFor((st) => (st.data?.highest ?? 0) >= 1, 'blocks flowing', 20_000);
    c.stall();
    let s = await r.waitFor((st) => !!st.data?.alerts.some((a) => a.kind === 'stalled'), 'stalled', 20_000);
    expect(s.data!.alerts.find((a) => a.kind === 'stalled')!.text).toMatch(
      /dev: head #\d+ is \d+s old \(stalled; expected a block every 1s\)/,
    );
    c.resume();
    s = await r.waitFor((st) => !st.data?.alerts.some((a) => a.kind === 'stalled'), 'resumed', 20_000);
    expect(s.status).toBe('ok');
  });

  it('two dev nodes whose heads diverge are flagged, and how far each lags is shown', async () => {
    const a = await chain({ blockTimeSeconds: 0 });
    const b = await chain({ blockTimeSeconds: 0 });
    for (let i = 0; i < 3; i++) await a.mine();
    await b.mine();
    const r = run(
      [
        { name: 'a', url: a.url },
        { name: 'b', url: b.url },
      ],
      { chainId: 1337, stallMultiple: 100 },
    );
    const s = await r.waitFor((st) => !!st.data?.alerts.some((x) => x.kind === 'diverged'), 'diverged');
    expect(s.data!.alerts.find((x) => x.kind === 'diverged')!.text).toMatch(
      /a and b diverge: different blocks at #\d+/,
    );
    expect(s.data!.highest).toBe(3);
    expect(ep(s.data, 'b')!.lag).toBe(2);
    expect(ep(s.data, 'a')!.lag).toBe(0);
  });

  it('dead HTTP and WebSocket endpoints print nothing (no ethers network-detection retry logging)', async () => {
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    cleanups.push(async () => spies.forEach((sp) => sp.mockRestore()));
    const p1 = await freePort();
    const p2 = await freePort();
    const r = run([
      { name: 'deadhttp', url: `http://127.0.0.1:${p1}` },
      { name: 'deadws', url: `ws://127.0.0.1:${p2}` },
    ]);
    await r.waitFor(
      (st) => (ep(st.data, 'deadhttp')?.failures ?? 0) >= 3 && (ep(st.data, 'deadws')?.failures ?? 0) >= 3,
      'several failed rounds',
      20_000,
    );
    for (const sp of spies) expect(sp).not.toHaveBeenCalled();
  });

  it('never shows credentials or API keys from the URL', async () => {
    const port = await freePort();
    const r = run(
      [{ name: 'infura', url: `http://user:hunter2@127.0.0.1:${port}/v3/abcdef0123456789abcdef` }],
      { chainId: 1 },
    );
    const s = await r.waitFor((st) => st.status === 'error', 'error');
    const text = JSON.stringify(s);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abcdef0123456789abcdef');
  });
});
