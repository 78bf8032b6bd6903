// The one clipboard helper (Ctrl-Y in the confirm dialog, ^S/^Y in the status-update editor).
// Inside tmux ($TMUX set) the tmux buffer itself is set with `tmux load-buffer -w -` (the text
// on stdin; -w also hands it to the outer terminal's clipboard when tmux may): an OSC 52 sent
// from inside tmux, raw or in its DCS passthrough, is dropped by tmux's defaults. Elsewhere, a
// plain OSC 52 to the terminal (the terminal sets its clipboard, which works over SSH), and only
// to a terminal. Always through redact(). The result says which path was used, for the flash.
import { spawn } from 'node:child_process';
import { errorText, redact } from '../util/redact.js';

export type CopyPath = 'tmux' | 'osc52' | 'none';

export interface Copied {
  path: CopyPath;
  ok: boolean;
  /** For the flash: `copied to the tmux buffer (tmux load-buffer -w)`, … */
  note: string;
}

interface Terminal {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface CopyOptions {
  env?: NodeJS.ProcessEnv;
  out?: Terminal;
}

/** The OSC 52 sequence that sets the terminal's clipboard to (the redacted) text. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(redact(text), 'utf8').toString('base64')}\x07`;
}

function loadBuffer(text: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('tmux', ['load-buffer', '-w', '-'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => p.kill(), 3000);
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(err.trim() || `tmux exited with ${code ?? 'a signal'}`));
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(text);
  });
}

export async function copyToClipboard(text: string, opts: CopyOptions = {}): Promise<Copied> {
  const safe = redact(text);
  const env = opts.env ?? process.env;
  if (env.TMUX) {
    try {
      await loadBuffer(safe, env);
      return { path: 'tmux', ok: true, note: 'copied to the tmux buffer (tmux load-buffer -w)' };
    } catch (err) {
      return { path: 'tmux', ok: false, note: `not copied: tmux load-buffer failed: ${errorText(err)}` };
    }
  }
  const out = opts.out ?? process.stdout;
  if (!out.isTTY) return { path: 'none', ok: false, note: 'not copied: the output is not a terminal' };
  try {
    out.write(osc52(safe));
    return { path: 'osc52', ok: true, note: 'copied with OSC 52 to the terminal' };
  } catch (err) {
    return { path: 'none', ok: false, note: `not copied: ${errorText(err)}` };
  }
}
