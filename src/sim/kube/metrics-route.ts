// The metrics.k8s.io routes: PodMetrics and NodeMetrics, one or a (label-selected) list;
// 404 when the simulator runs without metrics.
import type { ServerResponse } from 'node:http';
import { notFound, send } from './http.js';
import { nodeMetrics, podMetrics } from './metrics.js';
import { KEYS } from './objects.js';
import type { Route } from './route.js';
import { parseLabelSelector } from './selectors.js';
import type { ServerState } from './server.js';
import { HttpError } from './status.js';

export function serveMetrics(s: ServerState, r: Route, q: URLSearchParams, res: ServerResponse): void {
  if (!s.metrics) throw notFound();
  const c = s.cluster;
  const match = parseLabelSelector(q.get('labelSelector') ?? undefined);
  if (r.def.kind === 'PodMetrics') {
    if (r.name) {
      const pod = c.store.get(KEYS.pods, r.namespace, r.name);
      const m = pod && podMetrics(c, pod);
      if (!m)
        throw new HttpError(
          404,
          'NotFound',
          `podmetrics.metrics.k8s.io "${r.namespace}/${r.name}" not found`,
          { name: r.name, group: 'metrics.k8s.io', kind: 'pods' },
        );
      send(res, 200, m);
      return;
    }
    const items = c.store
      .list(KEYS.pods, r.namespace)
      .filter((p) => !match || match(p))
      .map((p) => podMetrics(c, p))
      .filter(Boolean);
    send(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    return;
  }
  if (r.name) {
    const node = c.store.get(KEYS.nodes, undefined, r.name);
    if (!node)
      throw new HttpError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${r.name}" not found`, {
        name: r.name,
        group: 'metrics.k8s.io',
        kind: 'nodes',
      });
    send(res, 200, nodeMetrics(c, [node])[0]);
    return;
  }
  const items = nodeMetrics(
    c,
    c.store.list(KEYS.nodes).filter((n) => !match || match(n)),
  );
  send(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
}
