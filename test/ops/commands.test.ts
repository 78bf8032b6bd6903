// Every operation that changes something can say its equivalent command from the target and the
// parameters alone, without reaching a backend: a read-only refusal records that command
// (issue 12 item 5), so none may be missing or empty.
import { describe, expect, it } from 'vitest';
import type { Params, Target } from '../../src/ops/operation.js';
import { operationsFor } from '../../src/ops/registry.js';
import { envFor } from '../actions/helpers.js';

const env = envFor({
  kubernetes: { maintenanceManifest: '/etc/warroom/maintenance.yaml', configMap: 'app-config' },
  actions: {
    cdn: { distributionId: 'E123ABC' },
    // Runbook commands in pods are operations too (one per configured command).
    commands: [
      {
        label: 'Restart the DB pool',
        deployment: 'backend',
        argv: ['npm', 'run', 'db:pool:restart'],
        risk: 'mutating',
      },
    ],
  },
});
const operations = operationsFor(env.config);

const params: Params = {
  revision: 2,
  replicas: 3,
  env: 'FEATURE_X_ENABLED=false',
  container: '',
  key: 'LOG_LEVEL',
  value: 'debug',
  paths: '/index.html /assets/*',
  pattern: 'app:cache:stale:*',
  db: 0,
  seconds: 10,
};

function targetFor(backend: string): Target {
  return {
    backend: backend as Target['backend'],
    context: backend === 'kubernetes' ? 'prod' : 'ctx',
    namespace: 'web3-marketplace',
    kind: 'object',
    name: backend === 'postgres' ? '4242' : 'backend',
    confirmName: 'backend',
  };
}

describe('equivalent commands without a backend', () => {
  const mutating = operations.filter((op) => op.risk !== 'safe');
  it.each(mutating.map((op) => [op.id, op] as const))('%s says its command', (_id, op) => {
    expect(op.command, `${op.id} has no command()`).toBeTypeOf('function');
    const cmd = op.command!(targetFor(op.backend), params, env);
    expect(cmd.trim().length).toBeGreaterThan(0);
  });
});
