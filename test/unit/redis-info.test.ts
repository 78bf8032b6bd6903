// The pure Redis parsers: INFO text, rates between samples, SLOWLOG entries, cluster
// aggregation and alerts.
import { describe, expect, it } from 'vitest';
import {
  aggregateInfo,
  computeRates,
  parseInfo,
  parseClusterNodes,
  parseInfoSections,
  parseSlowlog,
  redisAlerts,
  slowCommand,
  slowCommandText,
} from '../../src/data/redis/info-parse.js';
import { clearSecrets, registerSecret } from '../../src/util/secrets.js';

const MASTER = `# Server\r
redis_version:7.2.4\r
redis_mode:standalone\r
run_id:abc123\r
uptime_in_seconds:93784\r
\r
# Clients\r
connected_clients:95\r
blocked_clients:2\r
maxclients:100\r
\r
# Memory\r
used_memory:1950000000\r
used_memory_rss:2147483648\r
maxmemory:2147483648\r
maxmemory_policy:allkeys-lru\r
mem_fragmentation_ratio:1.11\r
\r
# Persistence\r
latest_fork_usec:1234\r
\r
# Stats\r
total_commands_processed:1000\r
instantaneous_ops_per_sec:812\r
rejected_connections:3\r
expired_keys:10\r
evicted_keys:100\r
keyspace_hits:900\r
keyspace_misses:100\r
\r
# Replication\r
role:master\r
connected_slaves:2\r
slave0:ip=10.0.0.2,port=6379,state=online,offset=5000,lag=0\r
slave1:ip=10.0.0.3,port=6379,state=wait_bgsave,offset=0,lag=12\r
master_repl_offset:5400\r
\r
# Keyspace\r
db0:keys=1200,expires=300,avg_ttl=60000,subexpiry=0\r
db2:keys=5,expires=0,avg_ttl=0\r
`;

const REPLICA = `# Replication
role:slave
master_host:10.0.0.1
master_port:6380
master_link_status:down
master_last_io_seconds_ago:-1
master_sync_in_progress:0
slave_repl_offset:4200
master_repl_offset:4200
connected_slaves:0
`;

describe('INFO parsing', () => {
  it('splits sections and keys', () => {
    const s = parseInfoSections(MASTER);
    expect(s.server?.redis_version).toBe('7.2.4');
    expect(s.keyspace?.db0).toBe('keys=1200,expires=300,avg_ttl=60000,subexpiry=0');
  });

  it('reads what operators watch', () => {
    const i = parseInfo(MASTER);
    expect(i).toMatchObject({
      version: '7.2.4',
      uptimeSec: 93784,
      usedMemory: 1950000000,
      maxmemory: 2147483648,
      policy: 'allkeys-lru',
      fragRatio: 1.11,
      connectedClients: 95,
      blockedClients: 2,
      maxclients: 100,
      rejectedConnections: 3,
      opsPerSec: 812,
      latestForkUsec: 1234,
      role: 'master',
      replOffset: 5400,
    });
    expect(i.keyspace).toEqual([
      { db: 0, keys: 1200, expires: 300, avgTtlMs: 60000 },
      { db: 2, keys: 5, expires: 0, avgTtlMs: 0 },
    ]);
    expect(i.replicas).toEqual([
      { addr: '10.0.0.2:6379', state: 'online', offset: 5000, lagBytes: 400, lagSec: 0 },
      { addr: '10.0.0.3:6379', state: 'wait_bgsave', offset: 0, lagBytes: 5400, lagSec: 12 },
    ]);
  });

  it('reads a replica: master, link status, offset', () => {
    const i = parseInfo(REPLICA);
    expect(i).toMatchObject({
      role: 'slave',
      masterHost: '10.0.0.1',
      masterPort: 6380,
      masterLinkStatus: 'down',
      masterSyncInProgress: false,
      replOffset: 4200,
    });
    expect(redisAlerts({ info: i, rates: {} })).toContainEqual({ level: 'bad', text: 'master link down' });
  });

  it('tolerates garbage and empty replies', () => {
    const i = parseInfo('nonsense\n:novalue\nkey_without_section:1\n# Keyspace\ndbX:keys=1');
    expect(i.keyspace).toEqual([]);
    expect(i.usedMemory).toBeUndefined();
    expect(parseInfo('').replicas).toEqual([]);
  });
});

describe('rates', () => {
  const a = { at: 0, runId: 'r', info: parseInfo(MASTER) };
  it('per second over the interval, hit rate over the interval', () => {
    const next = parseInfo(
      MASTER.replace('keyspace_hits:900', 'keyspace_hits:990')
        .replace('keyspace_misses:100', 'keyspace_misses:110')
        .replace('evicted_keys:100', 'evicted_keys:140')
        .replace('expired_keys:10', 'expired_keys:12')
        .replace('rejected_connections:3', 'rejected_connections:5'),
    );
    const r = computeRates(a, { at: 2000, runId: 'r', info: next });
    expect(r.intervalMs).toBe(2000);
    expect(r.hitRate).toBeCloseTo(0.9);
    expect(r.evictedPerSec).toBe(20);
    expect(r.expiredPerSec).toBe(1);
    expect(r.rejectedDelta).toBe(2);
  });
  it('no rates on the first sample, after a restart, or without lookups', () => {
    expect(computeRates(undefined, a)).toEqual({});
    expect(computeRates(a, { ...a, at: 1000, runId: 'other' })).toEqual({});
    expect(computeRates(a, { ...a, at: 1000 }).hitRate).toBeUndefined();
  });
});

