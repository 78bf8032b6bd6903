// What a simulated container's `npm run health:dependencies` really checks: a TCP connection
// to a store (Postgres, Redis) and an `eth_blockNumber` call to a JSON-RPC endpoint, from the
// simulator's own process, so that in the drill (whose stores and chains are real local
// servers) the output says what the dependencies are doing. Each probe has a deadline.
import net from 'node:net';

export interface ProbeResult {
  ok: boolean;
  ms: number;
  /** What was read (`head #42`), or why it failed (`ECONNREFUSED`, `ENOTFOUND chain-rpc`). */
  text: string;
}

const since = (t: number) => Math.max(0, Math.round(performance.now() - t));

export function tcpProbe(host: string, port: number, timeoutMs = 1500): Promise<ProbeResult> {
  const t = performance.now();
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (r: Omit<ProbeResult, 'ms'>) => {
      sock.destroy();
      resolve({ ...r, ms: since(t) });
    };
    sock.setTimeout(timeoutMs, () => done({ ok: false, text: `no answer within ${timeoutMs} ms` }));
    sock.once('connect', () => done({ ok: true, text: 'connected' }));
    sock.once('error', (e: NodeJS.ErrnoException) =>
      done({
        ok: false,
        text: [e.code ?? e.message, e.code === 'ENOTFOUND' ? host : ''].filter(Boolean).join(' '),
      }),
    );
  });
}

export async function rpcProbe(url: string, timeoutMs = 1500): Promise<ProbeResult> {
  const t = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { result?: string; error?: { message?: string } };
    if (!res.ok || typeof body.result !== 'string')
      return { ok: false, ms: since(t), text: body.error?.message ?? `HTTP ${res.status}` };
    return { ok: true, ms: since(t), text: `head #${Number.parseInt(body.result, 16)}` };
  } catch (err) {
    const e = err as Error & { cause?: NodeJS.ErrnoException & { hostname?: string } };
    const code = e.cause?.code;
    const text =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : code
          ? `${code}${code === 'ENOTFOUND' ? ` ${e.cause?.hostname ?? ''}`.trimEnd() : ''}`
          : (e.cause?.message ?? e.message);
    return { ok: false, ms: since(t), text };
  }
}
