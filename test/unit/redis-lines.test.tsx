// Redis pane: fits any size it is given, essentials small, details zoomed, inside the shell.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInfo, redisAlerts } from '../../src/data/redis/info-parse.js';
import type { RedisSnapshot } from '../../src/data/redis/types.js';
import { redisLines } from '../../src/panes/redis/lines.js';
import { liveSource, renderApp, storeWithSources } from '../helpers/app.js';
import { press, waitForFrame } from '../helpers/frame.js';

const INFO = `# Server
redis_version:7.2.4
uptime_in_seconds:93784
# Clients
connected_clients:12
blocked_clients:0
maxclients:10000
# Memory
used_memory:1990000000
maxmemory:2147483648
maxmemory_policy:allkeys-lru
mem_fragmentation_ratio:1.05
# Stats
instantaneous_ops_per_sec:812
rejected_connections:0
# Replication
role:master
slave0:ip=10.0.0.2,port=6379,state=online,offset=5000,lag=0
master_repl_offset:5400
# Keyspace
db0:keys=1200,expires=300,avg_ttl=60000
`;

export function snapshot(): RedisSnapshot {
  const info = parseInfo(INFO);
  const rates = {
    intervalMs: 2000,
    hitRate: 0.934,
    evictedPerSec: 12.5,
    expiredPerSec: 0.5,
    rejectedDelta: 0,
  };
  const at = Date.UTC(2026, 0, 1, 12, 0, 5);
  return {
    at,
    target: 'redis://monitor:***@cache.internal:6379',
    mode: 'standalone',
    info,
    pingMs: 0.42,
    rates,
    history: { ops: [1, 5, 9, 3, 800, 812], mem: [1, 2, 3, 4, 5, 6] },
    slowlog: [
      {
        id: 3,
        at: at - 185_000,
        durationUs: 25_300,
        name: 'HGETALL',
        key: 'session:big',
        elided: 0,
        command: 'HGETALL session:big',
        client: '10.0.0.9:5555 worker',
      },
      {
        id: 2,
        at: at - 4_000,
        durationUs: 12_000,
        name: 'ZRANGE',
        key: 'board',
        elided: 2,
        command: 'ZRANGE board … 2 args',
      },
    ],
    alerts: redisAlerts({ info, rates }),
  };
}

