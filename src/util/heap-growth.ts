// How far V8 lets the heap grow past what a full collection found alive. By default it may grow
// to several times that before collecting again (the factor depends on how fast collections
// are), which a console holding thousands of pods pays in memory. Measured with the scale bench
// (changes streaming, RSS median): 5,000 pods 303 -> 267 MiB and 20,000 pods 514 -> 424 MiB with
// the factor held at 1.5; at 1.3, 252 and 433 MiB, but the logs keys bench (200,000 lines/s,
// second core busy) then had p95 95 ms against 69 and dropped 32,515 lines against 22,845
// (1.5: 76 ms, 29,670). Held from the start, it slows the first lists instead (each list grows
// the heap by hundreds of MiB and each step of growth costs a full collection: the first
// 20,000-pod frame 2.1 -> 3.3 s), so the console sets it once its sources have settled: every
// source has answered (data or an error), or after `maxWaitMs`.
// V8 reads this flag at each collection, so setting it at run time takes effect (checked on
// Node 26: a churning heap peaked at 366 MiB with 1.3 set at run time, 364 as a start flag, 747
// without); it applies to the whole process, the logs worker included. The limit the lists
// raised stays until the next full collection, which a slowly changing heap may not reach for
// minutes (5,000 pods: no lower without it), so one full collection runs right then: a pause of
// about 70 ms on a heap of 370 MiB here, once, just after the first frames.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AppStore } from '../store/store.js';

export const HEAP_GROWING_PERCENT = 50;

function tighten(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // V8's gc() exists only in contexts made while --expose-gc is set; none stays exposed.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}

/**
 * Sets the growth factor once the store's sources have settled (checked on each store update,
 * so sources added but not yet flushed to the store are waited for); returns a cancel.
 */
export function tightenHeapGrowthWhenSettled(
  store: AppStore,
  maxWaitMs = 30_000,
  apply: () => void = tighten,
): () => void {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    apply();
  };
  const settled = () => {
    const all = Object.values(store.getState().sources);
    return all.length > 0 && all.every((s) => s.status !== 'connecting');
  };
  const unsubscribe = store.subscribe(() => {
    if (settled()) finish();
  });
  const timer = setTimeout(finish, maxWaitMs);
  timer.unref();
  return () => {
    done = true;
    unsubscribe();
    clearTimeout(timer);
  };
}
