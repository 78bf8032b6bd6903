// `warroom declare --title T --severity SEV2 [--impact …] [--started ISO]`: declares an
// incident from a script (an alert webhook, a chat command) and prints its id. With a shared
// journal every console sees it; offline it is queued locally (said on stderr).
import { InvalidArgumentError, type Command } from 'commander';

export function register(program: Command): void {
  program
    .command('declare')
    .description('declare an incident from a script; prints its id')
    .requiredOption('--title <text>', 'what is wrong, in a few words')
    .requiredOption('--severity <sev>', 'SEV1-SEV4 or P0-P3', (v) => {
      if (!/^(sev\s*)?[1-4]$|^p[0-3]$/i.test(v.trim())) throw new InvalidArgumentError('SEV1-SEV4 or P0-P3');
      return v;
    })
    .option('--impact <text>', 'who or what is affected', '')
    .option('--started <time>', 'when it started (ISO 8601; default now)')
    .action(
      async (opts: { title: string; severity: string; impact: string; started?: string }, cmd: Command) => {
        const { configOrExit } = await import('../config/or-exit.js');
        const { config } = configOrExit(cmd.optsWithGlobals() as { config?: string });
        const { optionsFromConfig } = await import('../incident/controller.js');
        const { Journal } = await import('../incident/journal.js');
        const { parseSeverity } = await import('../incident/model.js');
        const { redact } = await import('../util/redact.js');
        const o = optionsFromConfig(config);
        const startedAt = opts.started ? Date.parse(opts.started) : Date.now();
        if (Number.isNaN(startedAt) || !opts.title.trim()) {
          process.stderr.write(
            `warroom: ${opts.title.trim() ? `not a time: ${opts.started}` : 'an empty --title'}\n`,
          );
          process.exitCode = 2;
          return;
        }
        const j = Journal.create(
          o.state,
          o.actor,
          {
            title: redact(opts.title.trim()),
            severity: parseSeverity(opts.severity)!,
            impact: redact(opts.impact.trim()),
            startedAt: new Date(startedAt).toISOString(),
          },
          Date.now,
          !!o.shared,
        );
        j.close();
        process.stdout.write(`${j.id}\n`);
        if (o.shared) {
          const { syncIncident } = await import('../incident/shared/script.js');
          const r = await syncIncident(o.shared.url, o.state, j.id, o.actor);
          if (!r.online) process.stderr.write(`warroom: ${r.text}\n`);
        }
      },
    );
}
