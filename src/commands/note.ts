// `warroom note [--incident ID] TEXT…`: adds a note to an incident (default: the newest open
// one here) from a script. With a shared journal it is pushed at once; offline it is queued
// locally (said on stderr). `/rootcause …`, `/action … @owner` feed the review as in the console.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('note')
    .description('add a note to an incident (default: the newest open one)')
    .argument('<text...>', 'the note')
    .option('--incident <id>', 'incident id (see `warroom incidents`)')
    .action(async (words: string[], opts: { incident?: string }, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const g = cmd.optsWithGlobals() as { config?: string; incident?: string };
      const { config } = configOrExit(g);
      const { optionsFromConfig, openIncidents, parseReviewNote } = await import('../incident/controller.js');
      const { Journal, journalPath, ID_RE } = await import('../incident/journal.js');
      const { existsSync } = await import('node:fs');
      const { redact } = await import('../util/redact.js');
      const o = optionsFromConfig(config);
      const fail = (msg: string, code = 2) => {
        process.stderr.write(`warroom: ${msg}\n`);
        process.exitCode = code;
      };
      const text = words.join(' ').trim();
      if (!text) return fail('an empty note');
      let id = opts.incident ?? g.incident;
      if (id && !ID_RE.test(id)) return fail(`not an incident id: ${JSON.stringify(id)}`);
      if (id && !existsSync(journalPath(o.state, id))) {
        if (!o.shared) return fail(`no incident ${id} in ${o.state}/incidents (see \`warroom incidents\`)`);
        const { fetchIncident } = await import('../incident/shared/remote.js');
        try {
          await fetchIncident(o.shared.url, o.state, id, o.actor);
        } catch (err) {
          return fail((err as Error).message, 1);
        }
      }
      id ??= openIncidents(o.state)[0]?.id;
      if (!id) return fail('no open incident here: `warroom declare` one, or name it with --incident');
      const j = Journal.open(journalPath(o.state, id), o.actor);
      const ev = j.append(parseReviewNote(text) ?? { kind: 'note', text: redact(text) });
      j.close();
      process.stdout.write(`${id} ${ev.id}\n`);
      if (o.shared) {
        const { syncIncident, isShareable } = await import('../incident/shared/script.js');
        if (!isShareable(o.state, o.shared.url, id)) return;
        const r = await syncIncident(o.shared.url, o.state, id, o.actor);
        if (!r.online) process.stderr.write(`warroom: ${r.text}\n`);
      }
    });
}
