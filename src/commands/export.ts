// `warroom export [INCIDENT] [--format md|json] [-o FILE]`: the post-incident review of an
// incident (default: the newest) as Markdown following the runbooks' template, or its full
// journal as JSON. Secrets are redacted. Reads the journal only; never writes to it.
import { writePrivateFile } from '../util/private-files.js';
import { InvalidArgumentError, type Command } from 'commander';

export function register(program: Command): void {
  program
    .command('export')
    .description('export an incident: a Markdown post-incident review (default) or the full journal as JSON')
    .argument('[incident]', 'incident id (default: the newest); see `warroom incidents`')
    .option(
      '--format <format>',
      'md or json',
      (v) => {
        if (v !== 'md' && v !== 'json') throw new InvalidArgumentError('md or json');
        return v;
      },
      'md',
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(
      async (id: string | undefined, opts: { format: 'md' | 'json'; output?: string }, cmd: Command) => {
        const { configOrExit } = await import('../cli.js');
        const { config } = configOrExit(cmd.optsWithGlobals() as { config?: string });
        const { stateDir, listJournals, loadJournal, journalPath, ID_RE } =
          await import('../incident/journal.js');
        const { reduce } = await import('../incident/model.js');
        const { exportMarkdown, exportJson } = await import('../incident/export.js');
        const state = stateDir(config.incident?.stateDir);
        const fail = (msg: string, code = 2) => {
          process.stderr.write(`warroom: ${msg}\n`);
          process.exitCode = code;
        };
        let path: string;
        if (id) {
          if (!ID_RE.test(id)) return fail(`not an incident id: ${JSON.stringify(id)}`);
          path = journalPath(state, id);
          if (!listJournals(state).some((j) => j.id === id))
            return fail(`no incident ${id} in ${state}/incidents (see \`warroom incidents\`)`);
        } else {
          const newest = listJournals(state)[0];
          if (!newest) return fail(`no incidents in ${state}/incidents`);
          path = newest.path;
        }
        let loaded;
        try {
          loaded = loadJournal(path);
        } catch (err) {
          return fail(`cannot read ${path}: ${(err as Error).message}`, 1);
        }
        for (const p of loaded.problems)
          process.stderr.write(`warroom: ${path} line ${p.line}: ${p.reason} (skipped)\n`);
        const s = reduce(loaded.events);
        if (!s) return fail(`${path} has no 'declared' event: not an incident journal`, 1);
        const naming = config.incident?.naming ?? 'SEV';
        const text = opts.format === 'json' ? exportJson(s, { naming }) : exportMarkdown(s, { naming });
        if (opts.output) {
          try {
            writePrivateFile(opts.output, text);
          } catch (err) {
            return fail(`cannot write ${opts.output}: ${(err as Error).message}`, 1);
          }
          process.stderr.write(`warroom: ${s.id} exported to ${opts.output}\n`);
        } else process.stdout.write(text);
      },
    );
}
