// `warroom incidents [--json]`: every incident journal in the state directory, newest first,
// with status, severity, start, duration and title.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('incidents')
    .description('list the incidents in the journal directory, newest first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { configOrExit } = await import('../cli.js');
      const { config } = configOrExit(cmd.optsWithGlobals() as { config?: string });
      const { stateDir, listJournals, loadJournal, incidentsDir } = await import('../incident/journal.js');
      const { reduce, sevName, phaseTitle, humanDuration } = await import('../incident/model.js');
      const { sanitize } = await import('../util/sanitize.js');
      const state = stateDir(config.incident?.stateDir);
      const naming = config.incident?.naming ?? 'SEV';
      const now = Date.now();
      const rows = listJournals(state).map((j) => {
        try {
          const r = loadJournal(j.path);
          const s = reduce(r.events);
          if (!s) return { id: j.id, path: j.path, error: 'no declared event' };
          return {
            id: s.id,
            path: j.path,
            status: s.phase === 'resolved' ? 'resolved' : 'open',
            phase: phaseTitle(s.phase),
            severity: sevName(s.severity, naming),
            startedAt: new Date(s.startedAt).toISOString(),
            duration: humanDuration((s.resolvedAt ?? now) - s.startedAt),
            title: s.title,
            events: s.events.length,
            problems: r.problems.length,
          };
        } catch (err) {
          return { id: j.id, path: j.path, error: (err as Error).message };
        }
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      if (!rows.length) {
        process.stdout.write(`no incidents in ${incidentsDir(state)}\n`);
        return;
      }
      const lines = [['ID', 'STATUS', 'SEVERITY', 'STARTED (UTC)', 'DURATION', 'EVENTS', 'TITLE']];
      for (const r of rows) {
        if ('error' in r) lines.push([r.id, 'unreadable', '', '', '', '', r.error ?? '']);
        else
          lines.push([
            r.id,
            r.status === 'open' ? `open (${r.phase})` : 'resolved',
            r.severity,
            r.startedAt.slice(0, 16).replace('T', ' '),
            r.duration,
            `${r.events}${r.problems ? ` (${r.problems} bad)` : ''}`,
            sanitize(r.title, 120),
          ]);
      }
      const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
      for (const l of lines)
        process.stdout.write(
          l
            .map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd() + '\n',
        );
    });
}
