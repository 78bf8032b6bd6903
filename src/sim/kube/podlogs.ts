// GET pods/{name}/log: container, previous, tailLines, sinceSeconds, sinceTime, timestamps,
// limitBytes and follow (streamed, headers flushed at once, ends when the container stops).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster.js';
import { formatLine, type LogLine } from './logs.js';
import { KEYS } from './objects.js';
import { HttpError, errors } from './status.js';
import { queryBool } from './query.js';

export function serveLogs(
  c: Cluster,
  ns: string,
  name: string,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  open: Set<ServerResponse>,
): void {
  const pod = c.store.get(KEYS.pods, ns, name);
  if (!pod) throw errors.notFound('', 'pods', name);
  const names: string[] = (pod.spec.containers ?? []).map((x: any) => x.name);
  let container = q.get('container') ?? undefined;
  if (!container) {
    if (names.length !== 1)
      throw errors.badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
      );
    container = names[0]!;
  }
  if (!names.includes(container))
    throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = queryBool(q, 'previous');
  const status = (pod.status?.containerStatuses ?? []).find((s: any) => s.name === container);
  const waiting = status?.state?.waiting?.reason;
  if (
    !previous &&
    (!status ||
      waiting === 'ContainerCreating' ||
      waiting === 'ErrImagePull' ||
      waiting === 'ImagePullBackOff')
  ) {
    throw errors.badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`,
    );
  }
  const lines = c.logs.read(ns, name, container, previous);
  if (previous && !lines)
    throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  let out: LogLine[] = lines ?? [];
  const sinceSeconds = q.get('sinceSeconds');
  const sinceTime = q.get('sinceTime');
  let since: number | undefined;
  if (sinceSeconds) since = Date.now() - Number(sinceSeconds) * 1000;
  if (sinceTime) {
    since = Date.parse(sinceTime);
    if (Number.isNaN(since)) throw new HttpError(400, 'BadRequest', `invalid sinceTime: ${sinceTime}`);
  }
  if (since !== undefined) out = out.filter((l) => l.at >= since!);
  const tail = q.get('tailLines');
  if (tail !== null && tail !== '' && Number(tail) >= 0)
    out = Number(tail) === 0 ? [] : out.slice(-Number(tail));
  const timestamps = queryBool(q, 'timestamps');
  let budget = q.get('limitBytes') ? Number(q.get('limitBytes')) : Infinity;
  const follow = queryBool(q, 'follow') && !previous;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (follow) res.flushHeaders();
  const emit = (l: LogLine): boolean => {
    let s = formatLine(l, timestamps);
    if (s.length > budget) s = s.slice(0, budget);
    budget -= s.length;
    if (s) res.write(s);
    return budget > 0;
  };
  for (const l of out) if (!emit(l)) break;
  if (!follow || budget <= 0 || !c.logs.isRunning(ns, name, container)) {
    res.end();
    return;
  }
  open.add(res);
  const stop = c.logs.follow(ns, name, container, (l) => {
    if (l === null || !emit(l)) finish();
  });
  function finish() {
    stop();
    open.delete(res);
    if (!res.writableEnded) res.end();
  }
  res.on('close', finish);
  req.on('close', finish);
}
