// What a backend contributes: its source ids, whether the config enables it (and which key
// would), and how it starts its sources. Heavy clients are imported inside start() so that an
// unconfigured backend costs nothing at start-up.
import type { Config } from '../config/schema.js';
import type { AppStore } from '../store/store.js';
import type { SourceHub } from './source.js';

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
