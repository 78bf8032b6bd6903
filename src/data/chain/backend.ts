// Chain backend: enabled by chain.endpoints (or ETH_RPC_URL); one source, 'chain', polling
// every endpoint. ethers is imported only when the first provider is made.
import { oneSourceBackend } from '../backend.js';
import { CHAIN_SOURCE, chainSource } from './source.js';

export const backend = oneSourceBackend(
  { id: 'chain', source: CHAIN_SOURCE, hint: 'chain.endpoints in warroom.yaml (or ETH_RPC_URL)' },
  (c) => (c.chain?.endpoints.length ? c.chain : undefined),
  (c) => [
    chainSource({
      endpoints: c.endpoints,
      chainId: c.chainId,
      blockTimeSeconds: c.blockTimeSeconds,
      stallMultiple: c.stallMultiple,
      intervalMs: c.intervalMs,
      timeoutMs: c.timeoutMs,
    }),
    (c.intervalMs + c.timeoutMs) * 3,
  ],
);
