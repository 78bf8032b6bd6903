// A command in a pod's container, as `kubectl exec` runs it: the API server's WebSocket exec
// protocol (v5.channel.k8s.io, else v4) through @kubernetes/client-node's Exec, with the
// context's shared connection (its kubeconfig and credentials). Output is handed on as it
// comes (UTF-8 decoded across frames); the exit code comes from the status channel (Success,
// or NonZeroExitCode with its ExitCode cause). A refused upgrade (403 on pods/exec, a bad
// container) is an error in the API server's own words, read from the answer's Status.
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
// ws is imported by the first exec: this module is on the console's start path (the registry).
import type WebSocket from 'ws';
import type { OutputChunk } from '../../ops/operation.js';
import { errorText } from '../../util/redact.js';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  argv: string[];
}

export interface ExecResult {
  /** The exit code (0 on Success); undefined when the status did not say (stopped, cut). */
  code?: number;
  /** The status message of a failure ('command terminated with non-zero exit code: …'). */
  message?: string;
}

/** A refused exec: the HTTP status and the API server's message. */
export class ExecRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExecRefused';
  }
}

function writer(stream: OutputChunk['stream'], onChunk: (c: OutputChunk) => void): Writable {
  const dec = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = dec.write(chunk);
      if (text) onChunk({ stream, text });
      done();
    },
    final(done) {
      const text = dec.end();
      if (text) onChunk({ stream, text });
      done();
    },
  });
}

/** The exit code a status carries (kubectl's reading of it). */
export function exitCodeOf(status: V1Status | undefined): ExecResult {
  if (!status) return {};
  if (status.status === 'Success') return { code: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number(cause.message) : NaN;
  return {
    code: status.reason === 'NonZeroExitCode' && Number.isInteger(code) ? code : 1,
    ...(status.message ? { message: status.message } : {}),
  };
}

/**
 * The WebSocket client-node opens, made here so that a refused upgrade reads the answer's
 * Status (client-node alone only says "Unexpected server response: 403").
 */
function socketFactory(
  WS: typeof WebSocket,
  uri: string,
  protocols: string[],
  opts: WebSocket.ClientOptions,
): WebSocket {
  const ws = new WS(uri, protocols, opts);
  ws.on('unexpected-response', (req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      if (body.length < 64 * 1024) body += d;
    });
    res.on('end', () => {
      let message = body.trim().slice(0, 500) || res.statusMessage || 'no message';
      try {
        const s = JSON.parse(body) as { message?: string };
        if (s.message) message = s.message;
      } catch {
        // not a Status: the text as it came
      }
      ws.emit('error', new ExecRefused(res.statusCode ?? 0, message));
      req.destroy();
      ws.terminate();
    });
  });
  return ws;
}

/** The subprotocols offered, newest first, as kubectl offers them. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/**
 * client-node's Exec over our own WebSocket connector: its default one also acts on the
 * process's own stdout when a server closes a stream (channel 255), and cannot read a refusal.
 */
function connector(kc: KubeConfig, WS: typeof WebSocket) {
  return {
    async connect(
      path: string,
      _text: unknown,
      binary: ((stream: number, buff: Buffer) => boolean) | null,
    ): Promise<WebSocket> {
      const cluster = kc.getCurrentCluster();
      if (!cluster) throw new Error('the kubeconfig has no current cluster');
      const opts: WebSocket.ClientOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const uri = `${cluster.server.replace(/^http/, 'ws').replace(/\/$/, '')}${path}`;
      return new Promise((resolve, reject) => {
        const ws = socketFactory(WS, uri, EXEC_PROTOCOLS, opts);
        ws.once('open', () => resolve(ws));
        ws.on('error', reject);
        ws.on('message', (data: Buffer, isBinary: boolean) => {
          // Every channel's message is binary; 255 (v5: a stream closed) needs nothing here.
          if (!isBinary || !data.length || data[0] === 255) return;
          if (binary && !binary(data[0]!, data.subarray(1))) ws.close();
        });
      });
    },
  };
}

/** Runs the command; resolves when the server closes the stream (or the signal aborts it). */
export async function execInPod(
  kc: KubeConfig,
  req: ExecRequest,
  onChunk: (c: OutputChunk) => void,
  signal: AbortSignal,
): Promise<ExecResult> {
  const [k, { default: WS }] = await Promise.all([import('@kubernetes/client-node'), import('ws')]);
  const exec = new k.Exec(kc, connector(kc, WS) as unknown as ConstructorParameters<typeof k.Exec>[1]);
  let status: V1Status | undefined;
  const stdout = writer('stdout', onChunk);
  const stderr = writer('stderr', onChunk);
  const ws = (await exec.exec(
    req.namespace,
    req.pod,
    req.container,
    req.argv,
    stdout,
    stderr,
    null,
    false,
    (s) => {
      status = s;
    },
  )) as unknown as WebSocket;
  await new Promise<void>((resolve) => {
    const stop = () => {
      ws.terminate();
      resolve();
    };
    if (signal.aborted) return stop();
    if (ws.readyState === WS.CLOSED) return resolve();
    signal.addEventListener('abort', stop, { once: true });
    ws.on('close', () => {
      signal.removeEventListener('abort', stop);
      resolve();
    });
    ws.on('error', () => undefined);
  });
  return exitCodeOf(status);
}

/** A failed exec in words: the API server's refusal, or the connection's error. */
export function execErrorText(err: unknown, req: Pick<ExecRequest, 'namespace' | 'pod'>): string {
  if (err instanceof ExecRefused) {
    if (err.status === 403)
      return `403 Forbidden: exec into pods is not permitted in ${req.namespace} (RBAC: create pods/exec): ${errorText(err.message)}`;
    if (err.status === 401)
      return `401 Unauthorized: the credentials were refused: ${errorText(err.message)}`;
    if (/container not found/.test(err.message))
      return `${err.status}: ${errorText(err.message)}: the container is not running in pod ${req.pod} (restarting or crash-looping?)`;
    return `${err.status}: ${errorText(err.message)}`;
  }
  return errorText(err);
}
