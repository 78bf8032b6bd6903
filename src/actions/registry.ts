// Every operation, one file each under src/data/<backend>/ops/. The palette, the direct keys
// (src/actions/keys.ts), help and the README's action table all come from this list.
import type { Operation } from './operation.js';
import { operation as pgCancel } from '../data/postgres/ops/cancel-query.js';
import { operation as pgTerminate } from '../data/postgres/ops/terminate-backend.js';
import { operation as pgIdle } from '../data/postgres/ops/terminate-idle-in-transaction.js';
import { operation as pgLong } from '../data/postgres/ops/terminate-long-queries.js';
import { operation as redisFlushdb } from '../data/redis/ops/flushdb.js';
import { operation as redisFlushall } from '../data/redis/ops/flushall.js';
import { operation as redisDeleteKeys } from '../data/redis/ops/delete-keys.js';
import { operation as cdnInvalidate } from '../data/cdn/ops/invalidate.js';

export const operations: Operation[] = [
  pgCancel,
  pgTerminate,
  pgIdle,
  pgLong,
  redisFlushdb,
  redisFlushall,
  redisDeleteKeys,
  cdnInvalidate,
];

/** Looked up on each call (tests may add operations). */
export function opById(id: string): Operation | undefined {
  return operations.find((o) => o.id === id);
}
