// `warroom doctor [--json]`: see src/doctor/.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check that every configured backend can be reached, read and acted on; exit 1 when a required check fails',
    )
    .option('--json', 'print the results as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const { config } = configOrExit(cmd.optsWithGlobals());
      const { runDoctor, doctorTable } = await import('../doctor/index.js');
      const results = await runDoctor(config);
      process.stdout.write(
        opts.json
          ? JSON.stringify(results, null, 2) + '\n'
          : doctorTable(results, process.stdout.columns || 160),
      );
      const failed = results.some((r) => r.level === 'fail' && r.required);
      process.exitCode = failed ? 1 : 0;
      setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
    });
}
