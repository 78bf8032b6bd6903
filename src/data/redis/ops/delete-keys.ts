// Delete keys matching a pattern: SCAN MATCH (never KEYS) and UNLINK in batches of 500, on
// every master of a cluster. No default pattern (the whole application prefix is FLUSHDB's
// job, not a default); Tab completes the key groups under the prefix. The preview counts the
// keys and shows ten of them with their types and TTLs. The responder types the pattern's
// literal prefix without its trailing separator (`cache:stale`, never `cache:stale::`).
import { defineOperation, shq, type ActionEnv, type Params, type Target } from '../../../ops/operation.js';
import {
  keyGroups,
  literalPrefix,
  masters,
  redisCli,
  redisTarget,
  redisWhere,
  scanMatching,
  withRedis,
} from './common.js';

const id = 'redis.delete-keys';
const BATCH = 500;

/** A TTL in words: `no TTL`, `ttl 42s`, `ttl 3m`, `ttl 2h`. */
function ttlText(ms: number): string {
  if (ms < 0) return 'no TTL';
  const s = Math.round(ms / 1000);
  return s < 120 ? `ttl ${s}s` : s < 7200 ? `ttl ${Math.round(s / 60)}m` : `ttl ${Math.round(s / 3600)}h`;
}

/** What is typed to confirm: the literal prefix without a trailing separator (`:`, `.`, `/`…). */
export function confirmNameFor(pattern: string): string {
  const p = literalPrefix(pattern);
  const trimmed = p.replace(/[:._/|-]+$/, '');
  return trimmed.length >= 2 ? trimmed : p;
}
const command = (_t: Target, params: Params, env: ActionEnv) =>
  `${redisCli(env, ['--scan', '--pattern', String(params.pattern)])} | xargs -r -n ${BATCH} ${redisCli(env, ['UNLINK'])}`;

export const operation = defineOperation({
  id,
  title: 'Delete keys matching a pattern (SCAN + UNLINK)',
  backend: 'redis',
  risk: 'destructive',
  on: 'redis-key',
  effect: { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
  keywords: ['unlink', 'del', 'scan', 'pattern', 'prefix', 'keys'],
  params: [
    {
      name: 'pattern',
      label: 'Key pattern',
      kind: 'text',
      // A selected key suggests its group; never the whole application prefix by default.
      initial: (t) => t.name,
      hint: (_t, env) => {
        const p = env.config.redis?.keyPrefix ?? '';
        return `a Redis glob, e.g. ${p}session:* (a literal prefix of at least 2 characters is required; Tab lists the key groups)`;
      },
      complete: (_t, env) => withRedis(env, (c) => keyGroups(c, env.config.redis?.keyPrefix ?? '')),
      validate: (v) => {
        const p = String(v);
        if (!p) return 'a pattern is needed';
        if (/\s/.test(p)) return 'no spaces in a pattern';
        if (literalPrefix(p).length < 2)
          return 'start the pattern with a literal prefix of 2+ characters (use FLUSHDB to delete everything)';
        return undefined;
      },
    },
  ],
  command,
  appliesTo(sel, env) {
    if (sel.kind !== 'redis-key') return undefined;
    // A selected key suggests its prefix (up to the last ':').
    const group = sel.id && sel.id.includes(':') ? `${sel.id.slice(0, sel.id.lastIndexOf(':') + 1)}*` : '';
    const whole = env.config.redis?.keyPrefix ? `${env.config.redis.keyPrefix}*` : undefined;
    return redisTarget(env, 'keys', group === whole ? '' : group, '');
  },
  async plan(target, params, env, signal) {
    const pattern = String(params.pattern);
    const { count, sample } = await withRedis(env, async (c) => {
      const found = await scanMatching(c, pattern, signal, 10);
      const keys = found.sample;
      const p = c.pipeline();
      for (const k of keys) p.type(k).pttl(k);
      const res = (await p.exec()) ?? [];
      return {
        count: found.count,
        sample: keys.map((key, i) => ({
          key,
          type: String(res[2 * i]?.[1] ?? '?'),
          ttl: Number(res[2 * i + 1]?.[1] ?? -1),
        })),
      };
    });
    const w = redisWhere(env);
    const t = { ...target, name: pattern, confirmName: confirmNameFor(pattern) };
    const width = Math.max(0, ...sample.map((s) => s.key.length));
    return {
      op: id,
      target: t,
      params,
      risk: 'destructive',
      impact: [
        `deletes ${count} keys matching ${pattern} in db${w.db} on ${target.context} (SCAN + UNLINK, ${BATCH} per batch)`,
        ...(sample.length
          ? [
              `${sample.length === count ? `the ${count}` : `${sample.length} of the ${count}`} matching key${count === 1 ? '' : 's'}:`,
              ...sample.map(
                (s) => `  ${s.key.padEnd(Math.min(width, 60))}  ${s.type.padEnd(6)}  ${ttlText(s.ttl)}`,
              ),
            ]
          : []),
      ],
      blastRadius: `${count} keys matching ${pattern} are deleted`,
      command: command(target, params, env),
      dryRun: { ok: true, text: `SCAN counted ${count} matching keys; nothing deleted` },
      ...(count === 0 ? { nothingToDo: `no key matches ${shq(pattern)}` } : {}),
      data: { count },
    };
  },
  async run(plan, env, signal) {
    const pattern = String(plan.params.pattern);
    let deleted = 0;
    await withRedis(env, async (c) => {
      const cluster = masters(c).length > 1 || c.isCluster;
      for (const node of masters(c)) {
        let cursor = '0';
        let batch: string[] = [];
        const flush = async () => {
          if (!batch.length) return;
          if (!cluster) deleted += await node.unlink(...batch);
          else {
            // Cluster nodes refuse multi-key commands across slots: one UNLINK per key, pipelined.
            const p = node.pipeline();
            for (const k of batch) p.unlink(k);
            for (const [err, n] of (await p.exec()) ?? []) if (!err) deleted += Number(n);
          }
          batch = [];
        };
        do {
          if (signal.aborted) throw new Error(`stopped after deleting ${deleted} keys`);
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          for (const k of keys) {
            batch.push(k);
            if (batch.length >= BATCH) await flush();
          }
        } while (cursor !== '0');
        await flush();
      }
    });
    return { ok: true, detail: `deleted ${deleted} keys matching ${pattern} on ${plan.target.context}` };
  },
});
