import type { Backend } from '../backend.js';

export const backend: Backend = {
  id: 'kubernetes',
  sources: ['k8s.pods', 'k8s.nodes', 'k8s.deployments', 'k8s.events', 'k8s.metrics'],
  hint: 'kubernetes.context in warroom.yaml (or KUBECONFIG)',
  configured: () => false,
  async start() {},
};
