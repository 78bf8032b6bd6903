// The drill's clock: timeouts and intervals at scenario speed (divided by it), unref'd, and
// all cleared at once when the drill stops.
import { errorText } from '../util/redact.js';
import { log } from '../util/log.js';

export interface Timers {
  /** Runs fn after ms (divided by speed); returns the cancel. */
  after(ms: number, fn: () => void): () => void;
  /** Runs fn every ms (divided by speed, at least every 20 ms); returns the cancel. */
  every(ms: number, fn: () => void): () => void;
  clear(): void;
}

export function timers(speed: number): Timers {
  const live = new Set<NodeJS.Timeout>();
  const track = (t: NodeJS.Timeout, clear: (t: NodeJS.Timeout) => void) => {
    t.unref?.();
    live.add(t);
    return () => {
      clear(t);
      live.delete(t);
    };
  };
  return {
    after(ms, fn) {
      const t = setTimeout(() => {
        live.delete(t);
        fn();
      }, ms / speed);
      return track(t, clearTimeout);
    },
    every(ms, fn) {
      const t = setInterval(
        () => {
          try {
            fn();
          } catch (err) {
            log('warn', `demo: ${errorText(err)}`);
          }
        },
        Math.max(20, ms / speed),
      );
      return track(t, clearInterval);
    },
    clear() {
      // clearTimeout clears intervals too.
      for (const t of live) clearTimeout(t);
      live.clear();
    },
  };
}
