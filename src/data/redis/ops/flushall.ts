// FLUSHALL (ASYNC): every key of every database of the server goes.
import { redisTarget } from './common.js';
import { flushOperation } from './flush.js';

export const operation = flushOperation({
  verb: 'FLUSHALL',
  title: 'FLUSHALL: delete every key of every database on this server',
  keywords: ['flushall', 'flush', 'wipe'],
  target: (env) => redisTarget(env, 'server', 'all databases', 'all'),
  async preview(c, target) {
    const info = await c.info('keyspace');
    const dbs = [...info.matchAll(/^(db\d+):keys=(\d+)/gm)].map((m) => ({ db: m[1]!, keys: Number(m[2]) }));
    const total = dbs.reduce((a, d) => a + d.keys, 0);
    return {
      impact: [
        `deletes all ${total} keys in ${dbs.length} database${dbs.length === 1 ? '' : 's'} on ${target.context}`,
        ...dbs.map((d) => `${d.db}: ${d.keys} keys`),
      ],
      blastRadius: `the WHOLE server ${target.context} is emptied (${total} keys): every application using it loses its data`,
      data: { total },
    };
  },
  done: (target) => `flushed every database on ${target.context}`,
});
