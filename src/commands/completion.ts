// `warroom completion bash|zsh`: a shell completion script for the subcommands and their flags,
// generated from the command tree itself, so a subcommand added in src/commands/index.ts is in
// it without anything else to do. Options whose value is a file (`<file>`) complete file names.
//   bash: source <(warroom completion bash)     zsh: source <(warroom completion zsh)
import { InvalidArgumentError, type Command, type Option } from 'commander';

const SHELLS = ['bash', 'zsh'] as const;
type Shell = (typeof SHELLS)[number];

interface Flag {
  names: string[];
  description: string;
  value?: 'file' | 'word';
  choices?: readonly string[];
}

interface Sub {
  name: string;
  description: string;
  flags: Flag[];
}

function flagsOf(cmd: Command): Flag[] {
  const flags: Flag[] = (cmd.options as readonly Option[]).map((o) => ({
    names: [o.short, o.long].filter((n): n is string => !!n),
    description: o.description,
    value: o.required || o.optional ? (/<file>/.test(o.flags) ? 'file' : 'word') : undefined,
    choices: o.argChoices,
  }));
  flags.push({ names: ['-h', '--help'], description: 'display help' });
  return flags;
}

function treeOf(program: Command): { global: Flag[]; subs: Sub[] } {
  return {
    global: flagsOf(program),
    subs: program.commands.map((c) => ({ name: c.name(), description: c.description(), flags: flagsOf(c) })),
  };
}

export function bashScript(program: Command): string {
  const { global, subs } = treeOf(program);
  const names = (fs: Flag[]) => fs.flatMap((f) => f.names).join(' ');
  const all = [...global, ...subs.flatMap((s) => s.flags)];
  const valueCases = new Map<string, string>();
  for (const f of all) {
    if (!f.value) continue;
    const reply = f.choices
      ? `COMPREPLY=($(compgen -W '${f.choices.join(' ')}' -- "$cur"))`
      : f.value === 'file'
        ? 'COMPREPLY=($(compgen -f -- "$cur"))'
        : 'COMPREPLY=()';
    for (const n of f.names) valueCases.set(n, reply);
  }
  return `# bash completion for warroom: source <(warroom completion bash)
_warroom() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" i
  local subs="${subs.map((s) => s.name).join(' ')}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ " $subs " == *" \${COMP_WORDS[i]} "* ]]; then cmd="\${COMP_WORDS[i]}"; break; fi
  done
  case "$prev" in
${[...valueCases].map(([n, reply]) => `    ${n}) ${reply}; return ;;`).join('\n')}
  esac
  local opts
  case "$cmd" in
${subs.map((s) => `    ${s.name}) opts="${names(s.flags)}" ;;`).join('\n')}
    *) opts="${names(global)}" ;;
  esac
  if [[ -z "$cmd" && "$cur" != -* ]]; then opts="$subs"; fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _warroom warroom
`;
}

/** Quoted for a zsh single-quoted word, with _arguments' special characters escaped. */
function zq(text: string): string {
  return text.replace(/[[\]:\\]/g, '\\$&').replace(/'/g, `'\\''`);
}

function zshSpecs(flags: Flag[]): string {
  return flags
    .flatMap((f) =>
      f.names.map((n) => {
        const action = f.choices ? `(${f.choices.join(' ')})` : f.value === 'file' ? '_files' : ' ';
        return `'${n}[${zq(f.description)}]${f.value ? `:value:${action}` : ''}'`;
      }),
    )
    .join(' \\\n    ');
}

export function zshScript(program: Command): string {
  const { global, subs } = treeOf(program);
  return `#compdef warroom
# zsh completion for warroom: source <(warroom completion zsh), or save it as _warroom in $fpath
_warroom() {
  local curcontext="$curcontext" state line
  local -a subs
  subs=(
${subs.map((s) => `    '${zq(s.name)}:${zq(s.description)}'`).join('\n')}
  )
  _arguments -C \\
    ${zshSpecs(global)} \\
    '1: :->sub' '*:: :->args'
  case $state in
    sub) _describe -t commands 'warroom command' subs ;;
    args)
      case $line[1] in
${subs.map((s) => `        ${s.name}) _arguments \\\n    ${zshSpecs(s.flags)} ;;`).join('\n')}
      esac ;;
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _warroom "$@"; else compdef _warroom warroom; fi
`;
}

export function register(program: Command): void {
  program
    .command('completion')
    .description('print shell completion for the subcommands and flags (bash or zsh)')
    .argument('<shell>', 'bash or zsh', (v: string): Shell => {
      if (!(SHELLS as readonly string[]).includes(v)) throw new InvalidArgumentError('bash or zsh');
      return v as Shell;
    })
    .action((shell: Shell) => {
      process.stdout.write(shell === 'bash' ? bashScript(program) : zshScript(program));
    });
}
