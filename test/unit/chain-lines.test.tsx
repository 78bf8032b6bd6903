// Chain pane: fits any size, per-endpoint rows, errors in words, details zoomed, in the shell.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/data/chain/analyze.js';
import type { ChainEndpointState, ChainSnapshot } from '../../src/data/chain/types.js';
import { chainLines } from '../../src/panes/chain/lines.js';
import { liveSource, renderApp, storeWithSources } from '../helpers/app.js';
import { press, waitForFrame } from '../helpers/frame.js';

const NOW = Date.now();
function snapshot(): ChainSnapshot {
  const raw: ChainEndpointState[] = [
    {
      name: 'infura',
      url: 'https://mainnet.infura.io/v3/***',
      kind: 'http',
      status: 'ok',
      failures: 0,
      okAt: NOW,
      head: {
        chainId: 1,
        height: 21_000_123,
        hash: '0xaa',
        timestampMs: NOW - 4000,
        syncing: false,
        peers: 50,
        gasPriceGwei: 12.345,
        baseFeeGwei: 11.2,
        latencyMs: 87,
      },
    },
    {
      name: 'alchemy',
      url: 'wss://eth-mainnet.g.alchemy.com/v2/***',
      kind: 'ws',
      status: 'ok',
      failures: 0,
      okAt: NOW,
      head: {
        chainId: 1,
        height: 21_000_115,
        hash: '0xbb',
        timestampMs: NOW - 100_000,
        syncing: false,
        latencyMs: 140,
      },
    },
    {
      name: 'own-node',
      url: 'http://10.0.0.5:8545',
      kind: 'http',
      status: 'error',
      error: 'HTTP 429 Too Many Requests (rate limited)',
      failures: 3,
      okAt: NOW - 60_000,
    },
  ];
  const a = analyze(raw, { now: NOW, blockTimeSeconds: 12, stallMultiple: 3 });
  return {
    at: NOW,
    expectedChainId: 1,
    chainIdFrom: 'config',
    blockTimeSeconds: 12,
    stallAfterMs: 36_000,
    endpoints: a.endpoints,
    highest: a.highest,
    highestAgeMs: a.highestAgeMs,
    history: [1, 2, 3],
    blockIntervals: [12, 12.5, 11.8, 40],
    alerts: a.alerts,
  };
}

describe('chain pane lines', () => {
  it('fit every width and height', () => {
    for (const [w, h] of [
      [64, 9],
      [30, 4],
      [196, 44],
      [1, 1],
      [0, 0],
    ] as const) {
      const lines = chainLines(snapshot(), w, h);
      expect(lines.length).toBeLessThanOrEqual(h);
      for (const l of lines) expect(l.text.length).toBeLessThanOrEqual(w);
    }
  });

  it('small: highest head, alerts, one row per endpoint, the error in words', () => {
    const t = chainLines(snapshot(), 64, 9).map((l) => l.text);
    expect(t[0]).toMatch(/^chain 1 · head #21000123 · 4s old · 3 endpoints \(1 failing\)/);
    expect(t[1]).toMatch(/^✖ alchemy: head #21000115 is 1m old \(stalled/);
    expect(t[2]).toBe('✖ own-node: HTTP 429 Too Many Requests (rate limited)');
    const rows = t.join('\n');
    expect(rows).toMatch(/infura\s+●\s+#21000123\s+4s\s+0\s+87ms\s+12\.35/);
    expect(rows).toMatch(/alchemy\s+✖\s+#21000115\s+1m\s+8\s+140ms/);
    expect(rows).toMatch(/own-node\s+✖\s+HTTP 429 Too Many Requests/);
    expect(rows).toMatch(/blocks [▁▂▃▄▅▆▇█]{4} avg 19\.1s\/block/);
  });

  it('zoomed: base fee, peers (n/a when unanswered), sync, URL or error with last ok', () => {
    const t = chainLines(snapshot(), 196, 44)
      .map((l) => l.text)
      .join('\n');
    expect(t).toMatch(/BASE gwei\s+PEERS\s+SYNC\s+URL \/ ERROR/);
    expect(t).toMatch(/11\.20\s+50\s+no\s+https:\/\/mainnet\.infura\.io\/v3\/\*\*\*/);
    expect(t).toMatch(/n\/a\s+no\s+wss:\/\/eth-mainnet/);
    expect(t).toContain('HTTP 429 Too Many Requests (rate limited) (last ok 1m ago)');
    expect(t).toContain('stalled when the head is older than 36s');
  });
});

describe('chain pane in the shell', () => {
  let inst: ReturnType<typeof render> | undefined;
  afterEach(() => inst?.unmount());
  it('shows endpoints in the grid and details when zoomed', async () => {
    inst = renderApp(storeWithSources({ chain: liveSource(snapshot()) }));
    await waitForFrame(inst, (f) => f.includes('head #21000123') && f.includes('own-node'));
    await press(inst.stdin, '6', 'z');
    await waitForFrame(inst, (f) => f.includes('URL / ERROR') && f.includes('last ok 1m ago'));
  });
});
