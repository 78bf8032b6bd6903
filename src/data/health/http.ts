// One HTTP health check: the runbooks' `curl https://api…/health`, with an expected status
// code and optional JSON fields (dot paths) such as `status: healthy`. Never throws: a failed
// check is a result with the reason in words. `fetchCapped` is also how metrics are read.
import type { HttpCheck } from '../../config/schema.js';
import { errorText } from '../../util/redact.js';
import { sanitize } from '../../util/sanitize.js';
import type { HealthResult } from './check.js';

const MAX_BODY = 64 * 1024;

export function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_HEADERS_TIMEOUT: `no answer within ${timeoutMs} ms`,
    UND_ERR_BODY_TIMEOUT: `body not received within ${timeoutMs} ms`,
  };
  if (code && words[code]) return words[code];
  if (cause?.message) return errorText(cause.message);
  return errorText(err);
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as Record<string, unknown>))
      cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

async function readCapped(res: Response, signal: AbortSignal, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}

/** A GET whose body is read up to 64 KiB; credentials in the URL go as a Basic header. */
export async function fetchCapped(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  maxBytes = MAX_BODY,
): Promise<{ res: Response; read: () => Promise<string> }> {
  // fetch refuses URLs with credentials: send them as a Basic Authorization header instead.
  const u = new URL(url);
  const h = { ...headers };
  if (u.username || u.password) {
    h.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  const res = await fetch(u, { signal, redirect: 'manual', headers: h });
  return { res, read: () => readCapped(res, signal, maxBytes) };
}

export async function checkHttp(ep: HttpCheck, now: () => number = Date.now): Promise<HealthResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(ep.timeoutMs);
  const base = { name: ep.name, checkedAt: now() };
  let res: Response;
  let read: () => Promise<string>;
  try {
    ({ res, read } = await fetchCapped(ep.url, { accept: 'application/json, */*', ...ep.headers }, signal));
  } catch (err) {
    return { ...base, up: false, reason: networkReason(err, ep.timeoutMs) };
  }
  let body: string;
  try {
    body = await read();
  } catch (err) {
    return { ...base, up: false, httpStatus: res.status, reason: networkReason(err, ep.timeoutMs) };
  }
  const latencyMs = Math.round(performance.now() - started);
  const result: HealthResult = { ...base, up: true, httpStatus: res.status, latencyMs };
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const bs = getPath(json, 'status');
  if (typeof bs === 'string' || typeof bs === 'number' || typeof bs === 'boolean')
    result.bodyStatus = sanitize(String(bs), 40);
  if (res.status !== ep.expect.status) {
    return { ...result, up: false, reason: `HTTP ${res.status} (expected ${ep.expect.status})` };
  }
  if (ep.expect.json) {
    if (json === undefined) return { ...result, up: false, reason: 'body is not JSON' };
    for (const [path, want] of Object.entries(ep.expect.json)) {
      const got = getPath(json, path);
      if (got !== want) {
        const shown = got === undefined ? 'missing' : JSON.stringify(got);
        return {
          ...result,
          up: false,
          reason: sanitize(`${path} is ${shown} (expected ${JSON.stringify(want)})`, 120),
        };
      }
    }
  }
  return result;
}
