// The connection to the API server: the kubeconfig (file, KUBECONFIG, --context, in-cluster
// service account; exec credential plugins such as `aws eks get-token` are run by
// @kubernetes/client-node when a request is authenticated), and two raw calls built on the
// client's own request context and HTTP library: a JSON GET and a watch stream. Raw JSON is
// kept as received so that listed and watched objects have one shape.
// Both from client-node's own files, not its index: the index also loads the generated models
// and API classes (~15 MB), which start-up never uses (scripts/kube-client-slim.mjs, issue 15).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
} from '@kubernetes/client-node/dist/gen/http/http.js';
import { errorText, redactUrl } from '../../util/redact.js';
import { registerHeaderValue, registerSecret, registerUrlSecrets } from '../../util/secrets.js';

export interface KubeTarget {
  kc: KubeConfig;
  context: string;
  server: string;
}

/** Loads the kubeconfig: an explicit file, else KUBECONFIG / ~/.kube/config / in-cluster. */
export function loadKube(opts: { kubeconfig?: string; context?: string }): KubeTarget {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new Error(
      `cannot read the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${errorText(err)}`,
      {
        cause: err,
      },
    );
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new Error(
        `context '${opts.context}' is not in the kubeconfig${names.length ? ` (contexts: ${names.slice(0, 8).join(', ')})` : ''}`,
      );
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new Error('the kubeconfig has no current context (use --context or kubernetes.context)');
  registerKubeSecrets(kc, cluster.server);
  return { kc, context: kc.getCurrentContext() || 'in-cluster', server: cluster.server };
}

/**
 * The kubeconfig's credentials are secrets by value, like the configuration's (issue 11): the
 * current user's token, password and client key, and what the server URL can carry. Tokens an
 * exec plugin hands out are registered when a request is authenticated (see `request`).
 */
function registerKubeSecrets(kc: KubeConfig, server: string): void {
  registerUrlSecrets(server);
  const user = kc.getCurrentUser();
  if (!user) return;
  registerSecret(user.token);
  registerSecret(user.password);
  registerSecret(user.keyData);
  if (user.username && user.password)
    registerSecret(Buffer.from(`${user.username}:${user.password}`).toString('base64'));
}

/** A failed API call, in words that name the verb and the resource. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface Target {
  verb: 'list' | 'watch' | 'get';
  /** e.g. 'pods', 'deployments.apps', 'pods.metrics.k8s.io'. */
  resource: string;
  namespace?: string;
}

function where(t: Target): string {
  return t.namespace ? `in namespace ${t.namespace}` : 'in all namespaces';
}

export function apiError(status: number, t: Target, body: string): KubeApiError {
  let serverMsg: string;
  let reason: string | undefined;
  let code = status;
  try {
    const s = JSON.parse(body) as { message?: string; reason?: string; code?: number };
    serverMsg = s.message ?? '';
    reason = s.reason;
    if (typeof s.code === 'number') code = s.code;
  } catch {
    serverMsg = body.slice(0, 200);
  }
  const what = `${t.verb} ${t.resource} ${where(t)}`;
  let msg: string;
  if (code === 401) msg = `401 Unauthorized: the API server refused the credentials (${what})`;
  else if (code === 403) msg = `403 Forbidden: not allowed to ${what}`;
  else if (code === 404) msg = `404 Not Found: ${t.resource} is not served by this API server`;
  else if (code === 410) msg = `410 Gone: ${t.resource} history expired`;
  else msg = `HTTP ${code} on ${what}${serverMsg ? `: ${serverMsg}` : ''}`;
  return new KubeApiError(code, errorText(msg), reason);
}

const NET_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted',
  CERT_HAS_EXPIRED: 'certificate expired',
};

/** A network-level failure in words, naming the (redacted) server. */
export function networkError(err: unknown, server: string): Error {
  if (err instanceof KubeApiError) return err;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new Error(`API server ${redactUrl(server)}: ${err.message || 'timed out'}`);
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  const words = code && NET_WORDS[code] ? NET_WORDS[code] : errorText(cause?.message ?? err);
  return new Error(`cannot reach the API server ${redactUrl(server)}: ${words}`);
}

export type WatchEvent = { type: string; object: Record<string, unknown> };

export interface WatchHandle {
  /** Resolves when the stream ends (server closed it, cut, or idle timeout). */
  done: Promise<void>;
  abort(): void;
}

function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A JSON answer parsed, or an error naming what was asked. */
export function parseJson<T>(text: string, t: Target): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`the API server sent an answer that is not JSON (${t.verb} ${t.resource})`);
  }
}

/** Thin raw HTTP over the client's own request context (auth, TLS, exec plugins) and fetch. */
export class KubeHttp {
  private readonly http = new IsomorphicFetchHttpLibrary();
  /** Every request sent, by verb (for the benchmark and tests). */
  readonly counts = { get: 0, watch: 0 };
  private authGate: Promise<unknown> = Promise.resolve();
  constructor(readonly target: KubeTarget) {}

