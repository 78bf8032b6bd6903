// Untrusted text (log lines, pod names, query text, error bodies) is made terminal-safe
// here before any pane shows it: escape sequences and control characters are neutralised
// (shown as visible placeholders), invalid UTF-8 has already become U+FFFD when decoded,
// and giant strings are cut.

const MAX_DEFAULT = 4096;
// CSI, OSC, DCS/PM/APC strings and single-char ESC sequences.
const ANSI =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])?|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(text: string, max = MAX_DEFAULT): string {
  let s = text.length > max * 2 ? text.slice(0, max * 2) : text;
  s = s.replace(ANSI, '␛').replace(/\t/g, '  ').replace(/\r?\n/g, ' ⏎ ').replace(CONTROLS, '�');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s;
}

/** Decodes bytes as UTF-8, replacing invalid sequences (never throws). */
export function decodeUtf8(buf: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(buf);
}
