// Runs the built `warroom` in a real terminal: tmux on a private socket, a plain bash prompt,
// send-keys to type and capture-pane to read the screen. Every wait is on a screen predicate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WARROOM = join(ROOT, 'bin', 'warroom');
let counter = 0;

export interface TmuxOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Export $TMUX in the shell, as a program started inside tmux has it (the clipboard uses it). */
  insideTmux?: boolean;
}

export class Tmux {
  readonly socket: string;
  readonly home: string;
  private constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.socket = `warroom-test-${process.pid}-${++counter}`;
    this.home = mkdtempSync(join(tmpdir(), 'warroom-e2e-'));
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Starts a shell with prompt `$ ` in a fresh tmux server. */
  static async start(opts: TmuxOptions = {}): Promise<Tmux> {
    const t = new Tmux(opts.cols ?? 200, opts.rows ?? 50);
    const env = {
      HOME: t.home,
      XDG_STATE_HOME: join(t.home, 'state'),
      XDG_CONFIG_HOME: join(t.home, 'config'),
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      TERM: 'xterm-256color',
      ...opts.env,
    };
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
      .join('; ');
    t.tmux(
      'new-session',
      '-d',
      '-s',
      'w',
      '-x',
      String(t.cols),
      '-y',
      String(t.rows),
      '-c',
      opts.cwd ?? t.home,
      'env',
      '-i',
      `TERM=xterm-256color`,
      'bash',
      '--norc',
      '--noprofile',
    );
    t.tmux('set-option', '-t', 'w', 'status', 'off');
    const inside = opts.insideTmux
      ? `; export TMUX='${t.tmux('display-message', '-p', '-t', 'w', '#{socket_path},#{pid},0').trim()}'`
      : '';
    t.send(`${exports}${inside}; unset CI; export PS1='$ '; clear`, 'Enter');
    await t.waitFor((s) => s.trim() === '$', { what: 'shell prompt' });
    return t;
  }

  /** Types a command line and presses Enter. */
  run(line: string): void {
    this.send(line, 'Enter');
  }

  /** tmux send-keys: literal text with -l, key names (Enter, Tab, BTab, Escape, C-c, …) otherwise. */
  send(...keys: string[]): void {
    for (const k of keys) {
      if (
        /^(Enter|Tab|BTab|Escape|Up|Down|Left|Right|PageUp|PageDown|NPage|PPage|Home|End|BSpace|Space|C-[a-z]|F\d+)$/.test(
          k,
        )
      )
        this.tmux('send-keys', '-t', 'w', k);
      else this.tmux('send-keys', '-t', 'w', '-l', k);
    }
  }

  /**
   * The pane as it stands once a frame has been applied whole. tmux 3.3 applies a pane's bytes
   * as it reads them (the synchronized output ink brackets each frame in is honoured from tmux
   * 3.6 on), so one capture can land in the middle of a frame: the top rows new, the rest the
   * frame before. A frame is whole when two captures in a row agree. `styles` keeps the
   * colours and attributes (capture-pane -e).
   */
  screen({ styles = false }: { styles?: boolean } = {}): string {
    let last = this.capture(styles);
    for (let i = 0; i < 20; i++) {
      const next = this.capture(styles);
      if (next === last) return next;
      last = next;
    }
    return last;
  }

  private capture(styles: boolean): string {
    return styles
      ? this.tmux('capture-pane', '-p', '-e', '-t', 'w')
      : this.tmux('capture-pane', '-p', '-t', 'w');
  }

  /** Whether the pane is showing the alternate screen. */
  altScreen(): boolean {
    return this.tmux('display-message', '-p', '-t', 'w', '#{alternate_on}').trim() === '1';
  }

  /** Whether the cursor is visible in the pane. */
  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', 'w', '#{cursor_flag}').trim() === '1';
  }

  /** PIDs of the shell's children (the console started at the prompt). */
  childPids(): number[] {
    try {
      return execFileSync('pgrep', ['-P', String(this.panePid())], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', 'w', '-x', String(cols), '-y', String(rows));
  }

  /** PID of the foreground process (the console) in the pane. */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'w', '#{pane_pid}').trim());
  }

  async waitFor(
    pred: (screen: string) => boolean,
    opts: { timeoutMs?: number; what?: string } = {},
  ): Promise<string> {
    return waitFor(() => this.screen(), pred, {
      timeoutMs: opts.timeoutMs ?? 15_000,
      intervalMs: 100,
      what: opts.what ?? 'screen',
    });
  }

  async waitForText(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    return this.waitFor((s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), {
      timeoutMs,
      what: String(text),
    });
  }

  kill(): void {
    killTmuxServer(this.socket);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * Stops the tmux server of a private socket (`tmux -L socket`) and removes the socket, which
 * tmux 3.3 leaves in its directory after kill-server.
 */
export function killTmuxServer(socket: string): void {
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
}

/** The shell line that starts the built console with arguments. */
export function warroomCmd(args: string): string {
  return `'${process.execPath}' '${WARROOM}' ${args}`;
}

/** Presses a key until the screen shows `text` (a key sent right after another may be merged with it). */
export async function pressUntil(t: Tmux, key: string, text: string) {
  let last = 0;
  await t.waitFor(
    (x) => {
      if (x.includes(text)) return true;
      if (Date.now() - last > 500) {
        t.send(key);
        last = Date.now();
      }
      return false;
    },
    { what: text },
  );
}
