// The full-screen terminal, for the live console (run.tsx) and a replay (replay/run.tsx): renders
// on the alternate screen and restores the terminal on every way out (q, Ctrl-C, SIGTERM,
// SIGHUP, an uncaught exception). No stack trace ever reaches the screen: details go to
// $WARROOM_LOG.
import { render } from 'ink';
import type { ReactElement } from 'react';
import { log } from '../util/log.js';
import { errorText } from '../util/redact.js';

const RESTORE = '\x1b[?1049l\x1b[?25h\x1b[0m';

export interface Screen {
  /** Restores the terminal, runs `stop` (at most two seconds) and exits with `code`. */
  shutdown(code: number, why?: string): Promise<void>;
  waitUntilExit(): Promise<unknown>;
}

/** False (with the message on stderr) when stdin or stdout is not a terminal. */
export function needTty(what: string): boolean {
  if (process.stdout.isTTY && process.stdin.isTTY) return true;
  process.stderr.write(
    `warroom: ${what} needs a terminal (stdin and stdout must be a TTY)${what === 'the console' ? '; for scripts use `warroom snapshot`' : ''}.\n`,
  );
  return false;
}

/**
 * How often ink may draw. Data reaches the store at most `ui.fps` times a second (the store's
 * batcher, 20 by default), so this cap does not add data frames: it bounds how long the frame
 * of a keystroke waits behind the frame before it (at 20, up to 50 ms while data streams).
 */
export const INK_FPS = 60;

export function openScreen(app: ReactElement, opts: { stop: () => Promise<void> }): Screen {
  const { stdout, stdin } = process;
  let exiting = false;
  let screenRestored = false;
  const instance = render(app, {
    alternateScreen: true,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    maxFps: INK_FPS,
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
    // Never hang on the way out: give connections two seconds to close.
    await Promise.race([opts.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
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
  return { shutdown, waitUntilExit: () => instance.waitUntilExit() };
}
