// The built console in tmux against a real Redis (private server, password, behind our TCP
// proxy) and real dev chains (ganache in this process, one behind our HTTP front): the panes
// go live, say what is wrong in words when Redis dies or an RPC answers 429 or the chain
// stalls, recover without a restart, and the other pane keeps updating meanwhile.
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevNode, type DevNode } from '../helpers/devnode.js';
import { startRpcFront, type RpcFront } from '../helpers/chain.js';
import { startPrivateRedis, startTlsRedis, type PrivateRedis } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { ROOT, Tmux, warroomCmd } from '../helpers/tmux.js';

let redis: PrivateRedis;
let proxy: TcpProxy;
let dev: DevNode;
let other: DevNode;
let front: RpcFront;
let t: Tmux | undefined;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  redis = await startPrivateRedis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
  const a = new Redis(redis.url);
  await a.set('session:1', 'x');
  await a.config('SET', 'requirepass', 'e2e-s3cret-pw');
  a.disconnect();
  proxy = await startTcpProxy(redis.port);
  dev = await startDevNode({ blockTimeSeconds: 1 });
  other = await startDevNode({ blockTimeSeconds: 1 });
  front = await startRpcFront(other.url);
}, 120_000);
afterAll(async () => {
  await front?.close();
  await other?.close();
  await dev?.close();
  await proxy?.close();
  await redis?.stop();
});
afterEach(() => {
  t?.kill();
  t = undefined;
});

function config(home: string): string {
  const cfg = join(home, 'warroom.yaml');
  writeFileSync(
    cfg,
    [
      'redis:',
      `  url: "redis://:e2e-s3cret-pw@127.0.0.1:${proxy.port}"`,
      '  intervalMs: 500',
      'chain:',
      '  chainId: 1337',
      '  blockTimeSeconds: 1',
      '  stallMultiple: 4',
      '  intervalMs: 500',
      '  timeoutMs: 1500',
      '  endpoints:',
      `    - { name: devnode, url: "${dev.url}" }`,
      `    - { name: fronted, url: "${front.url}" }`,
      '',
    ].join('\n'),
  );
  return cfg;
}

const headOf = (s: string) => Number(/devnode\s+●\s+#(\d+)/.exec(s)?.[1] ?? -1);

describe('redis and chain panes in tmux', () => {
  it('live against real servers; faults in words; recovery without a restart', async () => {
    t = await Tmux.start({ cols: 200, rows: 50 });
    t.run(warroomCmd(`--config ${config(t.home)}`));
    // Both panes live.
    let s = await t.waitFor(
      (x) => /master · v\d/.test(x) && /ops\/s/.test(x) && headOf(x) >= 0 && /fronted\s+●/.test(x),
      { what: 'redis and chain live', timeoutMs: 30_000 },
    );
    expect(s).toMatch(/Redis\s+● live/);
    expect(s).toMatch(/Chain\s+● live/);
    expect(s).not.toContain('e2e-s3cret-pw');
    // The fronted node is a different chain (its own genesis): divergence is flagged.
    await t.waitForText(/devnode and fronted diverge|fronted and devnode diverge/, 20_000);

    // Redis killed mid-session: the pane says so in words, the chain pane keeps updating.
    await proxy.down();
    s = await t.waitForText(/Redis\s+✖ ERROR.*connection refused/, 20_000);
    const h0 = headOf(s);
    await t.waitFor((x) => headOf(x) > h0, {
      what: 'chain keeps updating while Redis is down',
      timeoutMs: 20_000,
    });
    await proxy.up();
    await t.waitForText(/Redis\s+● live/, 30_000);

    // RPC answering 429: that endpoint's row says so; Redis and the other endpoint keep going.
    front.mode = '429';
    s = await t.waitForText(/fronted\s+✖\s+HTTP 429 Too Many Requests \(rate limited\)/, 20_000);
    const h1 = headOf(s);
    await t.waitFor((x) => headOf(x) > h1 && /Redis\s+● live/.test(x), { what: 'others live during 429' });
    front.mode = 'malformed';
    await t.waitForText(/fronted\s+✖\s+malformed JSON-RPC answer/, 20_000);
    front.mode = 'forward';
    await t.waitForText(/fronted\s+●/, 30_000);

    // Stalled chain, then resumed.
    dev.stall();
    await t.waitForText(/devnode: head #\d+ is \d+s old \(stalled/, 20_000);
    dev.resume();
    await t.waitFor((x) => !/devnode: head #\d+ is \d+s old \(stalled/.test(x), {
      what: 'stall cleared',
      timeoutMs: 20_000,
    });

    // Zoomed: the slowlog and keyspace; the per-endpoint table.
    t.send('8');
    await t.waitForText('▶8 Redis');
    t.send('z');
    await t.waitFor((x) => x.includes('SLOWLOG') && x.includes('KEYSPACE') && /db0\s+\d+ keys/.test(x), {
      what: 'zoomed redis',
    });
    t.send('z');
    // Issue 14: Kubernetes is not configured here, so Pods folds into one line: the chain tells the grid.
    await t.waitFor((x) => x.includes('6 Chain') && x.includes('▶8 Redis'), { what: 'grid again' });
    t.send('6');
    await t.waitForText('▶6 Chain');
    t.send('z');
    await t.waitFor((x) => x.includes('URL / ERROR') && x.includes(dev.url), { what: 'zoomed chain' });
    s = t.screen();
    expect(s).not.toContain('e2e-s3cret-pw');
    t.send('q');
    await t.waitForText(/^\$ /m);
  }, 180_000);

  it('a wrong Redis password and a dead RPC at start: one line each, in words', async () => {
    t = await Tmux.start({ cols: 200, rows: 50 });
    const cfg = join(t.home, 'bad.yaml');
    writeFileSync(
      cfg,
      [
        'redis:',
        `  url: "redis://:not-the-pw@127.0.0.1:${proxy.port}"`,
        'chain:',
        '  chainId: 1337',
        '  timeoutMs: 1000',
        '  endpoints:',
        '    - { name: deadnode, url: "http://127.0.0.1:9" }',
        '',
      ].join('\n'),
    );
    t.run(warroomCmd(`--config ${cfg}`));
    const s = await t.waitFor(
      (x) =>
        x.includes('wrong user name or password (WRONGPASS)') && x.includes('deadnode: connection refused'),
      { what: 'both errors in words', timeoutMs: 30_000 },
    );
    expect(s).not.toContain('not-the-pw');
    expect(s).not.toMatch(/^\s+at /m);
    t.send('q');
    await t.waitForText(/^\$ /m);
  }, 60_000);

  it('rediss:// with a private CA from NODE_EXTRA_CA_CERTS: live over TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-tls-'));
    const tls = await startTlsRedis(dir, [], 'tls-pw-123');
    const port = tls.port;
    try {
      t = await Tmux.start({ cols: 200, rows: 50, env: { NODE_EXTRA_CA_CERTS: tls.caFile } });
      const cfg = join(t.home, 'tls.yaml');
      writeFileSync(cfg, `redis:\n  url: "rediss://:tls-pw-123@127.0.0.1:${port}"\n  intervalMs: 500\n`);
      t.run(warroomCmd(`--config ${cfg}`));
      const s = await t.waitFor((x) => /Redis\s+● live/.test(x) && /master · v\d/.test(x), {
        what: 'redis live over TLS',
        timeoutMs: 30_000,
      });
      expect(s).not.toContain('tls-pw-123');
      t.send('q');
      await t.waitForText(/^\$ /m);
    } finally {
      await tls.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
