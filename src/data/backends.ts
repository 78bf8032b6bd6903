// Every backend. Find one by its name: src/data/<name>/backend.ts.
import type { Backend, BackendContext } from './backend.js';
import { setSlice } from '../store/store.js';
import type { Config } from '../config/schema.js';
import { backend as kubernetes } from './kubernetes/backend.js';
import { backend as postgres } from './postgres/backend.js';
import { backend as redis } from './redis/backend.js';
import { backend as chain } from './chain/backend.js';
import { backend as health } from './health/backend.js';
import { backend as logs } from './logs/backend.js';
import { backend as rds } from './rds/backend.js';
import { backend as cdn } from './cdn/backend.js';

export const backends: Backend[] = [kubernetes, postgres, redis, chain, health, logs, rds, cdn];

/** The backends a config enables, as they decide it (a kubeconfig found the usual way, REDIS_URL, …). */
export function configuredBackends(config: Config): string[] {
  return backends.filter((b) => b.configured(config)).map((b) => b.id);
}

/**
 * Starts every configured backend; marks the others unconfigured with their hint. The store
 * learns which are configured first (the footer offers no action on the others).
 */
export async function startBackends(ctx: BackendContext): Promise<void> {
  setSlice(ctx.store, 'backends', () => configuredBackends(ctx.config));
  await Promise.all(
    backends.map(async (b) => {
      if (!b.configured(ctx.config)) {
        for (const id of b.sources) ctx.hub.unconfigured(id, b.hint);
        return;
      }
      try {
        await b.start(ctx);
      } catch (err) {
        // A backend that cannot even start (bad kubeconfig, bad URL) reports on its panes.
        for (const id of b.sources) {
          if (!ctx.hub.has(id)) {
            ctx.hub.add({ id, start: (c) => c.fail(err), stop: async () => undefined }, Infinity);
          }
        }
      }
    }),
  );
}
