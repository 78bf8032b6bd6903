// Runs the full-screen console: builds the store and the source hub, starts the configured
// backends, renders, and restores the terminal on every way out (q, Ctrl-C, SIGTERM, SIGHUP,
// an uncaught exception). No stack trace ever reaches the screen: details go to $WARROOM_LOG.
import { render } from 'ink';
import type { Config } from '../config/schema.js';
import { startBackends } from '../data/backends.js';
import { SourceHub } from '../data/source.js';
import { createAppStore, createBatcher, setSlice, type AppStore } from '../store/store.js';
import { log } from '../util/log.js';
import { errorText } from '../util/redact.js';
import { App } from './App.js';
import { META, type Meta } from '../store/meta.js';

export interface RunOptions {
  config: Config;
  meta: Meta;
  /** Extra work after the store exists (demo simulators, incident journal); returns a cleanup. */
  setup?: (store: AppStore) => Promise<(() => Promise<void>) | void>;
}

const RESTORE = '\x1b[?1049l\x1b[?25h\x1b[0m';

export async function runConsole(opts: RunOptions): Promise<number> {
  const { stdout, stdin } = process;
  if (!stdout.isTTY || !stdin.isTTY) {
    process.stderr.write(
      'warroom: the console needs a terminal (stdin and stdout must be a TTY); for scripts use `warroom snapshot`.\n',
    );
    return 2;
  }
  const store = createAppStore('pods');
  setSlice(store, META, () => ({ ...opts.meta, clockSeconds: opts.config.ui?.clockSeconds }));
  setSlice(store, 'config', () => opts.config);
  const batcher = createBatcher(store, Math.round(1000 / (opts.config.ui?.fps ?? 20)));
  const hub = new SourceHub(batcher);
  let cleanup: (() => Promise<void>) | void = undefined;
  let exiting = false;
  let screenRestored = false;

  const instance = render(<App store={store} onQuit={() => undefined} />, {
    alternateScreen: true,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    maxFps: opts.config.ui?.fps ?? 20,
    incrementalRendering: true,
  });

  const restoreTerminal = () => {
    if (screenRestored) return;
    screenRestored = true;
    try {
      instance.unmount();
    } catch {
      // already unmounted
    }
    try {
      if (stdin.isTTY) stdin.setRawMode?.(false);
    } catch {
      // the terminal may be gone (SIGHUP)
    }
    try {
      stdout.write(RESTORE);
    } catch {
      // EIO after the SSH session dropped
    }
  };

  const shutdown = async (code: number, why?: string) => {
    if (exiting) return;
    exiting = true;
    restoreTerminal();
    if (why) process.stderr.write(`warroom: ${why}\n`);
    const stopping = (async () => {
      await hub.stopAll();
      if (cleanup) await cleanup();
      batcher.dispose();
    })();
    // Never hang on the way out: give connections two seconds to close.
    await Promise.race([stopping.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    process.exit(code);
  };

  process.on('SIGTERM', () => void shutdown(143));
  process.on('SIGHUP', () => void shutdown(129));
  process.on('SIGINT', () => void shutdown(130));
  process.on('uncaughtException', (err) => {
    log('error', `uncaught: ${err?.stack ?? String(err)}`);
    void shutdown(70, `internal error: ${errorText(err)} (details in $WARROOM_LOG when set)`);
  });
  process.on('unhandledRejection', (err) => {
    // A stray rejection from a client library must not take the console down: log it.
    log('warn', `unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });
  process.on('exit', () => {
    if (!screenRestored) restoreTerminal();
  });

  // Test hook: proves that an internal error still restores the terminal (test/e2e/shell).
  const crashAfter = Number(process.env.WARROOM_TEST_CRASH_AFTER_MS);
  if (crashAfter > 0) {
    setTimeout(() => {
      throw new Error('test crash requested');
    }, crashAfter);
  }

  try {
    cleanup = await opts.setup?.(store);
    await startBackends({ config: opts.config, hub, store });
  } catch (err) {
    await shutdown(1, errorText(err));
  }
  await instance.waitUntilExit();
  await shutdown(0);
  return 0;
}
