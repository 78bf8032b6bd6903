// Printable ASCII (space to tilde): text that needs no care. One cell per character on a
// terminal (src/util/format.ts measures it as its length) and nothing for sanitize() to replace
// (src/util/sanitize.ts skips its rules). Most names and most log lines are such text.
const PRINTABLE = /^[\x20-\x7e]*$/;

export function isPrintableAscii(s: string): boolean {
  return PRINTABLE.test(s);
}
