// The one skeleton of FLUSHDB and FLUSHALL (ASYNC): destructive, never on a cluster, the keys
// counted for the preview, the command sent as is and its answer checked.
import { defineOperation, type ActionEnv, type Target } from '../../../ops/operation.js';
import type { RedisClient } from '../client.js';
import { redisCli, withRedis } from './common.js';

export interface FlushSpec {
  verb: 'FLUSHDB' | 'FLUSHALL';
  title: string;
  keywords: string[];
  /** The target: the watched database, or the whole server. */
  target(env: ActionEnv): Target | undefined;
  /** What the preview says: the keys that go and who loses them. */
  preview(
    c: RedisClient,
    target: Target,
  ): Promise<{ impact: string[]; blastRadius: string; data: Record<string, number> }>;
  /** What a flush that answered OK did. */
  done(target: Target): string;
}

export function flushOperation(s: FlushSpec) {
  const id = `redis.${s.verb.toLowerCase()}`;
  // FLUSHALL acts on every database: its redis-cli line names none.
  const command = (_t: Target, _p: unknown, env: ActionEnv) =>
    redisCli(env, [s.verb, 'ASYNC'], s.verb === 'FLUSHDB');
  return defineOperation({
    id,
    title: s.title,
    backend: 'redis',
    risk: 'destructive',
    on: 'redis-key',
    effect: { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
    keywords: s.keywords,
    params: [],
    command,
    appliesTo(sel, env) {
      if (sel.kind !== 'redis-key' || env.config.redis?.cluster) return undefined;
      return s.target(env);
    },
    async plan(target, params, env) {
      const preview = await withRedis(env, (c) => s.preview(c, target));
      return {
        op: id,
        target,
        params,
        risk: 'destructive',
        ...preview,
        command: command(target, params, env),
      };
    },
    async run(plan, env) {
      const r = await withRedis(env, (c) => c.call(s.verb, 'ASYNC'));
      return r === 'OK'
        ? { ok: true, detail: s.done(plan.target) }
        : { ok: false, detail: `${s.verb} answered ${String(r)}` };
    },
  });
}
