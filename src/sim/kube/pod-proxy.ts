// `GET /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH`: the API server's proxy to a pod, as
// `kubectl get --raw` and port-forward-free metrics reads use it. The pod must be Running and
// Ready, else the API server's own 503 ("error trying to reach service"). The simulated
// container answers what a marketplace service answers: `/metrics` (a Prometheus exposition:
// `up`, `error_rate{service=…}`, `http_requests_total{service=…}`) and `/health`; a test or the
// demo can set any pod's answer with `setPodHttp`.
import type { ServerResponse } from 'node:http';
import { errors, HttpError } from './status.js';

export interface PodHttpRequest {
  namespace: string;
  pod: string;
  /** The app label (the service), if any. */
  app?: string;
  port?: number;
  path: string;
}
export interface PodHttpAnswer {
  status: number;
  body: string;
  contentType?: string;
}
/** Returns undefined to fall back to the default answer. */
export type PodHttpHandler = (req: PodHttpRequest) => PodHttpAnswer | undefined;

export function defaultPodAnswer(r: PodHttpRequest): PodHttpAnswer {
  const service = r.app ?? r.pod;
  if (r.path === '/metrics')
    return {
      status: 200,
      contentType: 'text/plain; version=0.0.4',
      body: [
        '# HELP up Whether the service is up.',
        '# TYPE up gauge',
        'up 1',
        '# HELP error_rate Share of requests answered with an error, last minute.',
        '# TYPE error_rate gauge',
        `error_rate{service="${service}"} 0`,
        '# TYPE http_requests_total counter',
        `http_requests_total{service="${service}",code="200"} 1024`,
        '',
      ].join('\n'),
    };
  if (r.path === '/health' || r.path === '/healthz')
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'healthy' }) };
  return { status: 404, contentType: 'text/plain', body: 'Not Found\n' };
}

interface PodLike {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

export function servePodProxy(
  pod: PodLike | undefined,
  namespace: string,
  nameAndPort: string,
  path: string,
  res: ServerResponse,
  handler?: PodHttpHandler,
): void {
  const [name, portText] = nameAndPort.split(':');
  if (!pod) throw errors.notFound('', 'pods', name!);
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  if (pod.status?.phase !== 'Running' || !ready) {
    const ip = pod.status?.podIP ?? '10.0.0.0';
    throw new HttpError(
      503,
      'ServiceUnavailable',
      `error trying to reach service: dial tcp ${ip}:${portText ?? 80}: connect: connection refused`,
    );
  }
  const req: PodHttpRequest = {
    namespace,
    pod: name!,
    app: pod.metadata.labels?.app,
    port: portText ? Number(portText) : undefined,
    path: path || '/',
  };
  const a = handler?.(req) ?? defaultPodAnswer(req);
  res.writeHead(a.status, { 'content-type': a.contentType ?? 'text/plain' }).end(a.body);
}
