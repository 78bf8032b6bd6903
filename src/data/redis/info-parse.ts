// Pure parsing of Redis replies: INFO text into the fields operators watch, SLOWLOG GET into
// entries, rates between two INFO samples, cluster aggregation, and the alerts the pane
// flags. No I/O here (tested in test/unit/redis-info.test.ts).
import { fmtRate } from '../../util/format.js';
import { exists, getKeyIndexes } from '@ioredis/commands';
import { redact } from '../../util/redact.js';
import { sanitize } from '../../util/sanitize.js';
import type {
  RedisAlert,
  RedisInfo,
  RedisKeyspaceDb,
  RedisRates,
  RedisReplica,
  RedisSlowEntry,
} from './types.js';

export type InfoSections = Record<string, Record<string, string>>;

/** INFO text → { section: { key: value } } (section names lower-case, e.g. 'memory'). */
export function parseInfoSections(text: string): InfoSections {
  const out: InfoSections = {};
  let cur: Record<string, string> = (out['default'] = {});
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim().toLowerCase();
      cur = out[name] ??= {};
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    cur[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** `a=1,b=x` → { a: '1', b: 'x' } (keyspace and replica lines). */
export function parseKv(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** Every key of every section in one map (INFO keys are unique across sections). */
function flatten(s: InfoSections): Record<string, string> {
  return Object.assign({}, ...Object.values(s)) as Record<string, string>;
}

export function parseInfo(text: string): RedisInfo {
  const sections = parseInfoSections(text);
  const f = flatten(sections);
  const keyspace: RedisKeyspaceDb[] = [];
  for (const [k, v] of Object.entries(sections['keyspace'] ?? {})) {
    const m = /^db(\d+)$/.exec(k);
    if (!m) continue;
    const kv = parseKv(v);
    keyspace.push({
      db: Number(m[1]),
      keys: num(kv.keys) ?? 0,
      expires: num(kv.expires) ?? 0,
      avgTtlMs: num(kv.avg_ttl) ?? 0,
    });
  }
  keyspace.sort((a, b) => a.db - b.db);
  const masterOffset = num(f.master_repl_offset);
  const replicas: RedisReplica[] = [];
  for (const [k, v] of Object.entries(sections['replication'] ?? {})) {
    if (!/^slave\d+$/.test(k)) continue;
    const kv = parseKv(v);
    const offset = num(kv.offset) ?? 0;
    replicas.push({
      addr: `${kv.ip ?? '?'}:${kv.port ?? '?'}`,
      state: kv.state ?? '?',
      offset,
      lagBytes: masterOffset !== undefined ? Math.max(0, masterOffset - offset) : undefined,
      lagSec: num(kv.lag),
    });
  }
  return {
    version: f.redis_version,
    mode: f.redis_mode,
    runId: f.run_id,
    uptimeSec: num(f.uptime_in_seconds),
    usedMemory: num(f.used_memory),
    usedMemoryRss: num(f.used_memory_rss),
    maxmemory: num(f.maxmemory),
    policy: f.maxmemory_policy,
    fragRatio: num(f.mem_fragmentation_ratio),
    connectedClients: num(f.connected_clients),
    blockedClients: num(f.blocked_clients),
    maxclients: num(f.maxclients),
    rejectedConnections: num(f.rejected_connections),
    totalCommands: num(f.total_commands_processed),
    opsPerSec: num(f.instantaneous_ops_per_sec),
    hits: num(f.keyspace_hits),
    misses: num(f.keyspace_misses),
    evictedKeys: num(f.evicted_keys),
    expiredKeys: num(f.expired_keys),
    latestForkUsec: num(f.latest_fork_usec),
    role: f.role,
    masterHost: f.master_host,
    masterPort: num(f.master_port),
    masterLinkStatus: f.master_link_status,
    masterLastIoSec: num(f.master_last_io_seconds_ago),
    masterSyncInProgress:
      f.master_sync_in_progress === undefined ? undefined : f.master_sync_in_progress === '1',
    replOffset: f.role === 'slave' ? (num(f.slave_repl_offset) ?? masterOffset) : masterOffset,
    connectedReplicas: num(f.connected_slaves),
    replicas,
    keyspace,
  };
}

export interface RateSample {
  at: number;
  runId?: string;
  info: RedisInfo;
}

/**
 * Rates between two samples. A restart (different run id, or a counter going backwards)
 * gives no rates rather than nonsense.
 */
export function computeRates(prev: RateSample | undefined, cur: RateSample): RedisRates {
  if (!prev) return {};
  const dt = cur.at - prev.at;
  if (dt <= 0 || (prev.runId && cur.runId && prev.runId !== cur.runId)) return {};
  const d = (k: keyof RedisInfo): number | undefined => {
    const a = prev.info[k];
    const b = cur.info[k];
    if (typeof a !== 'number' || typeof b !== 'number' || b < a) return undefined;
    return b - a;
  };
  const perSec = (v: number | undefined) => (v === undefined ? undefined : (v * 1000) / dt);
  const hits = d('hits');
  const misses = d('misses');
  const lookups = (hits ?? 0) + (misses ?? 0);
  return {
    intervalMs: dt,
    hitRate: hits !== undefined && misses !== undefined && lookups > 0 ? hits / lookups : undefined,
    evictedPerSec: perSec(d('evictedKeys')),
    expiredPerSec: perSec(d('expiredKeys')),
    rejectedDelta: d('rejectedConnections'),
    // INFO itself counts as a command; over a short interval that is noise worth removing.
    commandsPerSec: perSec(d('totalCommands')),
  };
}

/** SLOWLOG GET reply → entries (arguments sanitised and redacted, cut short). */
// Commands whose first argument names a subcommand (CONFIG SET, OBJECT ENCODING): the word is
// shown with the command; it never carries a value.
const CONTAINERS = new Set([
  'acl',
  'client',
  'cluster',
  'command',
  'config',
  'debug',
  'function',
  'latency',
  'memory',
  'module',
  'object',
  'pubsub',
  'script',
  'slowlog',
  'xgroup',
  'xinfo',
]);
/** Redis cuts a long argument list to 32 with a last pseudo-argument saying how many more. */
const MORE_ARGS = /^\.\.\. \((\d+) more arguments\)$/;

/**
 * One slowlog entry's command for display: the command name (and subcommand), its first key
 * (the key index from ioredis's command table, @ioredis/commands), redacted, and how many
 * other arguments there were. Argument values are never shown: a SET's value, an AUTH's
 * password or a script can be secrets.
 */
export function slowCommand(words: readonly string[]): Pick<RedisSlowEntry, 'name' | 'key' | 'elided'> {
  const [first = '', ...rest] = words;
  const lower = first.toLowerCase();
  let nArgs = rest.length;
  const more = MORE_ARGS.exec(rest[rest.length - 1] ?? '');
  if (more) nArgs += Number(more[1]) - 1;
  let name = sanitize(first.toUpperCase(), 40);
  let used = 0;
  const sub = rest[0];
  if (CONTAINERS.has(lower) && sub && /^[A-Za-z][A-Za-z-]{0,29}$/.test(sub)) {
    name = `${name} ${sub.toUpperCase()}`;
    used = 1;
  }
  let keyIdx: number | undefined;
  try {
    if (exists(lower)) keyIdx = getKeyIndexes(lower, more ? rest.slice(0, -1) : rest)[0];
  } catch {
    keyIdx = undefined; // a malformed argument list: no key rather than a guess
  }
  const raw = keyIdx === undefined || keyIdx < used ? undefined : rest[keyIdx];
  const key = raw === undefined ? undefined : sanitize(redact(raw), 120);
  return { name, key, elided: Math.max(0, nArgs - used - (key === undefined ? 0 : 1)) };
}

/** `SET cache:user:1 … 1 arg`: the name, the key, the count of arguments not shown. */
export function slowCommandText(e: Pick<RedisSlowEntry, 'name' | 'key' | 'elided'>): string {
  const parts = [e.name];
  if (e.key !== undefined) parts.push(e.key);
  if (e.elided) parts.push(`… ${e.elided} arg${e.elided === 1 ? '' : 's'}`);
  return parts.join(' ');
}

export function parseSlowlog(reply: unknown): RedisSlowEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: RedisSlowEntry[] = [];
  for (const e of reply) {
    if (!Array.isArray(e) || e.length < 4) continue;
    const [id, ts, us, args, addr, clientName] = e as unknown[];
    const words = Array.isArray(args) ? args.map((a) => String(a)) : [];
    const cmd = slowCommand(words);
    const who = [addr, clientName]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .map((x) => sanitize(redact(x), 60))
      .join(' ');
    out.push({
      id: Number(id),
      at: Number(ts) * 1000,
      durationUs: Number(us),
      ...cmd,
      command: slowCommandText(cmd),
      client: who || undefined,
    });
  }
  return out;
}

const SUM_KEYS = [
  'usedMemory',
  'usedMemoryRss',
  'maxmemory',
  'connectedClients',
  'blockedClients',
  'maxclients',
  'rejectedConnections',
  'totalCommands',
  'opsPerSec',
  'hits',
  'misses',
  'evictedKeys',
  'expiredKeys',
] as const;

/** Cluster: counters and sizes summed over the masters; the rest from the first master. */
export function aggregateInfo(infos: RedisInfo[]): RedisInfo {
  const masters = infos.filter((i) => i.role !== 'slave');
  const base = masters[0] ?? infos[0];
  if (!base) return { replicas: [], keyspace: [] };
  const out: RedisInfo = { ...base, replicas: [], keyspace: [] };
  for (const k of SUM_KEYS) {
    const vals = masters.map((m) => m[k]).filter((v): v is number => typeof v === 'number');
    out[k] = vals.length ? vals.reduce((a, b) => a + b, 0) : undefined;
  }
  const frag = masters.map((m) => m.fragRatio ?? 0);
  out.fragRatio = frag.length ? Math.max(...frag) : undefined;
  out.uptimeSec = Math.min(...masters.map((m) => m.uptimeSec ?? Infinity));
  if (!Number.isFinite(out.uptimeSec)) out.uptimeSec = undefined;
  out.runId = masters.map((m) => m.runId ?? '').join(',');
  const dbs = new Map<number, RedisKeyspaceDb>();
  for (const m of masters)
    for (const d of m.keyspace) {
      const cur = dbs.get(d.db);
      if (cur) {
        cur.keys += d.keys;
        cur.expires += d.expires;
      } else dbs.set(d.db, { ...d });
    }
  out.keyspace = [...dbs.values()].sort((a, b) => a.db - b.db);
  out.replicas = infos.flatMap((i) => i.replicas);
  out.connectedReplicas = infos.filter((i) => i.role === 'slave').length;
  return out;
}

export interface AlertInput {
  info: RedisInfo;
  rates: RedisRates;
}

/** What needs an operator's eye, in words, worst first. */
export function redisAlerts({ info, rates }: AlertInput): RedisAlert[] {
  const out: RedisAlert[] = [];
  if (info.maxmemory && info.usedMemory !== undefined) {
    const r = info.usedMemory / info.maxmemory;
    if (r >= 0.98) out.push({ level: 'bad', text: `memory ${Math.round(r * 100)}% of maxmemory` });
    else if (r >= 0.9) out.push({ level: 'warn', text: `memory ${Math.round(r * 100)}% of maxmemory` });
  }
  if (rates.rejectedDelta) out.push({ level: 'bad', text: `${rates.rejectedDelta} connections rejected` });
  if (
    info.maxclients &&
    info.connectedClients !== undefined &&
    info.connectedClients >= info.maxclients * 0.9
  )
    out.push({ level: 'warn', text: `clients ${info.connectedClients} of max ${info.maxclients}` });
  if (info.role === 'slave' && info.masterLinkStatus && info.masterLinkStatus !== 'up')
    out.push({ level: 'bad', text: `master link ${info.masterLinkStatus}` });
  if (rates.evictedPerSec && rates.evictedPerSec > 0)
    out.push({
      level: 'warn',
      text: `evicting ${fmtRate(rates.evictedPerSec)} keys/s (${info.policy ?? '?'})`,
    });
  if (info.blockedClients) out.push({ level: 'warn', text: `${info.blockedClients} blocked clients` });
  for (const r of info.replicas) {
    if (r.state !== 'online') out.push({ level: 'bad', text: `replica ${r.addr} ${r.state}` });
    else if ((r.lagSec ?? 0) > 10) out.push({ level: 'warn', text: `replica ${r.addr} lag ${r.lagSec}s` });
  }
  if ((info.fragRatio ?? 0) > 1.5 && (info.usedMemory ?? 0) > 64 * 1024 * 1024)
    out.push({ level: 'warn', text: `fragmentation ${info.fragRatio?.toFixed(2)}` });
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'bad' ? -1 : 1));
}

export interface ClusterNodeLine {
  id: string;
  addr: string;
  flags: string[];
  role: 'master' | 'replica';
  /** Marked failing by the cluster ('fail'), or suspected by this node ('fail?'). */
  fail: 'fail' | 'suspect' | undefined;
  linkState: string;
  slots: number;
}

/** CLUSTER NODES text → one entry per node (address without the bus port). */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const flags = f[2]!.split(',');
    let slots = 0;
    for (const r of f.slice(8)) {
      if (r.startsWith('[')) continue;
      const [a, b] = r.split('-').map(Number);
      if (Number.isFinite(a)) slots += Number.isFinite(b) ? b! - a! + 1 : 1;
    }
    out.push({
      id: f[0]!,
      addr: f[1]!.split('@')[0]!.split(',')[0]!,
      flags,
      role: flags.includes('slave') ? 'replica' : 'master',
      fail: flags.includes('fail') ? 'fail' : flags.includes('fail?') ? 'suspect' : undefined,
      linkState: f[7]!,
      slots,
    });
  }
  return out.sort((a, b) => a.addr.localeCompare(b.addr));
}
