// Chain backend: enabled by chain.endpoints (or ETH_RPC_URL); one source, 'chain', polling
// every endpoint. ethers is imported only when the first provider is made.
import type { Backend } from '../backend.js';
import { CHAIN_SOURCE, chainSource } from './source.js';

export const backend: Backend = {
  id: 'chain',
  sources: [CHAIN_SOURCE],
  hint: 'chain.endpoints in warroom.yaml (or ETH_RPC_URL)',
  configured: (c) => (c.chain?.endpoints.length ?? 0) > 0,
  async start({ config, hub }) {
    const c = config.chain!;
    hub.add(
      chainSource({
        endpoints: c.endpoints,
        chainId: c.chainId,
        blockTimeSeconds: c.blockTimeSeconds,
        stallMultiple: c.stallMultiple,
        intervalMs: c.intervalMs,
        timeoutMs: c.timeoutMs,
      }),
      (c.intervalMs + c.timeoutMs) * 3,
    );
  },
};
