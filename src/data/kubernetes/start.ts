// Starting the Kubernetes backend (loaded only when it is configured): the kubeconfig, the
// context actually in use (for the header), and the sources.
import type { BackendContext } from '../backend.js';
import { META } from '../../store/meta.js';
import { setSlice } from '../../store/store.js';
import type { KubeHttp } from './client.js';
import { kubeConnection } from './connection.js';
import { DEFAULT_OPTIONS, kubeSources, type KubeSourceOptions } from './sources.js';

export async function startKube(
  ctx: BackendContext,
  opts: KubeSourceOptions = DEFAULT_OPTIONS,
): Promise<KubeHttp> {
  const k = ctx.config.kubernetes;
  const conn = kubeConnection({ kubeconfig: k?.kubeconfig, context: k?.context });
  const namespaces = k?.namespaces?.length ? k.namespaces : undefined;
  setSlice(ctx.store, META, (prev) => ({
    ...prev,
    context: conn.context,
    namespace: namespaces ? namespaces.join(',') : 'all',
  }));
  const http = conn.http;
  const { watches, metrics } = kubeSources(http, { namespaces }, opts);
  const staleAfter = Math.max(30_000, opts.heartbeatMs * 6);
  for (const w of watches) ctx.hub.add(w, staleAfter);
  ctx.hub.add(metrics, opts.metricsIntervalMs * 3 + opts.metricsTimeoutMs);
  return http;
}
