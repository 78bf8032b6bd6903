// The Kubernetes backend: configured by a `kubernetes` section in warroom.yaml, or by a
// kubeconfig found the usual way (KUBECONFIG, ~/.kube/config, in-cluster service account).
// The client is loaded only in start().
import type { Backend } from '../backend.js';
import { kubeconfigAvailable } from './detect.js';
import {
  DEPLOYMENTS_SOURCE,
  EVENTS_SOURCE,
  INGRESS_SOURCE,
  METRICS_SOURCE,
  NODES_SOURCE,
  PODS_SOURCE,
} from './types.js';

export const backend: Backend = {
  id: 'kubernetes',
  sources: [PODS_SOURCE, NODES_SOURCE, DEPLOYMENTS_SOURCE, EVENTS_SOURCE, METRICS_SOURCE, INGRESS_SOURCE],
  hint: 'kubernetes.context in warroom.yaml (or KUBECONFIG)',
  configured: (c) => !!c.kubernetes || kubeconfigAvailable(),
  async start(ctx) {
    const { startKube } = await import('./start.js');
    await startKube(ctx);
  },
};
