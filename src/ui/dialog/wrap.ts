// What a responder confirms is read in full: dialog text is wrapped to the dialog's width,
// never cut. Words break at spaces; a word longer than a row (a URL, a pid list) is broken
// hard. Continuation rows are indented so a wrapped line reads as one. Pure (wrap-ansi and
// string-width, the libraries ink itself wraps with).
import stringWidth from '../../util/text-width.js';
import wrapAnsi from 'wrap-ansi';

export interface WrapOptions {
  /** Put before the first row (counted in the width). */
  first?: string;
  /** Put before every later row; defaults to spaces as wide as `first`. */
  indent?: string;
}

/** `text` as rows of at most `width` columns, each starting with its prefix. */
export function wrapRows(text: string, width: number, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const indent = opts.indent ?? ' '.repeat(stringWidth(first));
  const room = Math.max(1, width - Math.max(stringWidth(first), stringWidth(indent)));
  const rows = wrapAnsi(text, room, { hard: true }).split('\n');
  return rows.map((r, i) => `${i === 0 ? first : indent}${r}`);
}

/** How many rows ink's `<Text wrap="wrap">` takes for `text` in `width` columns. */
export function rowCount(text: string, width: number): number {
  if (!text) return 1;
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: false }).split('\n').length;
}
