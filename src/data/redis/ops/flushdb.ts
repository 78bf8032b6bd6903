// FLUSHDB (ASYNC) of the database the console watches: every key of that database goes.
import { defineOperation, type ActionEnv, type Params, type Target } from '../../../ops/operation.js';
import { redisCli, redisTarget, redisWhere, withRedis } from './common.js';

const id = 'redis.flushdb';
const command = (_t: Target, _p: Params, env: ActionEnv) => redisCli(env, ['FLUSHDB', 'ASYNC']);
export const operation = defineOperation({
  id,
  title: 'FLUSHDB: delete every key of this database',
  backend: 'redis',
  risk: 'destructive',
  on: 'redis-key',
  effect: { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
  keywords: ['flushdb', 'flush', 'delete all keys'],
  params: [],
  command,
  appliesTo(sel, env) {
    if (sel.kind !== 'redis-key' || env.config.redis?.cluster) return undefined;
    const db = redisWhere(env).db;
    return redisTarget(env, 'database', `db${db}`, `db${db}`);
  },
  async plan(target, params, env) {
    const size = await withRedis(env, (c) => c.dbsize());
    return {
      op: id,
      target,
      params,
      risk: 'destructive',
      impact: [`deletes all ${size} keys of ${target.name} on ${target.context}`],
      blastRadius: `${size} keys in ${target.name} are deleted; every client of this database sees an empty cache/store`,
      command: command(target, params, env),
      data: { size },
    };
  },
  async run(plan, env) {
    const r = await withRedis(env, (c) => c.call('FLUSHDB', 'ASYNC'));
    return r === 'OK'
      ? { ok: true, detail: `flushed ${plan.target.name} on ${plan.target.context}` }
      : { ok: false, detail: `FLUSHDB answered ${String(r)}` };
  },
});
