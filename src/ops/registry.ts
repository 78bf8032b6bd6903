// Every operation, one file each under src/data/<backend>/ops/. The palette, the direct keys
// (src/actions/keys.ts), help and the README's action table all come from this list.
import type { Config } from '../config/schema.js';
import type { Operation } from './operation.js';
import { commandOperations } from '../data/kubernetes/ops/run-command.js';
import { operation as pgCancel } from '../data/postgres/ops/cancel-query.js';
import { operation as pgTerminate } from '../data/postgres/ops/terminate-backend.js';
import { operation as pgIdle } from '../data/postgres/ops/terminate-idle-in-transaction.js';
import { operation as pgLong } from '../data/postgres/ops/terminate-long-queries.js';
import { operation as redisFlushdb } from '../data/redis/ops/flushdb.js';
import { operation as redisFlushall } from '../data/redis/ops/flushall.js';
import { operation as redisDeleteKeys } from '../data/redis/ops/delete-keys.js';
import { operation as cdnInvalidate } from '../data/cdn/ops/invalidate.js';
import { operation as k8sRestart } from '../data/kubernetes/ops/restart.js';
import { operation as k8sUndo } from '../data/kubernetes/ops/undo.js';
import { operation as k8sScale } from '../data/kubernetes/ops/scale.js';
import { operation as k8sSetEnv } from '../data/kubernetes/ops/set-env.js';
import { operation as k8sSetResources } from '../data/kubernetes/ops/set-resources.js';
import { operation as k8sPauseResume } from '../data/kubernetes/ops/pause-resume.js';
import { operation as k8sStatus } from '../data/kubernetes/ops/rollout-status.js';
import { operation as k8sDeletePod } from '../data/kubernetes/ops/delete-pod.js';
import { operation as k8sConfigMap } from '../data/kubernetes/ops/configmap.js';
import { operation as k8sMaintOn } from '../data/kubernetes/ops/maintenance-on.js';
import { operation as k8sMaintOff } from '../data/kubernetes/ops/maintenance-off.js';

export const operations: Operation[] = [
  k8sUndo,
  k8sRestart,
  k8sScale,
  k8sSetEnv,
  k8sSetResources,
  k8sPauseResume,
  k8sStatus,
  k8sDeletePod,
  k8sConfigMap,
  k8sMaintOn,
  k8sMaintOff,
  pgCancel,
  pgTerminate,
  pgIdle,
  pgLong,
  redisFlushdb,
  redisFlushall,
  redisDeleteKeys,
  cdnInvalidate,
];

/** Every operation, and those the configuration defines (`actions.commands`: runbook commands in pods). */
export function operationsFor(config: Config | undefined): Operation[] {
  const configured = config ? commandOperations(config) : [];
  return configured.length ? [...operations, ...configured] : operations;
}

/** Looked up on each call (tests may add operations). */
export function opById(id: string): Operation | undefined {
  return operations.find((o) => o.id === id);
}
