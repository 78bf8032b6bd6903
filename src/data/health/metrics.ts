// The runbooks' `curl -s http://localhost:3001/metrics | grep error_rate` as a health check: one
// sample of a Prometheus exposition against a bound (`below` / `above`), read from a URL, or
// from a pod through the API server's proxy (`/api/v1/namespaces/NS/pods/POD:PORT/proxy/…`, so
// no port-forward), the pod named or the first ready pod of a deployment.
import type { MetricsCheck } from '../../config/schema.js';
import { errorText } from '../../util/redact.js';
import { sanitize } from '../../util/sanitize.js';
import type { HealthResult, KubeAccess } from './check.js';
import { fetchCapped, networkReason } from './http.js';
import { findSamples, parseSelector } from './prometheus.js';

const MAX_BODY = 1024 * 1024;

type Connect = (typeof import('../kubernetes/connection.js'))['kubeConnection'];

async function readPodMetrics(
  ep: MetricsCheck,
  kube: KubeAccess | undefined,
  signal: AbortSignal,
  kubeConnection: Connect,
) {
  const pod = ep.pod!;
  const conn = kubeConnection({ kubeconfig: kube?.kubeconfig, context: kube?.context });
  const ns = pod.namespace ?? kube?.namespaces?.[0] ?? 'default';
  let name = pod.name;
  if (!name) {
    const d = await conn.http.getJson<{ spec?: { selector?: { matchLabels?: Record<string, string> } } }>(
      `/apis/apps/v1/namespaces/${ns}/deployments/${pod.deployment}`,
      {},
      { verb: 'get', resource: 'deployments.apps', namespace: ns },
      signal,
    );
    const labelSelector = Object.entries(d.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await conn.http.getJson<{
      items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
    }>(
      `/api/v1/namespaces/${ns}/pods`,
      { labelSelector },
      { verb: 'list', resource: 'pods', namespace: ns },
      signal,
    );
    const ready = pods.items.find((p) =>
      p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    if (!ready) throw new Error(`no ready pod of deployment ${ns}/${pod.deployment}`);
    name = ready.metadata.name;
  }
  const res = await conn.http.get(
    `/api/v1/namespaces/${ns}/pods/${name}:${pod.port}/proxy${pod.path}`,
    {},
    signal,
  );
  const text = (await res.body.text()).slice(0, MAX_BODY);
  return { status: res.httpStatusCode, text, from: `${ns}/${name}` };
}

async function readUrlMetrics(ep: MetricsCheck, signal: AbortSignal) {
  const { res, read } = await fetchCapped(ep.url!, { accept: 'text/plain', ...ep.headers }, signal, MAX_BODY);
  return { status: res.status, text: await read(), from: undefined };
}

export async function checkMetrics(
  ep: MetricsCheck,
  now: () => number = Date.now,
  kube?: KubeAccess,
): Promise<HealthResult> {
  // The Kubernetes client (megabytes of generated models) loads only for a check read from a pod,
  // and before the check's clock starts: loading it is not the pod's latency.
  const connect = ep.pod ? (await import('../kubernetes/connection.js')).kubeConnection : undefined;
  const started = performance.now();
  const signal = AbortSignal.timeout(ep.timeoutMs);
  const base = { name: ep.name, checkedAt: now() };
  let selector: ReturnType<typeof parseSelector>;
  try {
    selector = parseSelector(ep.expect.metric);
  } catch (err) {
    return { ...base, up: false, reason: errorText(err) };
  }
  let got: { status: number; text: string; from?: string };
  try {
    got = connect ? await readPodMetrics(ep, kube, signal, connect) : await readUrlMetrics(ep, signal);
  } catch (err) {
    return { ...base, up: false, reason: ep.pod ? errorText(err) : networkReason(err, ep.timeoutMs) };
  }
  const latencyMs = Math.round(performance.now() - started);
  const result: HealthResult = { ...base, up: true, httpStatus: got.status, latencyMs };
  if (got.status !== 200)
    return {
      ...result,
      up: false,
      reason: `HTTP ${got.status}${got.text ? `: ${sanitize(got.text.trim(), 80)}` : ''}`,
    };
  const samples = findSamples(got.text, selector);
  if (!samples.length)
    return { ...result, up: false, reason: `no sample ${ep.expect.metric} in the exposition` };
  const { below, above } = ep.expect;
  // Several series match: the worst of them decides.
  const values = samples.map((s) => s.value);
  const value =
    below !== undefined ? Math.max(...values) : above !== undefined ? Math.min(...values) : values[0]!;
  const bound = below !== undefined ? `below ${below}` : above !== undefined ? `above ${above}` : '';
  const many = samples.length > 1 ? ` (worst of ${samples.length} series)` : '';
  const from = got.from ? ` from ${got.from}` : '';
  const detail = sanitize(
    `${ep.expect.metric} = ${value}${many}${bound ? `, expected ${bound}` : ''}${from}`,
    200,
  );
  const ok = (below === undefined || value < below) && (above === undefined || value > above);
  return ok ? { ...result, value, detail } : { ...result, up: false, value, detail, reason: detail };
}
