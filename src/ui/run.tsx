// Runs the full-screen console: builds the store and the source hub, starts the configured
// backends, renders (screen.tsx restores the terminal on every way out).
import type { Config } from '../config/schema.js';
import { startBackends } from '../data/backends.js';
import { SourceHub } from '../data/source.js';
import { createAppStore, createBatcher, setSlice, type AppStore } from '../store/store.js';
import { tightenHeapGrowthWhenSettled } from '../util/heap-growth.js';
import { errorText } from '../util/redact.js';
import { App } from './App.js';
import { META, type Meta } from '../store/meta.js';
import { needTty, openScreen } from './screen.js';

export interface RunOptions {
  config: Config;
  meta: Meta;
  /** Extra work after the store exists (demo simulators, incident journal); returns a cleanup. */
  setup?: (store: AppStore) => Promise<(() => Promise<void>) | void>;
}

export async function runConsole(opts: RunOptions): Promise<number> {
  if (!needTty('the console')) return 2;
  const store = createAppStore('pods');
  setSlice(store, META, () => ({ ...opts.meta, clockSeconds: opts.config.ui?.clockSeconds }));
  setSlice(store, 'config', () => opts.config);
  const batcher = createBatcher(store, Math.round(1000 / (opts.config.ui?.fps ?? 20)));
  const hub = new SourceHub(batcher);
  let cleanup: (() => Promise<void>) | void = undefined;

  const screen = openScreen(<App store={store} onQuit={() => undefined} />, {
    stop: async () => {
      await hub.stopAll();
      if (cleanup) await cleanup();
      batcher.dispose();
    },
  });

  try {
    cleanup = await opts.setup?.(store);
    await startBackends({ config: opts.config, hub, store });
    tightenHeapGrowthWhenSettled(store);
  } catch (err) {
    await screen.shutdown(1, errorText(err));
  }
  await screen.waitUntilExit();
  await screen.shutdown(0);
  return 0;
}
