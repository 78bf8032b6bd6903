// What a backend contributes: its source ids, whether the config enables it (and which key
// would), and how it starts its sources. Heavy clients are imported inside start() so that an
// unconfigured backend costs nothing at start-up.
import type { Config } from '../config/schema.js';
import type { AppStore } from '../store/store.js';
import type { Source, SourceHub } from './source.js';

export interface BackendContext {
  config: Config;
  hub: SourceHub;
  store: AppStore;
}

export interface Backend {
  id: string;
  /** Source ids this backend provides (marked unconfigured when it is not configured). */
  sources: string[];
  /** The config key (and environment fallback) that enables it, shown in its panes. */
  hint: string;
  configured(config: Config): boolean;
  start(ctx: BackendContext): Promise<void>;
}

type Made = [source: Source, staleAfterMs: number];

/**
 * A backend of one source, enabled by one config section: `section(config)` is that section when
 * it enables the backend; `make` builds the source from it and says when its data is stale (it
 * may import the source's module, so that an unconfigured backend loads none of it).
 */
export function oneSourceBackend<T>(
  about: { id: string; source: string; hint: string },
  section: (config: Config) => T | undefined,
  make: (cfg: T, config: Config) => Made | Promise<Made>,
): Backend {
  return {
    ...about,
    sources: [about.source],
    configured: (c) => section(c) !== undefined,
    async start({ config, hub }) {
      const [source, staleAfterMs] = await make(section(config)!, config);
      hub.add(source, staleAfterMs);
    },
  };
}
