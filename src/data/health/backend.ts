import type { Backend } from '../backend.js';
import { HEALTH_SOURCE, healthSource } from './source.js';

export const backend: Backend = {
  id: 'health',
  sources: [HEALTH_SOURCE],
  hint: 'health.endpoints in warroom.yaml',
  configured: (c) => (c.health?.endpoints.length ?? 0) > 0,
  async start({ config, hub }) {
    const eps = config.health?.endpoints ?? [];
    const slowest = Math.max(...eps.map((e) => e.intervalMs + e.timeoutMs));
    hub.add(healthSource(eps, config.kubernetes), slowest * 3);
  },
};
