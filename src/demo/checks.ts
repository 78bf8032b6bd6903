// The demo API's own health checks over real state: ready backend pods, the database, Redis,
// and the head's age on the chain RPC the backend is configured with (its ETH_RPC_URL).
import { redactUrl } from '../util/redact.js';
import { databaseProblem } from './postgres.js';
import { redisPing } from './redis.js';
import { BLOCK_SECONDS } from './config.js';
import type { DemoEnv } from './environment.js';

export function installBaseChecks(env: DemoEnv): void {
  env.api.addCheck('api', () => {
    const ready = env
      .podsOf('backend')
      .filter((p) =>
        p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'),
      ).length;
    return ready > 0 ? undefined : 'no ready backend pods';
  });
  const pgUrl = env.pg?.url;
  env.api.addCheck('database', () => (pgUrl ? databaseProblem(pgUrl) : undefined));
  if (env.redis) {
    const url = env.redis.url;
    env.api.addCheck('redis', async () => {
      const why = await redisPing(url);
      return why ? `redis: ${why}` : undefined;
    });
  }
  env.api.addCheck('blockchain', async () => {
    const dep = env.deployment('backend');
    const rpc = env.envOf(dep, 'ETH_RPC_URL') ?? env.chains.primary.url;
    const age = await headAge(rpc);
    if (age === undefined) return `blockchain: ${redactUrl(rpc)} does not answer`;
    return age > BLOCK_SECONDS * 5
      ? `blockchain: no new block for ${Math.round(age)}s on ${redactUrl(rpc)}`
      : undefined;
  });
}

/** Seconds since the latest block on an RPC endpoint (undefined when it does not answer). */
export async function headAge(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getBlockByNumber',
        params: ['latest', false],
      }),
      signal: AbortSignal.timeout(1500),
    });
    const body = (await res.json()) as { result?: { timestamp?: string } };
    const ts = Number(body.result?.timestamp);
    if (!Number.isFinite(ts)) return undefined;
    return Math.max(0, Date.now() / 1000 - ts);
  } catch {
    return undefined;
  }
}
