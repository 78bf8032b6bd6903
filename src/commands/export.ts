// `warroom export [INCIDENT] [--format md|json|html] [-o FILE]`: the post-incident review of an
// incident (default: the newest) as Markdown following the runbooks' template (with `-o
// review.md`, its charts as SVG files in `review-charts/` beside it), as one self-contained
// HTML page with the charts inline, or its full journal as JSON. Secrets are redacted. Reads
// the journal (and the incident's recording, when there is one) only; never writes to them.
// Without a recording the HTML page draws the journal's marks on a timeline chart and the
// Markdown review stays as it was (its timeline table says the same).
import { writePrivateFile } from '../util/private-files.js';
import { InvalidArgumentError, type Command } from 'commander';

export function register(program: Command): void {
  program
    .command('export')
    .description(
      'export an incident: a Markdown post-incident review (default; with -o, its charts in a folder beside it), one self-contained HTML review with the charts, or the full journal as JSON',
    )
    .argument('[incident]', 'incident id (default: the newest); see `warroom incidents`')
    .option(
      '--format <format>',
      'md, html or json',
      (v) => {
        if (v !== 'md' && v !== 'json' && v !== 'html') throw new InvalidArgumentError('md, html or json');
        return v;
      },
      'md',
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(
      async (
        id: string | undefined,
        opts: { format: 'md' | 'json' | 'html'; output?: string },
        cmd: Command,
      ) => {
        const { configOrExit } = await import('../config/or-exit.js');
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
        let text: string;
        let charts: (() => void) | undefined;
        let chartsDir = '';
        if (opts.format === 'json') text = exportJson(s, { naming });
        else if (opts.format === 'md' && !opts.output) text = exportMarkdown(s, { naming });
        else {
          // The pictures: from the incident's recording when there is one, else the marks only.
          const { reviewCharts, chartsMarkdown } = await import('../incident/review/charts.js');
          const { chartsDirOf, writeCharts } = await import('../incident/review/files.js');
          const { recordedSeries } = await import('../incident/review/recording.js');
          let set;
          try {
            set = await recordedSeries(state, s.id, (p) =>
              process.stderr.write(`warroom: the recording of ${s.id}: ${p}\n`),
            );
          } catch (err) {
            process.stderr.write(
              `warroom: the recording of ${s.id} cannot be read: ${(err as Error).message}\n`,
            );
          }
          const rc = reviewCharts(s, set);
          if (opts.format === 'html') {
            const { exportHtml } = await import('../incident/review/html.js');
            text = exportHtml(s, rc, { naming });
          } else if (rc.samples) {
            const dir = chartsDirOf(opts.output!);
            chartsDir = dir.path;
            charts = () => writeCharts(dir.path, rc.charts);
            text = exportMarkdown(s, { naming, charts: chartsMarkdown(rc, dir.link) });
          } else text = exportMarkdown(s, { naming });
        }
        if (opts.output) {
          try {
            charts?.();
            writePrivateFile(opts.output, text);
          } catch (err) {
            return fail(`cannot write ${opts.output}: ${(err as Error).message}`, 1);
          }
          process.stderr.write(
            `warroom: ${s.id} exported to ${opts.output}${charts ? ` (charts in ${chartsDir}/)` : ''}\n`,
          );
        } else process.stdout.write(text);
      },
    );
}
