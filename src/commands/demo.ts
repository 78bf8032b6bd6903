// `warroom demo [--scenario NAME] [--list] [--hints]`: the built-in drill. Starts the
// simulators (and uses PostgreSQL / Redis on localhost when reachable), declares a DRILL
// incident for the scenario and opens the console on all of it with a "DRILL — not production"
// banner. The expected fix is in `--list`, and on the timeline only with --hints.
// Everything it started or created is removed on the way out (q, Ctrl-C, SIGTERM, SIGHUP).
import { InvalidArgumentError, type Command } from 'commander';
import type { GlobalOptions } from '../cli.js';

interface DemoOptions {
  scenario: string;
  list?: boolean;
  hints?: boolean;
}

const NAME_RE = /^[a-z][a-z0-9-]{0,40}$/;

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'a drill on a simulated cluster, chain and logs (plus local PostgreSQL/Redis): practise before the real SEV1',
    )
    .option(
      '--scenario <name>',
      'the fault to drill (see --list); "none" for a calm cluster',
      (v) => {
        if (!NAME_RE.test(v)) throw new InvalidArgumentError('a scenario name (see `warroom demo --list`)');
        return v;
      },
      'bad-deploy',
    )
    .option('--list', 'list the scenarios (and what fixes each) and exit')
    .option('--hints', "put the expected fix and the scenario's details on the drill's timeline")
    .action(async (opts: DemoOptions, cmd: Command) => {
      process.exitCode = await runDemo(opts, cmd.optsWithGlobals() as GlobalOptions & DemoOptions);
    });
}

async function runDemo(opts: DemoOptions, globals: GlobalOptions): Promise<number> {
  const { scenarios, scenarioByName } = await import('../demo/scenarios/index.js');
  if (opts.list) {
    const w = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) {
      process.stdout.write(`${s.name.padEnd(w)}  ${s.title}\n${' '.repeat(w)}  fix: ${s.mitigation}\n`);
    }
    process.stdout.write(`${'none'.padEnd(w)}  a calm cluster, no fault\n`);
    return 0;
  }
  const scenario = opts.scenario === 'none' ? undefined : scenarioByName(opts.scenario);
  if (opts.scenario !== 'none' && !scenario) {
    process.stderr.write(
      `warroom: no scenario ${JSON.stringify(opts.scenario)}; one of: ${scenarios.map((s) => s.name).join(', ')}, none\n`,
    );
    return 2;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('warroom: the demo needs a terminal (stdin and stdout must be a TTY).\n');
    return 2;
  }
  const { applyColor, VERSION } = await import('../cli.js');
  applyColor(globals);
  process.stderr.write('warroom: starting the drill environment (simulated cluster, chain, logs)…\n');
  // The AWS SDK needs credentials and a region even for the local simulator.
  process.env.AWS_ACCESS_KEY_ID ||= 'AKIDWARROOMDEMO';
  process.env.AWS_SECRET_ACCESS_KEY ||= 'warroom-demo-not-a-secret';
  process.env.AWS_REGION ||= 'us-east-1';
  const { startDemoEnv, startDrill, BANNER } = await import('../demo/index.js');
  const { errorText } = await import('../util/redact.js');
  let env;
  try {
    env = await startDemoEnv();
  } catch (err) {
    process.stderr.write(`warroom: the drill environment did not start: ${errorText(err)}\n`);
    return 1;
  }
  const config = env.config;
  if (globals.readOnly) config.actions = { ...config.actions, readOnly: true };
  const demoEnv = env;
  let started = false;
  const { runConsole } = await import('../ui/run.js');
  const code = await runConsole({
    config,
    meta: {
      version: VERSION,
      context: env.context,
      namespace: config.kubernetes?.namespaces?.join(','),
      readOnly: !!config.actions?.readOnly,
      production: false,
      banner: BANNER,
    },
    setup: async (store) => {
      started = true;
      const drill = await startDrill(store, demoEnv, scenario, { hints: !!opts.hints });
      return async () => {
        await drill.stop();
        await demoEnv.stop();
      };
    },
  });
  if (!started) await demoEnv.stop();
  return code;
}
