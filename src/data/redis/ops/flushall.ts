// FLUSHALL (ASYNC): every key of every database of the server goes.
import { defineOperation, type ActionEnv, type Params, type Target } from '../../../ops/operation.js';
import { redisCli, redisTarget, withRedis } from './common.js';

const id = 'redis.flushall';
const command = (_t: Target, _p: Params, env: ActionEnv) => redisCli(env, ['FLUSHALL', 'ASYNC'], false);
export const operation = defineOperation({
  id,
  title: 'FLUSHALL: delete every key of every database on this server',
  backend: 'redis',
  risk: 'destructive',
  on: 'redis-key',
  effect: { signals: ['redisMemory', 'redisEvictions', 'redisHitRate', 'health'] },
  keywords: ['flushall', 'flush', 'wipe'],
  params: [],
  command,
  appliesTo(sel, env) {
    if (sel.kind !== 'redis-key' || env.config.redis?.cluster) return undefined;
    return redisTarget(env, 'server', 'all databases', 'all');
  },
  async plan(target, params, env) {
    const info = await withRedis(env, (c) => c.info('keyspace'));
    const dbs = [...info.matchAll(/^(db\d+):keys=(\d+)/gm)].map((m) => ({ db: m[1]!, keys: Number(m[2]) }));
    const total = dbs.reduce((a, d) => a + d.keys, 0);
    return {
      op: id,
      target,
      params,
      risk: 'destructive',
      impact: [
        `deletes all ${total} keys in ${dbs.length} database${dbs.length === 1 ? '' : 's'} on ${target.context}`,
        ...dbs.map((d) => `${d.db}: ${d.keys} keys`),
      ],
      blastRadius: `the WHOLE server ${target.context} is emptied (${total} keys): every application using it loses its data`,
      command: command(target, params, env),
      data: { total },
    };
  },
  async run(plan, env) {
    const r = await withRedis(env, (c) => c.call('FLUSHALL', 'ASYNC'));
    return r === 'OK'
      ? { ok: true, detail: `flushed every database on ${plan.target.context}` }
      : { ok: false, detail: `FLUSHALL answered ${String(r)}` };
  },
});
