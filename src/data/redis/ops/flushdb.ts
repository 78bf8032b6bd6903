// FLUSHDB (ASYNC) of the database the console watches: every key of that database goes.
import { redisTarget, redisWhere } from './common.js';
import { flushOperation } from './flush.js';

export const operation = flushOperation({
  verb: 'FLUSHDB',
  title: 'FLUSHDB: delete every key of this database',
  keywords: ['flushdb', 'flush', 'delete all keys'],
  target(env) {
    const db = redisWhere(env).db;
    return redisTarget(env, 'database', `db${db}`, `db${db}`);
  },
  async preview(c, target) {
    const size = await c.dbsize();
    return {
      impact: [`deletes all ${size} keys of ${target.name} on ${target.context}`],
      blastRadius: `${size} keys in ${target.name} are deleted; every client of this database sees an empty cache/store`,
      data: { size },
    };
  },
  done: (target) => `flushed ${target.name} on ${target.context}`,
});
