// `warroom completion bash|zsh`: a shell completion script for the subcommands and their flags,
// generated from the command tree itself, so a subcommand added in src/commands/index.ts is in
// it without anything else to do. Options whose value is a file (`<file>`) complete file names.
//   bash: source <(warroom completion bash)     zsh: source <(warroom completion zsh)
import { Argument, type Command, type Option } from 'commander';

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
  /** Values of its first argument, when they are a fixed list (Argument.choices). */
  words: readonly string[];
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
    subs: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      flags: flagsOf(c),
      words: c.registeredArguments[0]?.argChoices ?? [],
    })),
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
  local opts words=""
  case "$cmd" in
${subs.map((s) => `    ${s.name}) opts="${names(s.flags)}"; words="${s.words.join(' ')}" ;;`).join('\n')}
    *) opts="${names(global)}" ;;
  esac
  if [[ "$cur" != -* ]]; then
    if [[ -z "$cmd" ]]; then opts="$subs"; elif [[ -n "$words" ]]; then opts="$words"; fi
  fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _warroom warroom
`;
}

/** For a zsh single-quoted word; `special` are escaped with a backslash (_arguments, _describe). */
function zq(text: string, special = /[[\]\\]/g): string {
  return text.replace(special, '\\$&').replace(/'/g, `'\\''`);
}
const DESCRIBE = /[:\\]/g;

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
${subs.map((s) => `    '${zq(s.name, DESCRIBE)}:${zq(s.description, DESCRIBE)}'`).join('\n')}
  )
  _arguments -C \\
    ${zshSpecs(global)} \\
    '1: :->sub' '*:: :->args'
  case $state in
    sub) _describe -t commands 'warroom command' subs ;;
    args)
      case $line[1] in
${subs.map((s) => `        ${s.name}) _arguments \\\n    ${zshSpecs(s.flags)}${s.words.length ? ` \\\n    '1:value:(${s.words.join(' ')})'` : ''} ;;`).join('\n')}
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
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(SHELLS))
    .action((shell: Shell) => {
      process.stdout.write(shell === 'bash' ? bashScript(program) : zshScript(program));
    });
}
