// Health endpoints: each answers as expected once.
import type { Config } from '../config/schema.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

export async function checkHealthEndpoints(config: Config, push: Push): Promise<void> {
  const { checkHealth, checkTarget } = await import('../data/health/check.js');
  for (const ep of config.health!.endpoints) {
    const r = await checkHealth(ep, { kubernetes: config.kubernetes });
    push({
      check: `${ep.name} (${checkTarget(ep)})`,
      level: r.up ? 'ok' : 'warn',
      detail: r.up ? `${r.detail ?? `HTTP ${r.httpStatus}`} in ${r.latencyMs} ms` : (r.reason ?? 'down'),
      // A down service is what warroom is for; the console can still show it.
      required: false,
    });
  }
}
