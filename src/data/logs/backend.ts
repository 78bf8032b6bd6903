import type { Backend } from '../backend.js';

export const backend: Backend = {
  id: 'logs',
  sources: ['logs.k8s', 'logs.cloudwatch'],
  hint: 'kubernetes.deployments or cloudwatch.logGroups in warroom.yaml',
  configured: () => false,
  async start() {},
};
