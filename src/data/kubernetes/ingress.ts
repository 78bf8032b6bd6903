// The ingress source: Ingresses (networking.k8s.io/v1) in the namespaces in scope, with the
// Services and EndpointSlices (discovery.k8s.io/v1) behind them, each a watch cache of the
// shared client (sources.ts). Ingresses are primary (the source's state follows them);
// Services and EndpointSlices are secondary: when one of them cannot be read (RBAC), the
// routes are still shown, with the reason, and their readiness unknown.
import type { V1EndpointSlice, V1Ingress, V1Service } from '@kubernetes/client-node';
import type { KubeHttp } from './client.js';
import { watchSource, type KubeScope, type KubeSourceOptions, type WatchSource } from './sources.js';
import { INGRESS_SOURCE, type ScopeInfo } from './types.js';

export type Ingress = V1Ingress;
export type Service = V1Service;
export type EndpointSlice = V1EndpointSlice;

// The id lives with the other source ids (types.ts), which the UI imports without the client.
export { INGRESS_SOURCE };

export interface IngressData extends ScopeInfo {
  ingresses: readonly Ingress[];
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  /** Why Services could not be read; the routes are shown without their readiness. */
  servicesError?: string;
  endpointsError?: string;
  /** Services or EndpointSlices are still being listed: readiness not known yet. */
  pending: boolean;
}

export function ingressSource(http: KubeHttp, scope: KubeScope, opts: KubeSourceOptions): WatchSource {
  const namespaces = scope.namespaces?.length ? scope.namespaces : undefined;
  return watchSource<IngressData>(
    INGRESS_SOURCE,
    http,
    scope,
    [
      {
        name: 'ingresses',
        ref: { resource: 'ingresses', group: 'networking.k8s.io', version: 'v1' },
        primary: true,
      },
      { name: 'services', ref: { resource: 'services', group: '', version: 'v1' }, primary: false },
      {
        name: 'slices',
        ref: { resource: 'endpointslices', group: 'discovery.k8s.io', version: 'v1' },
        primary: false,
      },
    ],
    opts,
    (p) => ({
      ingresses: p.ingresses!.items as Ingress[],
      services: p.services!.items as Service[],
      endpointSlices: p.slices!.items as EndpointSlice[],
      servicesError: p.services!.error,
      endpointsError: p.slices!.error,
      pending: !p.services!.synced || !p.slices!.synced,
      namespaces,
    }),
  );
}
