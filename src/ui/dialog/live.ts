// Dialog state and keys for forms typed into quickly: state handlers read live, and a chunk of
// keys (fast typing, a paste) handled one key per render, in order.
import { useCallback, useContext, useEffect, useReducer, useRef } from 'react';
import { KeyContext, useKeys, type KeyEvent } from '../keys.js';
import { explode } from './text.js';

/**
 * State that handlers read live (`box.v`), not from the last render: a chunk of keys is handled
 * one key at a time, and the next key must see what the previous one did even if the dialog
 * has not re-rendered in between.
 */
export function useLive<T>(init: T | (() => T)): [{ v: T }, (next: T | ((prev: T) => T)) => void] {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<{ v: T } | null>(null);
  if (!ref.current) ref.current = { v: typeof init === 'function' ? (init as () => T)() : init };
  const box = ref.current;
  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      box.v = typeof next === 'function' ? (next as (prev: T) => T)(box.v) : next;
      force();
    },
    [box],
  );
  return [box, set];
}

/**
 * A dialog owns the keyboard. A chunk of fast typing or a paste ("title\t2\r") is split into
 * its keys, each handled after the previous one has re-rendered, so a form sees them in order.
 */
export function useDialogKeys(handler: (ev: KeyEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const mounted = useRef(true);
  const dispatcher = useContext(KeyContext);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  // One queue, handled in order, one key per render: a chunk's later keys never overtake it.
  const queue = useRef<KeyEvent[]>([]);
  const busy = useRef(false);
  const pump = () => {
    const e = queue.current.shift();
    if (!e) {
      busy.current = false;
      return;
    }
    // Keys typed after the one that closed this dialog go to whatever is open now.
    if (mounted.current) ref.current(e);
    else dispatcher.dispatch(e);
    if (queue.current.length) setTimeout(pump, 0);
    else busy.current = false;
  };
  useKeys('dialog', (ev) => {
    queue.current.push(...explode(ev));
    if (!busy.current) {
      busy.current = true;
      pump();
    }
    return true;
  });
}
