// `pods/NAME/exec` over the API server's WebSocket protocol, as kubectl 1.32 (client-go's
// WebSocket executor, `GET` with Upgrade) and @kubernetes/client-node's `Exec` speak it:
// query `command` (repeated, the argv), `container`, `stdin`, `stdout`, `stderr`, `tty`; the
// subprotocol `v5.channel.k8s.io` if offered, else `v4.channel.k8s.io` (older ones are refused
// with 400, as are non-WebSocket upgrades such as SPDY). Each binary message starts with its
// channel: 0 stdin, 1 stdout, 2 stderr, 3 the status (a JSON `Status`: Success, or Failure with
// reason NonZeroExitCode and the exit code as the `ExitCode` cause), 4 resize; v5 adds 255
// (close a stream), which the client sends when its stdin ends. As the kubelet does, an empty
// message on the lowest writable channel says the streams are open; the status comes last and
// the server then closes the WebSocket normally. Authentication, RBAC (`create` on
// `pods/exec`, as the API server checks for WebSocket upgrades too) and the pod's and
// container's state are checked before the upgrade, with the API server's Status answers.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { runInContainer, type ExecContainer, type ExecPod } from './container-commands.js';
import { SIM_USER } from './rbac.js';
import { findResource, storeKey } from './resources.js';
import { parseResourcePath } from './route.js';
import { recordRequest, type ServerState, type SimRequest } from './server.js';
import { HttpError, errors, statusBody } from './status.js';
import { queryBool } from './query.js';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const STDIN = 0;
const CLOSE = 255;

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  // The subprotocol the server picks (resolve() has checked that one is offered).
  handleProtocols: (protocols: Set<string>) => EXEC_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
});

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** An HTTP answer on a socket that asked to upgrade (the handshake never happened). */
function refuse(socket: Duplex, err: HttpError, rec: SimRequest): void {
  rec.status = err.code;
  const body = JSON.stringify(statusBody(err));
  socket.end(
    `HTTP/1.1 ${err.code} ${REASONS[err.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}

interface Resolved {
  pod: ExecPod;
  container: ExecContainer;
  argv: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  protocol: string;
}

function resolve(s: ServerState, req: IncomingMessage, rec: SimRequest): Resolved {
  const url = new URL(req.url ?? '/', 'http://sim');
  const q = url.searchParams;
  if (s.token !== undefined && req.headers.authorization !== `Bearer ${s.token}`) throw errors.unauthorized();
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const r = parseResourcePath(segs);
  if (!r || r.def.kind !== 'Pod' || r.subresource !== 'exec' || !r.name || !r.namespace)
    throw new HttpError(400, 'BadRequest', `the server does not allow upgrading ${url.pathname}`);
  Object.assign(rec, {
    verb: 'create',
    resource: 'pods',
    group: '',
    namespace: r.namespace,
    name: r.name,
    subresource: 'exec',
  });
  if (!s.rbac.allowed('create', 'pods/exec', r.namespace))
    throw errors.forbidden(SIM_USER, 'create', '', 'pods/exec', r.namespace, r.name);
  const def = findResource('', 'v1', 'pods')!;
  const pod = s.cluster.store.entry(storeKey(def), r.namespace, r.name)?.obj as ExecPod | undefined;
  if (!pod) throw errors.notFound('', 'pods', r.name);
  const argv = q.getAll('command');
  const stdin = queryBool(q, 'stdin');
  const stdout = queryBool(q, 'stdout');
  const stderr = queryBool(q, 'stderr');
  const tty = queryBool(q, 'tty');
  if (!stdin && !stdout && !stderr)
    throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (!argv.length) throw errors.badRequest('you must specify at least one command for the container');
  const containers = pod.spec?.containers ?? [];
  const wanted = q.get('container');
  let container: ExecContainer | undefined;
  if (wanted) {
    container = containers.find((c) => c.name === wanted);
    if (!container) throw errors.badRequest(`container ${wanted} is not valid for pod ${r.name}`);
  } else if (containers.length === 1) container = containers[0];
  if (!container)
    throw errors.badRequest(
      `a container name must be specified for pod ${r.name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`,
    );
  const status = pod.status;
  if (status?.phase === 'Succeeded' || status?.phase === 'Failed')
    throw errors.badRequest(
      `cannot exec into a container in a completed pod; current phase is ${status.phase}`,
    );
  const cs = status?.containerStatuses?.find((c) => c.name === container.name);
  if (!cs?.state?.running)
    throw new HttpError(
      500,
      'InternalError',
      `unable to upgrade connection: container not found ("${container.name}")`,
    );
  // The pod's and container's errors come first: kubectl retries a refused WebSocket upgrade
  // over SPDY and shows the second answer.
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade !== 'websocket')
    throw errors.badRequest(
      `this simulator speaks exec over WebSocket only (${EXEC_PROTOCOLS.join(', ')}), not ${req.headers.upgrade ?? 'a plain request'}`,
    );
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const protocol = EXEC_PROTOCOLS.find((p) => offered.includes(p));
  if (!protocol)
    throw errors.badRequest(
      `none of the requested subprotocols is supported (${offered.join(', ') || 'none'}): use ${EXEC_PROTOCOLS.join(' or ')}`,
    );
  return { pod, container, argv, stdin, stdout, stderr, tty, protocol };
}

function replicasOf(s: ServerState, pod: ExecPod): { ready: number; total: number } {
  const app = pod.metadata.labels?.app;
  const def = findResource('', 'v1', 'pods')!;
  const pods = app
    ? (s.cluster.store.list(storeKey(def), pod.metadata.namespace) as ExecPod[]).filter(
        (p) => p.metadata.labels?.app === app,
      )
    : [pod];
  const ready = pods.filter((p) =>
    p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  return { ready, total: pods.length };
}

/** Runs the command and streams its output, then the status; closes normally. */
async function session(s: ServerState, ws: WebSocket, x: Resolved): Promise<void> {
  let open = true;
  const wake = new Set<() => void>();
  ws.on('close', () => {
    open = false;
    for (const w of wake) w();
  });
  ws.on('error', () => ws.terminate());
  // Stdin (0) goes to the command until the client closes it (v5: 255 then 0) or goes away;
  // resize (4) changes nothing here.
  const input: Buffer[] = [];
  let inputOpen = x.stdin;
  const waiting = new Set<() => void>();
  const arrived = () => {
    for (const w of waiting) w();
  };
  ws.on('close', arrived);
  ws.on('message', (data: Buffer, binary: boolean) => {
    if (!binary || !data.length) return;
    if (data[0] === STDIN && inputOpen) input.push(data.subarray(1));
    else if (data[0] === CLOSE && data[1] === STDIN) inputOpen = false;
    arrived();
  });
  const stdin = async function* (): AsyncGenerator<Buffer> {
    for (;;) {
      while (input.length) yield input.shift()!;
      if (!inputOpen || !open) return;
      await new Promise<void>((done) => {
        const w = () => (waiting.delete(w), done());
        waiting.add(w);
      });
    }
  };
  // With a TTY the terminal merges stderr into stdout and turns \n into \r\n.
  const term = (t: string) => (x.tty ? t.replace(/\r?\n/g, '\r\n') : t);
  const frame = (channel: number, text: string | Buffer) => {
    if (!open) return;
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true });
  };
  frame(x.stdout ? STDOUT : x.stderr ? STDERR : STATUS, Buffer.alloc(0));
  const code = await runInContainer(
    x.argv,
    { pod: x.pod, container: x.container, replicas: replicasOf(s, x.pod), podHttp: s.podHttp },
    {
      out: (t) => x.stdout && frame(STDOUT, term(t)),
      err: (t) => (x.tty ? x.stdout && frame(STDOUT, term(t)) : x.stderr && frame(STDERR, t)),
      stdin,
      pause: (ms) =>
        new Promise<void>((done) => {
          if (!open) return done();
          const w = () => (clearTimeout(t), wake.delete(w), done());
          const t = setTimeout(w, ms);
          wake.add(w);
        }),
    },
  );
  const status =
    code === 0
      ? { metadata: {}, status: 'Success' }
      : {
          metadata: {},
          status: 'Failure',
          message: `command terminated with non-zero exit code: error executing command [${x.argv.join(' ')}], exit code ${code}`,
          reason: 'NonZeroExitCode',
          details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
        };
  frame(STATUS, JSON.stringify(status));
  if (open) ws.close(1000);
}

/** The server's `upgrade` handler (registered in server.ts). */
export function serveUpgrade(s: ServerState, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const rec = recordRequest(s, req);
  socket.on('error', () => socket.destroy());
  let x: Resolved;
  try {
    x = resolve(s, req, rec);
  } catch (err) {
    refuse(
      socket,
      err instanceof HttpError
        ? err
        : new HttpError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message}`),
      rec,
    );
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    rec.status = 101;
    session(s, ws, x).catch(() => ws.terminate());
  });
}
