// The Redis snapshot the redis source publishes (source id 'redis') and the pane shows.
// Counters come from INFO; rates are computed by the source between two polls.

export interface RedisKeyspaceDb {
  db: number;
  keys: number;
  expires: number;
  avgTtlMs: number;
}

/** A replica as its master sees it (INFO replication `slaveN:`). */
export interface RedisReplica {
  addr: string;
  state: string;
  offset: number;
  /** Bytes behind the master's replication offset. */
  lagBytes?: number;
  /** Seconds since the replica's last acknowledgement. */
  lagSec?: number;
}

/** The Redis source's id (its pane, signals and incident checks read it). */
export const REDIS_SOURCE = 'redis';

/** The fields operators watch, parsed from one INFO reply (see info-parse.ts). */
export interface RedisInfo {
  version?: string;
  mode?: string;
  runId?: string;
  uptimeSec?: number;
  usedMemory?: number;
  usedMemoryRss?: number;
  maxmemory?: number;
  policy?: string;
  fragRatio?: number;
  connectedClients?: number;
  blockedClients?: number;
  maxclients?: number;
  rejectedConnections?: number;
  totalCommands?: number;
  opsPerSec?: number;
  hits?: number;
  misses?: number;
  evictedKeys?: number;
  expiredKeys?: number;
  latestForkUsec?: number;
  role?: string;
  masterHost?: string;
  masterPort?: number;
  masterLinkStatus?: string;
  masterLastIoSec?: number;
  masterSyncInProgress?: boolean;
  /** This server's replication offset (on a replica: how far it has applied). */
  replOffset?: number;
  connectedReplicas?: number;
  replicas: RedisReplica[];
  keyspace: RedisKeyspaceDb[];
}

export interface RedisSlowEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  durationUs: number;
  /** The command name, upper case, with its subcommand (`CONFIG SET`). */
  name: string;
  /** Its first key, sanitised and redacted; none for commands without keys (AUTH, CONFIG). */
  key?: string;
  /** Arguments not shown (values can be secrets): counted, never kept. */
  elided: number;
  /** For display: the name, the key and `… N args` (never an argument's value). */
  command: string;
  /** The client's address and name (CLIENT SETNAME), when the server logs them. */
  client?: string;
}

export interface RedisRates {
  /** Interval the rates were measured over (ms); undefined on the first poll or after a restart. */
  intervalMs?: number;
  /** Hits / (hits + misses) over the interval, 0..1; undefined when there were no lookups. */
  hitRate?: number;
  evictedPerSec?: number;
  expiredPerSec?: number;
  /** Connections rejected during the interval (maxclients reached). */
  rejectedDelta?: number;
  /** Commands per second over the interval (from total_commands_processed). */
  commandsPerSec?: number;
}

export interface RedisNodeSummary {
  addr: string;
  role?: string;
  usedMemory?: number;
  opsPerSec?: number;
  error?: string;
}

export interface RedisAlert {
  level: 'warn' | 'bad';
  text: string;
}

export interface RedisSnapshot {
  at: number;
  /** The server, credentials masked. */
  target: string;
  mode: 'standalone' | 'cluster';
  /** For a cluster: sums over the masters (memory, clients, counters), the worst of the rest. */
  info: RedisInfo;
  pingMs: number;
  rates: RedisRates;
  /** Recent samples for sparklines, oldest first. */
  history: { ops: number[]; mem: number[] };
  /** The slowest of the server's recent slowlog entries, slowest first (see source.ts). */
  slowlog: RedisSlowEntry[];
  /** Why the slowlog is missing (e.g. the command is disabled on a managed server). */
  slowlogError?: string;
  nodes?: RedisNodeSummary[];
  /** Cluster only: CLUSTER INFO cluster_state ('ok' or 'fail'). */
  clusterState?: string;
  alerts: RedisAlert[];
}
