// One follow stream of one container (`GET …/pods/NAME/log?follow=true&timestamps=true`), and
// where it stands: a dropped stream resumes from the last timestamp (`sinceTime`, which the API
// truncates to the second) with the lines already seen at or before that timestamp dropped, so
// nothing is lost or shown twice (k8s-resume.ts). The first stream of a container starts from
// its tail. The bytes go on to the pipeline as they came, in whole lines.
import { apiError, type KubeHttp } from '../kubernetes/client.js';
import { errorText } from '../../util/redact.js';
import { ResumeCursor, type StreamPosition } from './k8s-resume.js';

export { parseK8sTimestamp, type StreamPosition } from './k8s-resume.js';

export interface ContainerRef {
  namespace: string;
  name: string;
  container: string;
}

/** How a stream ended. */
export type FollowEnd =
  | { kind: 'ended'; gotLine: boolean }
  | { kind: 'denied'; issue: string }
  | { kind: 'gone' }
  | { kind: 'failed'; issue: string };

export interface FollowOptions {
  http: KubeHttp;
  pod: ContainerRef;
  pos: StreamPosition;
  tailLines: number;
  /** No byte for this long ends the stream (it is resumed). */
  idleMs: number;
  signal: AbortSignal;
  /** The server answered 200: the stream is live. */
  onConnected(): void;
  /**
   * Whole lines as they came, each still led by its timestamp (`ByteSource.timestamps`): the
   * pipeline reads them; nothing here decodes or splits a line past the resume point.
   */
  onBytes(lines: Buffer): void;
}

const podLogPath = (p: { namespace: string; name: string }) =>
  `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}/log`;

/** A non-200 answer of pods/log as an error naming it. */
async function logError(res: Awaited<ReturnType<KubeHttp['get']>>, namespace: string): Promise<Error> {
  const body = await res.body.text().catch(() => '');
  if (res.httpStatusCode === 400) {
    try {
      const msg = (JSON.parse(body) as { message?: string }).message;
      if (msg) return Object.assign(new Error(errorText(msg)), { status: 400 });
    } catch {
      // not a Status object: the generic words below
    }
  }
  return apiError(res.httpStatusCode, { verb: 'get', resource: 'pods/log', namespace }, body);
}

/** Follows one container until the stream ends (any reason); never rejects. */
export async function followContainer(o: FollowOptions): Promise<FollowEnd> {
  const { pos, pod } = o;
  const ac = new AbortController();
  const onOuter = () => ac.abort();
  o.signal.addEventListener('abort', onOuter, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => ac.abort(), o.idleMs);
    idle.unref?.();
  };
  let connected = false;
  const cursor = new ResumeCursor(pos);
  const query: Record<string, string> = { container: pod.container, follow: 'true', timestamps: 'true' };
  if (pos.lastKey && pos.lastMs !== undefined)
    query.sinceTime = new Date(pos.lastMs - (pos.lastMs % 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  else if (!pos.everStarted) query.tailLines = String(o.tailLines);
  pos.everStarted = true;
  try {
    arm();
    const res = await o.http.get(podLogPath(pod), query, ac.signal);
    if (res.httpStatusCode !== 200) throw await logError(res, pod.namespace);
    connected = true;
    o.onConnected();
    const stream = res.body.stream() as ReadableStream<Uint8Array> | undefined;
    if (stream) {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          arm();
          const out = cursor.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
          if (out) o.onBytes(out);
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
    }
    return { kind: 'ended', gotLine: cursor.gotLine };
  } catch (err) {
    // Stopped, idle, or cut after the stream was live: it resumes like a server-side end.
    if (o.signal.aborted || ac.signal.aborted || connected) return { kind: 'ended', gotLine: cursor.gotLine };
    const status = (err as { status?: number }).status;
    if (status === 403) return { kind: 'denied', issue: errorText(err) };
    // pod gone, or container not started yet: the pod watch decides what happens next
    if (status === 404 || status === 400) return { kind: 'gone' };
    return { kind: 'failed', issue: `${pod.name}/${pod.container}: ${errorText(err)}` };
  } finally {
    if (idle) clearTimeout(idle);
    o.signal.removeEventListener('abort', onOuter);
    // A partial last line is dropped (the cursor's here; the start of a long one that the
    // pipeline holds, by the caller's resetSource): the resumed stream sends it again, whole.
  }
}

/** `kubectl logs --previous`: the last lines of the container's previous instance. */
export async function previousLogs(http: KubeHttp, p: ContainerRef, timeoutMs = 10_000): Promise<string[]> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await http.get(
      podLogPath(p),
      { container: p.container, previous: 'true', tailLines: '500', timestamps: 'false' },
      ac.signal,
    );
    if (res.httpStatusCode !== 200) throw await logError(res, p.namespace);
    const body = await res.body.text();
    return body.split('\n').filter((l, i, a) => l || i < a.length - 1);
  } finally {
    clearTimeout(t);
  }
}
