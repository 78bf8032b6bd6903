// waitForFrame for ink-testing-library: polls lastFrame() (colour codes stripped) for a
// predicate with a deadline.
import { stripVTControlCharacters } from 'node:util';
import { waitFor } from './wait.js';

export interface FrameSource {
  lastFrame(): string | undefined;
}

export function waitForFrame(
  inst: FrameSource,
  pred: (frame: string) => boolean,
  opts: { timeoutMs?: number; what?: string } = {},
) {
  return waitFor(() => stripVTControlCharacters(inst.lastFrame() ?? ''), pred, {
    timeoutMs: opts.timeoutMs ?? 5000,
    intervalMs: 10,
    what: opts.what ?? 'frame',
  });
}

/** One key per write, as a terminal would deliver it; then let ink process it. */
export async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const KEY = {
  tab: '\t',
  shiftTab: '\x1b[Z',
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
  ctrlC: '\x03',
  ctrlP: '\x10',
  backspace: '\x7f',
};
