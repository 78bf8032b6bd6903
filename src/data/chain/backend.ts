import type { Backend } from '../backend.js';

export const backend: Backend = {
  id: 'chain',
  sources: ['chain'],
  hint: 'chain.endpoints in warroom.yaml (or ETH_RPC_URL)',
  configured: () => false,
  async start() {},
};
