// The one clipboard helper (issue 12 item 4): inside tmux the tmux buffer itself is set (read
// back with `tmux show-buffer` from a private tmux server), elsewhere a plain OSC 52 to a
// terminal only; always redacted; the result says which path was used.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToClipboard, osc52 } from '../../src/ui/clipboard.js';
import { killTmuxServer } from '../helpers/tmux.js';

const SOCKET = `warroom-clip-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
let tmuxEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  tmux('new-session', '-d', '-s', 'w', '-x', '80', '-y', '24');
  // What a program started in that tmux's pane finds in its environment.
  const value = tmux('display-message', '-p', '-t', 'w', '#{socket_path},#{pid},0').trim();
  tmuxEnv = { ...process.env, TMUX: value };
});
afterAll(() => killTmuxServer(SOCKET));

const COMMAND = 'psql "postgresql://ops:hunter2-secret@db:5432/app" -c "SELECT 1"';

/** No $TMUX, and a terminal output (or not) that keeps what is written. */
function outsideTmux(isTTY: boolean) {
  const env = { ...process.env };
  delete env.TMUX;
  const out = {
    isTTY,
    written: '',
    write(s: string) {
      this.written += s;
    },
  };
  return { env, out };
}

describe('clipboard', () => {
  it('inside tmux: sets the tmux buffer (load-buffer -w), redacted, and says so', async () => {
    const out = {
      isTTY: true,
      written: '',
      write(s: string) {
        this.written += s;
      },
    };
    const r = await copyToClipboard(COMMAND, { env: tmuxEnv, out });
    expect(r).toMatchObject({ path: 'tmux', ok: true });
    expect(r.note).toContain('tmux buffer');
    const buf = tmux('show-buffer');
    expect(buf).toBe('psql "postgresql://ops:***@db:5432/app" -c "SELECT 1"');
    expect(buf).not.toContain('hunter2');
    // Nothing is sent to the terminal from inside tmux (no DCS passthrough).
    expect(out.written).toBe('');
  });

  it('inside tmux with tmux unreachable: not copied, and says why', async () => {
    const r = await copyToClipboard('x', { env: { ...tmuxEnv, TMUX: '/nonexistent/socket,1,0' } });
    expect(r.ok).toBe(false);
    expect(r.note).toMatch(/^not copied: tmux load-buffer failed/);
  });

  it('outside tmux: a plain OSC 52 to the terminal, redacted', async () => {
    const { env, out } = outsideTmux(true);
    const r = await copyToClipboard(COMMAND, { env, out });
    expect(r).toMatchObject({ path: 'osc52', ok: true });
    expect(out.written).toBe(osc52('psql "postgresql://ops:***@db:5432/app" -c "SELECT 1"'));
    expect(Buffer.from(out.written.slice(7, -1), 'base64').toString()).not.toContain('hunter2');
    expect(osc52('hi')).toBe('\x1b]52;c;aGk=\x07');
  });

  it('not a terminal: nothing written', async () => {
    const { env, out } = outsideTmux(false);
    const r = await copyToClipboard('x', { env, out });
    expect(r).toMatchObject({ path: 'none', ok: false });
    expect(out.written).toBe('');
  });
});
