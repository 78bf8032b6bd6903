// One stdin listener, priority dispatch, explicit consume. The root's useInput turns every
// key into a name (`q`, `enter`, `shift+tab`, `ctrl+p`, …) and offers it to handlers by band
// — dialog first, then the console's mode (a replay's seek keys), then the focused pane, then
// global keys — newest handler first within a band. A handler returns true when it consumed the key; nothing else sees it then.
import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import type { Key } from 'ink';

export type Band = 'dialog' | 'mode' | 'pane' | 'global';
export interface KeyEvent {
  name: string;
  /** The raw input text (for text fields). */
  input: string;
  key: Key;
}
export type KeyHandler = (ev: KeyEvent) => boolean;

const ORDER: Band[] = ['dialog', 'mode', 'pane', 'global'];

export class KeyDispatcher {
  private readonly bands = new Map<Band, KeyHandler[]>(ORDER.map((b) => [b, []]));

  register(band: Band, handler: KeyHandler): () => void {
    const list = this.bands.get(band)!;
    list.push(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Whether a dialog owns the keyboard (its text fields take a typed chunk whole). */
  dialogOpen(): boolean {
    return this.bands.get('dialog')!.length > 0;
  }

  dispatch(ev: KeyEvent): boolean {
    for (const band of ORDER) {
      const list = this.bands.get(band)!;
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!(ev)) return true;
      // A dialog owns the keyboard: keys it does not consume go nowhere else.
      if (band === 'dialog' && list.length) return true;
    }
    return false;
  }
}

export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input) return `meta+${input}`;
  return input;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
} as Key;

/**
 * Keys that reached us as one chunk (typed fast, over a slow link, or tmux `send-keys` of a
 * control key and text at once: `^U` + `debug` arrives as "\x15debug", which ink reads as one
 * unknown key). Splits it into events: each control character its own key (Enter, Tab,
 * Backspace, Ctrl+letter), each run of printable text one event when `wholeText` (a dialog's
 * field takes it as typed), else one event per character.
 */
export function splitChunk(input: string, wholeText: boolean): KeyEvent[] {
  const out: KeyEvent[] = [];
  let text = '';
  const flush = () => {
    if (!text) return;
    const parts = wholeText ? [text] : [...text];
    for (const t of parts)
      out.push({ name: t, input: t, key: { ...NO_KEY, shift: t.length === 1 && t !== t.toLowerCase() } });
    text = '';
  };
  for (const ch of input) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c !== 0x7f) {
      text += ch;
      continue;
    }
    flush();
    if (ch === '\r' || ch === '\n') out.push({ name: 'enter', input: '', key: { ...NO_KEY, return: true } });
    else if (ch === '\t') out.push({ name: 'tab', input: '', key: { ...NO_KEY, tab: true } });
    else if (c === 0x7f || c === 0x08)
      out.push({ name: 'backspace', input: '', key: { ...NO_KEY, backspace: true } });
    else if (c === 0x1b) out.push({ name: 'escape', input: '', key: { ...NO_KEY, escape: true } });
    else if (c >= 1 && c <= 26) {
      const letter = String.fromCharCode(c + 96);
      out.push({ name: `ctrl+${letter}`, input: letter, key: { ...NO_KEY, ctrl: true } });
    }
  }
  flush();
  return out;
}

export const KeyContext = createContext<KeyDispatcher>(new KeyDispatcher());

/**
 * Registers a handler while `active`; the latest handler function is always used. Registered in
 * the commit that draws it (a layout effect), not after paint: a key pressed as soon as a newly
 * focused pane or an opened dialog shows must reach it (a passive effect may run a task later,
 * and the key went to the global band meanwhile: `7` then `l` lost the `l` under load).
 */
export function useKeys(band: Band, handler: KeyHandler, active = true): void {
  const dispatcher = useContext(KeyContext);
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => {
    if (!active) return;
    return dispatcher.register(band, (ev) => ref.current(ev));
  }, [dispatcher, band, active]);
}
