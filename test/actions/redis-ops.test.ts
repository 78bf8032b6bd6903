// The Redis operations: FLUSHDB/FLUSHALL only against a private redis-server; delete by
// pattern (SCAN + UNLINK) against our own prefix on the shared server. The keys are really gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  cleanPrefix,
  REDIS_URL,
  startPrivateRedis,
  testPrefix,
  type PrivateRedis,
} from '../helpers/redis.js';
import { runOperation } from '../../src/ops/runner.js';
import { operation as flushdb } from '../../src/data/redis/ops/flushdb.js';
import { operation as flushall } from '../../src/data/redis/ops/flushall.js';
import { operation as deleteKeys } from '../../src/data/redis/ops/delete-keys.js';
import { envFor, MemRecorder, refuseConfirm, typingConfirm, runOp } from './helpers.js';

let priv: PrivateRedis;
beforeAll(async () => {
  priv = await startPrivateRedis();
});
afterAll(async () => {
  await priv.stop();
});

async function fill(url: string, n: number, prefix: string) {
  const r = new Redis(url);
  const p = r.pipeline();
  for (let i = 0; i < n; i++) p.set(`${prefix}${i}`, 'x');
  await p.exec();
  r.disconnect();
}
async function dbsize(url: string) {
  const r = new Redis(url);
  const n = await r.dbsize();
  r.disconnect();
  return n;
}

