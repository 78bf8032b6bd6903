// Tab completion of a form field on the words its operation offers (variable names, keys): the
// word being typed (after the last space) is completed to the longest prefix its candidates
// share; the candidates that still match are listed under the field.
import type { Completion } from '../ops/operation.js';

export interface Completed {
  /** The field's new value (unchanged when nothing completes). */
  value: string;
  /** The candidates matching the word being typed. */
  matches: Completion[];
}

/** The word being typed: after the last space. */
export function currentWord(value: string): string {
  return value.slice(value.lastIndexOf(' ') + 1);
}

export function matching(value: string, candidates: readonly Completion[]): Completion[] {
  const w = currentWord(value);
  if (w.includes('=')) return [];
  return candidates.filter((c) => c.word.startsWith(w));
}

export function complete(value: string, candidates: readonly Completion[]): Completed {
  const w = currentWord(value);
  const matches = w ? matching(value, candidates) : [];
  if (!matches.length) return { value, matches };
  let common = matches[0]!.word;
  for (const m of matches) while (!m.word.startsWith(common)) common = common.slice(0, -1);
  return { value: value.slice(0, value.length - w.length) + common, matches };
}
