// Files that can hold incident detail (journals, exports, updates, the action log) are private
// to their owner whatever the umask: directories warroom creates are 0700, files it writes 0600.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates dir (and parents) as 0700; an existing directory is left as it is (doctor warns). */
export function privateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  // mkdir's mode is cut by the umask: set it exactly on every directory created here.
  for (let d = dir; d.length >= first.length; d = d.slice(0, d.lastIndexOf('/')) || '/') {
    chmodSync(d, DIR_MODE);
    if (d === first) break;
  }
}

/** Writes (or overwrites) a file as 0600: an existing file's wider mode is narrowed too. */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: FILE_MODE });
  chmodSync(path, FILE_MODE);
}