describe('redis ops', () => {
  it('FLUSHDB empties only its database, after typing db and the context', async () => {
    await fill(`${priv.url}/1`, 20, 'a:');
    await fill(`${priv.url}/2`, 5, 'b:');
    const env = envFor({ redis: { url: `${priv.url}/1` } });
    const target = flushdb.appliesTo({ kind: 'redis-key' }, env)!;
    expect(target).toMatchObject({ confirmName: 'db1', context: `127.0.0.1:${priv.port}` });
    const confirm = typingConfirm();
    const res = await runOp(flushdb, target, {}, env, { confirm });
    expect(res.outcome).toBe('succeeded');
    expect(confirm.asked[0]!.requireContext).toBe(`127.0.0.1:${priv.port}`);
    expect(confirm.asked[0]!.plan.impact[0]).toContain('deletes all 20 keys of db1');
    expect(res.plan!.command).toBe(`redis-cli -h 127.0.0.1 -p ${priv.port} -n 1 FLUSHDB ASYNC`);
    expect(await dbsize(`${priv.url}/1`)).toBe(0);
    expect(await dbsize(`${priv.url}/2`)).toBe(5);
  });

  it('FLUSHALL without the context typed changes nothing; with it, everything goes', async () => {
    await fill(`${priv.url}/3`, 7, 'c:');
    const env = envFor({ redis: { url: priv.url } });
    const target = flushall.appliesTo({ kind: 'redis-key' }, env)!;
    const wrong = await runOp(flushall, target, {}, env, { confirm: typingConfirm({ context: 'nope' }) });
    expect(wrong.outcome).toBe('cancelled');
    expect(await dbsize(`${priv.url}/3`)).toBe(7);
    const confirm = typingConfirm();
    const res = await runOp(flushall, target, {}, env, { confirm });
    expect(res.outcome).toBe('succeeded');
    expect(confirm.asked[0]!.plan.blastRadius).toMatch(/WHOLE server/);
    expect(await dbsize(`${priv.url}/3`)).toBe(0);
  });

  it('delete keys by pattern: counts first, deletes exactly the matching keys in batches', async () => {
    const prefix = testPrefix();
    try {
      await fill(REDIS_URL, 1234, `${prefix}sess:`);
      await fill(REDIS_URL, 10, `${prefix}keep:`);
      const env = envFor({ redis: { url: REDIS_URL } });
      const target = deleteKeys.appliesTo({ kind: 'redis-key', id: `${prefix}sess:1` }, env)!;
      const confirm = typingConfirm();
      const rec = new MemRecorder();
      const res = await runOperation({
        op: deleteKeys,
        target,
        params: { pattern: `${prefix}sess:*` },
        env,
        confirm,
        recorder: rec,
      });
      expect(res.outcome).toBe('succeeded');
      expect(res.detail).toContain('deleted 1234 keys');
      const req = confirm.asked[0]!;
      // The literal prefix without its trailing ':' (the prompt `Type the name X:` never reads `X::`).
      expect(req.requireName).toBe(`${prefix}sess`);
      expect(req.plan.impact[0]).toContain('deletes 1234 keys');
      expect(req.plan.command).toContain('--scan --pattern');
      expect(req.plan.command).not.toMatch(/\bKEYS\b/);
      const r = new Redis(REDIS_URL);
      const [, left] = await r.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 10000);
      r.disconnect();
      expect(left.every((k) => k.startsWith(`${prefix}keep:`))).toBe(true);
      expect(rec.records[0]).toMatchObject({ outcome: 'succeeded', risk: 'destructive' });
    } finally {
      await cleanPrefix(prefix);
    }
  });

  it('delete keys: no default pattern that is the whole prefix; ten sample keys with types and TTLs; Tab groups', async () => {
    const prefix = testPrefix();
    try {
      const r = new Redis(REDIS_URL);
      const p = r.pipeline();
      for (let i = 0; i < 25; i++)
        p.set(`${prefix}cache:stale:${String(i).padStart(2, '0')}`, 'x', 'EX', 600);
      p.hset(`${prefix}cache:stale:hash`, 'f', 'v');
      for (let i = 0; i < 3; i++) p.set(`${prefix}session:${i}`, 'x');
      await p.exec();
      r.disconnect();
      const env = envFor({ redis: { url: REDIS_URL, keyPrefix: prefix } });
      const target = deleteKeys.appliesTo({ kind: 'redis-key' }, env)!;
      const param = deleteKeys.params[0]!;
      expect(await param.initial!(target, env)).toBe('');
      // A selected key directly under the prefix does not suggest the whole prefix either.
      const t2 = deleteKeys.appliesTo({ kind: 'redis-key', id: `${prefix}solo` }, env)!;
      expect(await param.initial!(t2, env)).toBe('');
      const groups = await param.complete!(target, env);
      expect(groups.map((g) => g.word)).toEqual([`${prefix}cache:*`, `${prefix}session:*`]);
      expect(groups[0]!.note).toBe(' (26)');

      const confirm = typingConfirm();
      const res = await runOp(deleteKeys, target, { pattern: `${prefix}cache:stale:*` }, env, {
        confirm: refuseConfirm,
      });
      expect(res.outcome).toBe('cancelled');
      const plan = res.plan!;
      expect(plan.target.confirmName).toBe(`${prefix}cache:stale`);
      expect(plan.impact[0]).toContain(`deletes 26 keys matching ${prefix}cache:stale:*`);
      expect(plan.impact[1]).toBe('10 of the 26 matching keys:');
      const rows = plan.impact.slice(2);
      expect(rows).toHaveLength(10);
      expect(rows[0]).toMatch(new RegExp(`^  ${prefix}cache:stale:00 +string +ttl 10m$`));
      const one = await runOp(deleteKeys, target, { pattern: `${prefix}cache:stale:h*` }, env, {
        confirm: refuseConfirm,
      });
      expect(one.plan!.impact.slice(1)).toEqual([
        'the 1 matching key:',
        `  ${prefix}cache:stale:hash  hash    no TTL`,
      ]);
      expect(confirm.asked).toEqual([]);
    } finally {
      await cleanPrefix(prefix);
    }
  });

  it('a pattern without a literal prefix is refused; an unreachable server fails in words', async () => {
    const env = envFor({ redis: { url: REDIS_URL } });
    const target = deleteKeys.appliesTo({ kind: 'redis-key' }, env)!;
    const res = await runOp(deleteKeys, target, { pattern: '*' }, env);
    expect(res.outcome).toBe('refused');
    expect(res.detail).toMatch(/literal prefix/);
    const dead = envFor({ redis: { url: 'redis://127.0.0.1:1' } });
    const t2 = flushdb.appliesTo({ kind: 'redis-key' }, dead)!;
    const r2 = await runOp(flushdb, t2, {}, dead);
    expect(r2.outcome).toBe('failed');
    expect(r2.detail).toMatch(/connection refused/);
  });
});
