// Chain: every RPC endpoint answers, on the expected chain ID, with its head height.
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import { displayUrl } from '../util/secrets.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

export async function checkChain(config: Config, push: Push): Promise<void> {
  const c = config.chain!;
  for (const ep of c.endpoints) {
    const t0 = performance.now();
    try {
      const res = await fetch(ep.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
          { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
        ]),
        signal: AbortSignal.timeout(c.timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { id: number; result?: string; error?: { message: string } }[];
      const byId = new Map(body.map((x) => [x.id, x]));
      const chainId = Number(byId.get(1)?.result);
      const height = Number(byId.get(2)?.result);
      const ms = Math.round(performance.now() - t0);
      const wrong = c.chainId !== undefined && chainId !== c.chainId;
      push({
        check: `${ep.name} (${displayUrl(ep.url, ep.showPath)})`,
        level: wrong || !Number.isFinite(height) ? 'fail' : 'ok',
        detail: wrong
          ? `chain ID ${chainId}, expected ${c.chainId}`
          : `chain ${chainId}, block ${height}, ${ms} ms`,
        fix: wrong ? 'point the endpoint at the right network, or fix chain.chainId' : undefined,
        required: true,
      });
    } catch (err) {
      push({
        check: `${ep.name} (${displayUrl(ep.url, ep.showPath)})`,
        level: 'fail',
        detail: errorText(err),
        fix: 'check the endpoint URL, its API key and the network path',
        required: true,
      });
    }
  }
}