  private async request(
    path: string,
    query: Record<string, string | undefined>,
    signal: AbortSignal,
    accept = 'application/json',
  ) {
    const url = new URL(this.target.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam('Accept', accept);
    // Credentials may come from an exec plugin (aws eks get-token…) that can hang: never wait
    // for it past the request's own deadline.
    // One at a time: a hanging plugin is not spawned again by every retrying source.
    const prev = this.authGate;
    const mine = prev.then(() => this.target.kc.applySecurityAuthentication(ctx));
    this.authGate = mine.catch(() => undefined);
    try {
      await untilAborted(mine, signal);
    } catch (err) {
      if (signal.aborted)
        throw new Error(`API server ${redactUrl(this.target.server)}: no credentials in time`, {
          cause: err,
        });
      throw new Error(`cannot get credentials for context ${this.target.context}: ${errorText(err)}`, {
        cause: err,
      });
    }
    registerHeaderValue(ctx.getHeaders()['Authorization']);
    ctx.setSignal(signal);
    try {
      return await this.http.send(ctx).toPromise();
    } catch (err) {
      throw networkError(err, this.target.server);
    }
  }

  /** A plain GET answered as it comes (any status): for text bodies and streams (pods/log). */
  get(path: string, query: Record<string, string | undefined>, signal: AbortSignal) {
    this.counts.get++;
    return this.request(path, query, signal, '*/*');
  }

  /** GET returning parsed JSON; non-200 answers become KubeApiError naming `t`. */
  async getJson<T>(
    path: string,
    query: Record<string, string | undefined>,
    t: Target,
    signal: AbortSignal,
  ): Promise<T> {
    return parseJson<T>(await this.getJsonText(path, query, t, signal), t);
  }

  /** GET of a JSON answer, unparsed (a list page can be looked into before it is parsed). */
  async getJsonText(
    path: string,
    query: Record<string, string | undefined>,
    t: Target,
    signal: AbortSignal,
  ): Promise<string> {
    this.counts.get++;
    const res = await this.request(path, query, signal);
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw networkError(err, this.target.server);
    }
    if (res.httpStatusCode !== 200) throw apiError(res.httpStatusCode, t, text);
    return text;
  }

  /**
   * Opens a watch. Resolves once the server answered 200 (events then go to onEvent); rejects
   * with KubeApiError on any other status. `idleMs` without a byte ends the stream (a dead
   * connection that never closes).
   */
  async watch(
    path: string,
    query: Record<string, string | undefined>,
    t: Target,
    onEvent: (ev: WatchEvent) => void,
    idleMs: number,
    outer: AbortSignal,
  ): Promise<WatchHandle> {
    this.counts.watch++;
    const ac = new AbortController();
    const onOuter = () => ac.abort();
    outer.addEventListener('abort', onOuter, { once: true });
    let idleTimer: NodeJS.Timeout | undefined;
    let idled = false;
    const arm = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        idled = true;
        ac.abort();
      }, idleMs);
      idleTimer.unref?.();
    };
    const cleanup = () => {
      if (idleTimer) clearTimeout(idleTimer);
      outer.removeEventListener('abort', onOuter);
    };
    arm();
    let res;
    try {
      res = await this.request(path, { ...query, watch: '1' }, ac.signal);
    } catch (err) {
      cleanup();
      throw idled
        ? new Error(`API server ${redactUrl(this.target.server)}: no answer to watch ${t.resource}`)
        : err;
    }
    if (res.httpStatusCode !== 200) {
      const text = await res.body.text().catch(() => '');
      cleanup();
      throw apiError(res.httpStatusCode, t, text);
    }
    const stream = res.body.stream() as ReadableStream<Uint8Array> | undefined;
    const done = (async () => {
      if (!stream) return;
      const reader = stream.getReader();
      const dec = new TextDecoder();
      let buf = '';
      try {
        arm();
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          arm();
          buf += dec.decode(value, { stream: true });
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            let ev: WatchEvent;
            try {
              ev = JSON.parse(line) as WatchEvent;
            } catch {
              continue; // a torn or garbage line: skip it, the next relist repairs state
            }
            if (ev && typeof ev.type === 'string' && ev.object && typeof ev.object === 'object') onEvent(ev);
          }
        }
      } catch {
        // Idle, stopped, or the stream cut mid-flight: all end the watch like a server
        // timeout would; the caller resumes from the last resourceVersion at once (and a
        // server that cannot be reached then shows as an error).
        return;
      } finally {
        cleanup();
        reader.cancel().catch(() => undefined);
      }
    })();
    return { done, abort: () => ac.abort() };
  }
}
