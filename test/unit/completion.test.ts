// `warroom completion bash|zsh`: generated from the command tree, so every subcommand and flag is
// in it. The bash script is run by bash itself (COMP_WORDS as bash sets them).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { bashScript, zshScript } from '../../src/commands/completion.js';

const hasZsh = spawnSync('zsh', ['--version']).status === 0;

function complete(words: string[]): string[] {
  const script = `${bashScript(buildProgram())}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_warroom; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('shell completion', () => {
  it('bash: subcommands, then the flags of the subcommand typed', () => {
    const subs = buildProgram().commands.map((c) => c.name());
    expect(complete(['warroom', ''])).toEqual(subs);
    expect(complete(['warroom', 'd'])).toEqual(subs.filter((n) => n.startsWith('d')));
    expect(complete(['warroom', 'd'])).toEqual(expect.arrayContaining(['doctor', 'demo', 'declare']));
    expect(complete(['warroom', 'demo', '--'])).toEqual(['--scenario', '--list', '--hints', '--help']);
    expect(complete(['warroom', '--read-only', 'sim', '--p'])).toEqual(['--port', '--pods']);
    expect(complete(['warroom', '--c'])).toEqual(['--config', '--context']);
    // A fixed list of values for the first argument: completion's shells.
    expect(complete(['warroom', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it('bash: a <file> value completes file names, another value nothing', () => {
    expect(complete(['warroom', '--config', 'package.j'])).toEqual(['package.json']);
    expect(complete(['warroom', 'sim', '--port', ''])).toEqual([]);
  });

  it('zsh: every subcommand with its description, every flag', () => {
    const z = zshScript(buildProgram());
    expect(z.startsWith('#compdef warroom\n')).toBe(true);
    for (const c of buildProgram().commands) {
      expect(z).toContain(`'${c.name()}:`);
      for (const o of c.options) expect(z).toContain(`'${o.long}[`);
    }
    expect(z).toContain("'--config[");
    expect(z).toMatch(/'--config\[[^\n]*\]:value:_files'/);
    expect(z).toContain("'1:value:(bash zsh)'");
  });

  it.skipIf(!hasZsh)('zsh: the script loads into compinit and registers _warroom (zsh installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-zsh-'));
    try {
      writeFileSync(join(dir, 'c.zsh'), zshScript(buildProgram()));
      const out = execFileSync(
        'zsh',
        [
          '-f',
          '-c',
          `autoload -Uz compinit && compinit -u -d ${dir}/zcomp && source ${dir}/c.zsh && print -r -- $_comps[warroom]`,
        ],
        { encoding: 'utf8', env: { ...process.env, ZDOTDIR: dir } },
      );
      expect(out.trim()).toBe('_warroom');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
