// Command line: `warroom [options]` runs the console; subcommands live in src/commands/.
// Bad flags or values: a one-line error, the usage line, exit code 2. Nothing heavy is imported
// before the arguments are parsed (only commander and the subcommands' options: the config
// loader with zod and yaml, and each subcommand's work, load when they run), so --version,
// --help and errors are instant.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import type { CliOverrides } from './config/load.js';
import { commands } from './commands/index.js';
import { versionText } from './util/build-info.js';

export const VERSION: string = pkg.version;

export interface GlobalOptions extends CliOverrides {
  color: boolean;
  resume?: boolean;
  incident?: string;
}

function dnsLabel(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
    throw new InvalidArgumentError(
      'a namespace is a lowercase DNS label (a-z, 0-9, -), at most 63 characters.',
    );
  }
  return value;
}

export function buildProgram(): Command {
  const program = new Command('warroom')
    .description('A full-screen terminal console for incident response.')
    .version(versionText(VERSION), '-V, --version', 'print the version, the commit and how it runs')
    .option(
      '-c, --config <file>',
      'configuration file (default: $WARROOM_CONFIG, ./warroom.yaml, $XDG_CONFIG_HOME/warroom/config.yaml)',
    )
    .option('--context <name>', 'Kubernetes context (default: the kubeconfig current context)')
    .addOption(
      new Option(
        '-n, --namespace <ns>',
        'Kubernetes namespace (default: the configured ones, or all)',
      ).argParser(dnsLabel),
    )
    .option('--read-only', 'list actions but refuse to run any of them')
    .option('--no-color', 'no colour (also honoured: NO_COLOR)')
    .option('--resume', 'resume the newest open incident')
    .option('--incident <id>', 'follow this incident (see `warroom incidents`)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.trim().split('\n')[0] + '\n') })
    .action(async (opts: GlobalOptions) => {
      const code = await runMain(opts);
      process.exitCode = code;
    });
  for (const register of commands) register(program);
  return program;
}

/** Applies --no-color / NO_COLOR before any colour library is loaded. */
export function applyColor(opts: { color?: boolean }): void {
  if (opts.color === false || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '')) {
    process.env.FORCE_COLOR = '0';
  }
}

async function runMain(opts: GlobalOptions): Promise<number> {
  applyColor(opts);
  const { configOrExit } = await import('./config/or-exit.js');
  const { config } = configOrExit(opts);
  const { runConsole } = await import('./ui/run.js');
  return runConsole({
    config,
    meta: {
      version: VERSION,
      context: config.kubernetes?.context,
      namespace: config.kubernetes?.namespaces?.join(','),
      readOnly: !!config.actions?.readOnly || !!config.kubernetes?.readOnly,
      production: config.kubernetes?.production,
    },
    setup: async (store) => {
      const { startIncidentFeature } = await import('./incident/setup.js');
      return startIncidentFeature(store, config, { resume: opts.resume, incident: opts.incident });
    },
  });
}

export async function main(argv: string[]): Promise<void> {
  // `warroom … | head`: a closed pipe ends the output quietly, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        process.exit(0);
      }
      process.stderr.write(`Usage: warroom ${program.usage()}  (warroom --help for details)\n`);
      process.exit(2);
    }
    process.stderr.write(`warroom: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
