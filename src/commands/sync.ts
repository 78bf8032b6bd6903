// `warroom sync [--incident ID] [--json]`: pushes what is waiting in the local journals to the
// shared journal and pulls what the other consoles wrote, once, and reports it per incident.
// Exit 1 when the shared journal could not be reached (everything stays queued locally).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('sync')
    .description('push and pull the shared journal once; report what was done')
    .option('--incident <id>', 'only this incident')
    .option('--json', 'print JSON')
    .action(async (opts: { incident?: string; json?: boolean }, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const g = cmd.optsWithGlobals() as { config?: string; incident?: string };
      const { config } = configOrExit(g);
      const { optionsFromConfig } = await import('../incident/controller.js');
      const { listJournals } = await import('../incident/journal.js');
      const { isShareable, syncIncident } = await import('../incident/shared/script.js');
      const o = optionsFromConfig(config);
      if (!o.shared) {
        process.stderr.write(
          'warroom: no shared journal configured (incident.shared.url or WARROOM_SHARED_URL)\n',
        );
        process.exitCode = 2;
        return;
      }
      const only = opts.incident ?? g.incident;
      const ids = listJournals(o.state)
        .map((j) => j.id)
        .filter((id) => (only ? id === only : isShareable(o.state, o.shared!.url, id)));
      if (only && !ids.length) {
        process.stderr.write(`warroom: no incident ${only} here\n`);
        process.exitCode = 2;
        return;
      }
      const results = [];
      for (const id of ids) {
        const r = await syncIncident(o.shared.url, o.state, id, o.actor);
        results.push(r);
        if (!opts.json)
          (r.online ? process.stdout : process.stderr).write(`${r.online ? '' : 'warroom: '}${r.text}\n`);
        if (!r.online) break; // the same database for every incident: no use trying the others
      }
      if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      else if (!ids.length) process.stdout.write('nothing to sync: no shared incident here\n');
      process.exitCode = results.some((r) => !r.online) ? 1 : 0;
    });
}
