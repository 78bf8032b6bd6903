// Delete keys matching a pattern: SCAN MATCH (never KEYS) and UNLINK in batches of 500, on
// every master of a cluster. The preview counts the keys first.
import { defineOperation, shq, type ActionEnv, type Params, type Target } from '../../../ops/operation.js';
import {
  countMatching,
  literalPrefix,
  masters,
  redisCli,
  redisTarget,
  redisWhere,
  withRedis,
} from './common.js';

const id = 'redis.delete-keys';
const BATCH = 500;
const command = (_t: Target, params: Params, env: ActionEnv) =>
  `${redisCli(env, ['--scan', '--pattern', String(params.pattern)])} | xargs -r -n ${BATCH} ${redisCli(env, ['UNLINK'])}`;

export const operation = defineOperation({
  id,
  title: 'Delete keys matching a pattern (SCAN + UNLINK)',
  backend: 'redis',
  risk: 'destructive',
  key: { scope: 'redis', key: 'K' },
  effect: { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
  keywords: ['unlink', 'del', 'scan', 'pattern', 'prefix', 'keys'],
  params: [
    {
      name: 'pattern',
      label: 'Key pattern',
      kind: 'text',
      initial: (t, env) =>
        t.name ? t.name : env.config.redis?.keyPrefix ? `${env.config.redis.keyPrefix}*` : '',
      hint: () => 'a Redis glob, e.g. session:* (a literal prefix of at least 2 characters is required)',
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
    if (sel.pane !== 'redis') return undefined;
    // A selected key suggests its prefix (up to the last ':').
    const sel0 = sel.id && sel.id.includes(':') ? `${sel.id.slice(0, sel.id.lastIndexOf(':') + 1)}*` : '';
    return redisTarget(env, 'keys', sel0, '');
  },
  async plan(target, params, env, signal) {
    const pattern = String(params.pattern);
    const count = await withRedis(env, (c) => countMatching(c, pattern, signal));
    const w = redisWhere(env);
    const prefix = literalPrefix(pattern);
    const t = { ...target, name: pattern, confirmName: prefix };
    return {
      op: id,
      target: t,
      params,
      risk: 'destructive',
      impact: [
        `deletes ${count} keys matching ${pattern} in db${w.db} on ${target.context} (SCAN + UNLINK, ${BATCH} per batch)`,
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
