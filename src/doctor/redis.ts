// Redis: reach and authenticate (PING), INFO readable, and for actions the ACL rights to
// SCAN, UNLINK and FLUSHDB (ACL DRYRUN, Redis 7+).
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

export async function checkRedis(config: Config, push: Push): Promise<void> {
  const { openRedis, closeRedis } = await import('../data/redis/client.js');
  let client;
  try {
    client = await openRedis({
      url: config.redis!.url!,
      cluster: config.redis!.cluster,
      name: 'warroom-doctor',
    });
  } catch (err) {
    push({
      check: 'reach + authenticate',
      level: 'fail',
      detail: errorText(err),
      fix: 'check redis.url (host, port, user, password, rediss:// for TLS)',
      required: true,
    });
    return;
  }
  try {
    const t0 = performance.now();
    await client.ping();
    push({
      check: 'reach + authenticate',
      level: 'ok',
      detail: `PING in ${Math.round(performance.now() - t0)} ms`,
      required: true,
    });
    try {
      const info = await client.info('server');
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
      push({ check: 'INFO', level: 'ok', detail: `Redis ${version}`, required: true });
    } catch (err) {
      push({
        check: 'INFO',
        level: 'fail',
        detail: errorText(err),
        fix: 'allow the INFO command for this user (ACL +info)',
        required: true,
      });
    }
    if (!config.actions?.readOnly && 'call' in client) {
      let user = 'default';
      try {
        user = String(await client.call('ACL', 'WHOAMI'));
      } catch {
        // ACL not available (Redis < 6): nothing more to check
      }
      for (const cmd of [['SCAN', '0'], ['UNLINK', 'k'], ['FLUSHDB']]) {
        try {
          const r = String(await client.call('ACL', 'DRYRUN', user, ...cmd));
          push({
            check: `ACL ${cmd[0]}`,
            level: r === 'OK' ? 'ok' : 'fail',
            detail: r === 'OK' ? `allowed for ${user}` : r,
            fix: r === 'OK' ? undefined : `ACL SETUSER ${user} +${cmd[0]!.toLowerCase()}`,
            required: true,
          });
        } catch (err) {
          push({
            check: `ACL ${cmd[0]}`,
            level: 'warn',
            detail: `cannot check: ${errorText(err)}`,
            required: false,
          });
        }
      }
    }
  } finally {
    closeRedis(client);
  }
}
