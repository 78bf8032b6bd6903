// Copy to the clipboard with OSC 52: the terminal (not this host) sets its clipboard, so it
// works over SSH. In tmux, `set -g set-clipboard on` lets tmux accept it and pass it on.
import { redact } from '../../util/redact.js';
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(redact(text), 'utf8').toString('base64')}\x07`;
}

export function copyToClipboard(
  text: string,
  out: { write(s: string): unknown; isTTY?: boolean } = process.stdout,
): void {
  if (!out.isTTY) return; // not a terminal (tests, pipes): the update is still saved to a file
  try {
    out.write(osc52(text));
  } catch {
    // a gone terminal: the update is still saved to a file
  }
}