describe('redis pane lines', () => {
  it('fit every width and height', () => {
    for (const [w, h] of [
      [64, 9],
      [40, 6],
      [20, 3],
      [196, 44],
      [1, 1],
      [0, 0],
    ] as const) {
      const lines = redisLines(snapshot(), w, h);
      expect(lines.length).toBeLessThanOrEqual(h);
      for (const l of lines) expect(l.text.length).toBeLessThanOrEqual(w);
    }
  });

  it('small: essentials, alert first, sparklines', () => {
    const text = redisLines(snapshot(), 64, 9).map((l) => l.text);
    expect(text[0]).toMatch(/^master · v7\.2\.4 · up 1d2h · ping 0\.4ms/);
    expect(text[1]).toMatch(/^▲ memory 93% of maxmemory/);
    expect(text.join('\n')).toMatch(/mem\s+1\.9GiB \/ 2\.0GiB 93%/);
    expect(text.join('\n')).toMatch(/hit 93\.4% · evicted 13\/s/);
    expect(text.join('\n')).toMatch(/ops\/s\s+[▁▂▃▄▅▆▇█]+/);
    expect(text.join('\n')).not.toContain('SLOWLOG');
  });

  it('fewer than 15 rows: one line on the slowest command; from 15 rows: the slowest commands', () => {
    const small = redisLines(snapshot(), 100, 14).map((l) => l.text);
    expect(small.join('\n')).toMatch(/slow\s+slowest 25\.3ms HGETALL session:big · 2 slow commands/);
    expect(small.join('\n')).not.toContain('SLOWLOG');
    const big = redisLines(snapshot(), 100, 15).map((l) => l.text);
    const at = big.indexOf('SLOWLOG · slowest first (2)');
    expect(at).toBeGreaterThan(0);
    expect(big[at + 1]).toMatch(/^\s+25\.3ms\s+HGETALL session:big\s+3m ago\s+10\.0\.0\.9:5555 worker$/);
    expect(big.length).toBe(15);
    // Below 15 rows when the layout gives it (the section comes before the keyspace).
    expect(redisLines(snapshot(), 100, 17).map((l) => l.text)[at + 2]).toMatch(
      /^\s+12\.0ms\s+ZRANGE board … 2 args\s+4s ago\s*$/,
    );
    // Narrow: the key is cut, the command name and the count of elided arguments stay.
    const long = {
      ...snapshot().slowlog[1]!,
      key: `cache:${'k'.repeat(80)}`,
      command: `ZRANGE cache:${'k'.repeat(80)} … 2 args`,
    };
    const narrow = redisLines({ ...snapshot(), slowlog: [long] }, 58, 20).map((l) => l.text);
    const row = narrow[narrow.indexOf('SLOWLOG · slowest first (1)') + 1]!;
    expect(row).toMatch(/^\s+12\.0ms\s+ZRANGE cache:k+… … 2 args\s+4s ago/);
    expect(row.indexOf('ZRANGE')).toBe(13);
    expect(row.length).toBeLessThanOrEqual(58);
    const empty = redisLines({ ...snapshot(), slowlog: [] }, 100, 12).map((l) => l.text);
    expect(empty).toContain('slow   slowlog empty');
    const denied = redisLines({ ...snapshot(), slowlog: [], slowlogError: 'permission denied' }, 100, 20);
    expect(denied.map((l) => l.text)).toContain('  slowlog unavailable: permission denied');
  });

  it('cluster: state and failing nodes in the head line, nodes listed zoomed', () => {
    const d: RedisSnapshot = {
      ...snapshot(),
      mode: 'cluster',
      clusterState: 'fail',
      nodes: [
        { addr: '10.0.0.1:6379', role: 'master', usedMemory: 1024, opsPerSec: 5 },
        { addr: '10.0.0.2:6379', role: 'master', error: 'down: the cluster marks this master as failed' },
      ],
    };
    expect(redisLines(d, 64, 9)[0]!.text).toMatch(/^cluster fail · 2 nodes \(1 failing\)/);
    const zoomed = redisLines(d, 196, 44)
      .map((l) => l.text)
      .join('\n');
    expect(zoomed).toMatch(
      /NODES\n\s+10\.0\.0\.1:6379\s+master\s+1\.0KiB\s+5 ops\/s\n\s+10\.0\.0\.2:6379\s+master\s+down: the cluster marks/,
    );
  });

  it('zoomed: keyspace, replicas and the slowlog', () => {
    const text = redisLines(snapshot(), 196, 44)
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('KEYSPACE');
    expect(text).toMatch(/db0\s+1200 keys\s+300 with TTL\s+avg ttl 1m/);
    expect(text).toMatch(/10\.0\.0\.2:6379\s+online/);
    expect(text).toMatch(/SLOWLOG · slowest first \(2\)/);
    expect(text).toMatch(/25\.3ms\s+HGETALL session:big\s+3m ago\s+10\.0\.0\.9:5555 worker/);
    expect(text).toContain('redis://monitor:***@cache.internal:6379');
  });
});

describe('redis pane in the shell', () => {
  let inst: ReturnType<typeof render> | undefined;
  afterEach(() => inst?.unmount());
  it('shows the snapshot in the grid and the slowlog when zoomed', async () => {
    inst = renderApp(storeWithSources({ redis: liveSource(snapshot()) }));
    await waitForFrame(inst, (f) => f.includes('master · v7.2.4') && f.includes('memory 93% of maxmemory'));
    await press(inst.stdin, '8', 'z');
    await waitForFrame(
      inst,
      (f) => f.includes('SLOWLOG · slowest first (2)') && f.includes('HGETALL session:big'),
    );
  });
});