describe('slowlog', () => {
  it('parses entries: the command name and key, never an argument value; escapes neutralised', () => {
    const e = parseSlowlog([
      [7, 1700000000, 15000, ['SET', 'k', '\x1b[31mred'], '10.0.0.9:5555', 'worker'],
      [6, 1699999999, 12000, ['CONFIG', 'SET', 'requirepass', 'hunter2']],
      'junk',
    ]);
    expect(e).toHaveLength(2);
    expect(e[0]).toMatchObject({
      id: 7,
      at: 1700000000000,
      durationUs: 15000,
      name: 'SET',
      key: 'k',
      elided: 1,
      command: 'SET k … 1 arg',
      client: '10.0.0.9:5555 worker',
    });
    expect(e[0]!.command).not.toContain('red');
    expect(e[1]).toMatchObject({
      name: 'CONFIG SET',
      key: undefined,
      elided: 2,
      command: 'CONFIG SET … 2 args',
    });
    expect(JSON.stringify(e)).not.toContain('hunter2');
    expect(parseSlowlog('nope')).toEqual([]);
  });

  it('the key from the command table: AUTH and HELLO have none, EVAL names its key, keys redacted', () => {
    registerSecret('s3cr3t-key-name');
    try {
      expect(slowCommand(['AUTH', 'user', 'pw'])).toEqual({ name: 'AUTH', key: undefined, elided: 2 });
      expect(slowCommand(['hello', '3', 'AUTH', 'u', 'p'])).toMatchObject({ key: undefined, elided: 4 });
      expect(slowCommand(['EVAL', 'return redis.call("GET", KEYS[1])', '1', 'lock:1'])).toEqual({
        name: 'EVAL',
        key: 'lock:1',
        elided: 2,
      });
      expect(slowCommand(['OBJECT', 'ENCODING', 'big'])).toEqual({
        name: 'OBJECT ENCODING',
        key: 'big',
        elided: 0,
      });
      expect(slowCommand(['GET', 's3cr3t-key-name']).key).not.toContain('s3cr3t');
      // Redis cuts long argument lists with a pseudo-argument: counted as the arguments it stands for.
      const mset = slowCommand(['MSET', 'a', '1', 'b', '2', '... (40 more arguments)']);
      expect(mset).toEqual({ name: 'MSET', key: 'a', elided: 43 });
      expect(slowCommandText(mset)).toBe('MSET a … 43 args');
      expect(slowCommand(['NOSUCHCMD', 'x'])).toEqual({ name: 'NOSUCHCMD', key: undefined, elided: 1 });
      expect(slowCommand([])).toEqual({ name: '', key: undefined, elided: 0 });
    } finally {
      clearSecrets();
    }
  });
});

describe('cluster aggregation', () => {
  it('sums masters, counts replicas, merges keyspaces', () => {
    const m = parseInfo(MASTER);
    const agg = aggregateInfo([m, m, parseInfo(REPLICA)]);
    expect(agg.usedMemory).toBe(2 * 1950000000);
    expect(agg.opsPerSec).toBe(1624);
    expect(agg.keyspace[0]).toMatchObject({ db: 0, keys: 2400 });
    expect(agg.connectedReplicas).toBe(1);
  });
});

describe('alerts', () => {
  it('memory near maxmemory, rejected connections, clients near max, evictions, replicas', () => {
    const i = parseInfo(MASTER);
    const texts = redisAlerts({ info: i, rates: { rejectedDelta: 2, evictedPerSec: 20 } }).map(
      (a) => `${a.level}:${a.text}`,
    );
    expect(texts).toEqual([
      'bad:2 connections rejected',
      'bad:replica 10.0.0.3:6379 wait_bgsave',
      'warn:memory 91% of maxmemory',
      'warn:clients 95 of max 100',
      'warn:evicting 20 keys/s (allkeys-lru)',
      'warn:2 blocked clients',
    ]);
  });
});

describe('CLUSTER NODES', () => {
  it('addresses, roles, failure flags and slot counts', () => {
    const nodes = parseClusterNodes(
      [
        'a1 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460',
        'b2 127.0.0.1:7002@17002,host-b master,fail - 1 2 2 disconnected 5461-10922',
        'c3 127.0.0.1:7003@17003 master,fail? - 0 0 3 connected 10923-16383 [93-<-abc]',
        'd4 127.0.0.1:7004@17004 slave a1 0 0 1 connected',
        'short line',
      ].join('\n'),
    );
    expect(nodes.map((n) => [n.addr, n.role, n.fail, n.linkState, n.slots])).toEqual([
      ['127.0.0.1:7001', 'master', undefined, 'connected', 5461],
      ['127.0.0.1:7002', 'master', 'fail', 'disconnected', 5462],
      ['127.0.0.1:7003', 'master', 'suspect', 'connected', 5461],
      ['127.0.0.1:7004', 'replica', undefined, 'connected', 0],
    ]);
  });
});
