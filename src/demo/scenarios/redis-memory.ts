// Redis memory full: a cache warm-up job wrote thousands of price snapshots without a TTL
// (`<prefix>cache:stale:*`). With maxmemory 64mb and volatile-lru only keys with a TTL can be
// evicted, so user sessions are evicted (logged-out users) and writes start failing with OOM.
// Deleting the stale keys by pattern frees the memory and the evictions stop.
import { errorText } from '../../util/redact.js';
import { log } from '../../util/log.js';
import { newRedis } from '../redis.js';
import { json, type Scenario } from '../scenario.js';

export const STALE = 'cache:stale:';
const VALUE = 'x'.repeat(48 * 1024);
const SESSION = 's'.repeat(16 * 1024);

export const scenario: Scenario = {
  name: 'redis-memory',
  title: 'Redis memory full: sessions evicted',
  summary:
    'stale cache keys without a TTL fill Redis (maxmemory 64mb); sessions are evicted, writes fail with OOM',
  mitigation: 'delete the stale keys by pattern (SCAN + UNLINK <prefix>cache:stale:*)',
  needs: ['redis'],
  details: (env) => (env.redis ? `stale keys: ${env.redis.prefix}${STALE}*` : undefined),
  async start(env) {
    if (!env.redis) return () => undefined;
    const { url, prefix } = env.redis;
    const r = await newRedis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      enableOfflineQueue: true,
    });
    const priv = env.redis.private;
    // Private server: fill to ~90% of 64mb at once, then the job keeps writing until well past
    // the limit. Shared server (no maxmemory): a few MB only, the fault is the keys' presence.
    const initial = priv ? 1200 : 60;
    const total = priv ? 1500 : 100;
    let written = 0;
    let stopped = false;
    let oomErrors = 0;
    let evictedBase: number | undefined;
    let evictedRecent = 0;
    let usedRatio = 0;
    let staleCount = 0;
    // What the warm-up job (in one worker pod) last logged about its batch.
    let jobReport: { written: number; failedKey?: string } | undefined;
    const writeStale = async (n: number) => {
      const p = r.pipeline();
      const keys: string[] = [];
      for (let i = 0; i < n && written < total; i++, written++) {
        keys.push(`${prefix}${STALE}price:${written}`);
        p.set(keys[keys.length - 1]!, VALUE);
      }
      const res = (await p.exec()) ?? [];
      const failed = res.findIndex(([e]) => e && /OOM/.test(String(e)));
      oomErrors += res.filter(([e]) => e && /OOM/.test(String(e))).length;
      jobReport = { written, failedKey: failed >= 0 ? keys[failed] : undefined };
    };
    const jobLines = (pod: any, ts: string): string[] => {
      const report = jobReport;
      if (!report || pod?.metadata?.name !== env.podsOf('worker')[0]?.metadata?.name) return [];
      jobReport = undefined;
      return report.failedKey
        ? [
            `${ts} ERROR [worker] price cache warm-up: SET ${report.failedKey} failed: OOM command not allowed when used memory > 'maxmemory'`,
          ]
        : [
            `${ts} INFO  [worker] price cache warm-up: ${report.written}/${total} price snapshots written (${prefix}${STALE}price:<id>)`,
          ];
    };
    let sessions = 0;
    const ttl = Math.max(2, Math.round(60 / env.speed));
    const writeSessions = async () => {
      const p = r.pipeline();
      for (let i = 0; i < 25; i++) p.set(`${prefix}session:${++sessions}`, SESSION, 'EX', ttl);
      const res = (await p.exec()) ?? [];
      oomErrors += res.filter(([e]) => e && /OOM/.test(String(e))).length;
    };
    const measure = async () => {
      if (priv) {
        const info = await r.info();
        const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
        const max = Number(/maxmemory:(\d+)/.exec(info)?.[1] ?? 0);
        const evicted = Number(/evicted_keys:(\d+)/.exec(info)?.[1] ?? 0);
        usedRatio = max ? used / max : 0;
        evictedRecent = evictedBase === undefined ? 0 : evicted - evictedBase;
        evictedBase = evicted;
      }
      let cursor = '0';
      let n = 0;
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}${STALE}*`, 'COUNT', 1000);
        cursor = next;
        n += keys.length;
      } while (cursor !== '0');
      staleCount = n;
    };
    const safe = (fn: () => Promise<void>) => () =>
      void fn().catch((err) => log('info', `demo redis-memory: ${errorText(err)}`));
    const full = () => (priv ? usedRatio >= 0.9 && (evictedRecent > 0 || oomErrors > 0) : staleCount > 0);
    env.after(
      1500,
      safe(() => writeStale(initial)),
    );
    const offJob = env.every(
      1000,
      safe(() => (stopped || written >= total ? Promise.resolve() : writeStale(20))),
    );
    const offSessions = env.every(
      1000,
      safe(() => (stopped ? Promise.resolve() : writeSessions())),
    );
    const offMeasure = env.every(
      2000,
      safe(async () => {
        await measure();
        if (!full()) oomErrors = 0;
      }),
    );
    const offCheck = env.api.addCheck('redis', () =>
      full()
        ? priv
          ? `redis: memory full (${Math.round(usedRatio * 100)}% of maxmemory), ${evictedRecent} sessions evicted in the last seconds`
          : `redis: ${staleCount} stale cache keys without a TTL (the shared Redis has no maxmemory: no evictions here)`
        : undefined,
    );
    const offLogs = env.addLogs((pod, _c, now) => {
      const ts = now.toISOString();
      if (pod?.metadata?.labels?.app === 'worker') return jobLines(pod, ts);
      if (pod?.metadata?.labels?.app !== 'backend' || !full()) return [];
      return Math.random() < 0.5
        ? [
            json({
              level: 'error',
              ts,
              msg: "redis: OOM command not allowed when used memory > 'maxmemory'",
              key: `${prefix}session:*`,
            }),
          ]
        : [
            json({
              level: 'warn',
              ts,
              msg: 'session evicted: user logged out unexpectedly',
              path: '/api/cart',
              status: 401,
            }),
          ];
    });
    return () => {
      stopped = true;
      offJob();
      offSessions();
      offMeasure();
      offCheck();
      offLogs();
      r.disconnect();
    };
  },
};
