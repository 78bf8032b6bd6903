// `warroom incidents [--json]`: every incident journal in the state directory, newest first,
// with status, severity, start, duration and title; with a shared journal, its incidents too
// (WHERE says here, shared or both; `warroom --incident ID` joins a shared one).
import type { Command } from 'commander';
import type { IncidentState } from '../incident/model.js';

interface Row {
  id: string;
  path?: string;
  where?: 'here' | 'shared' | 'here+shared';
  error?: string;
  status?: string;
  phase?: string;
  severity?: string;
  startedAt?: string;
  duration?: string;
  title?: string;
  events?: number;
  problems?: number;
}

export function register(program: Command): void {
  program
    .command('incidents')
    .description('list the incidents in the journal directory (and the shared journal), newest first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const { config } = configOrExit(cmd.optsWithGlobals() as { config?: string });
      const { stateDir, listJournals, loadJournal, incidentsDir } = await import('../incident/journal.js');
      const { reduce, sevName, phaseTitle, humanDuration } = await import('../incident/model.js');
      const { sanitize } = await import('../util/sanitize.js');
      const state = stateDir(config.incident?.stateDir);
      const naming = config.incident?.naming ?? 'SEV';
      const now = Date.now();
      // What a listed incident shows, from its state (a local journal's or a shared one's).
      const summary = (st: IncidentState, where: Pick<Row, 'path' | 'where'>): Row => ({
        id: st.id,
        ...where,
        status: st.phase === 'resolved' ? 'resolved' : 'open',
        phase: phaseTitle(st.phase),
        severity: sevName(st.severity, naming),
        startedAt: new Date(st.startedAt).toISOString(),
        duration: humanDuration((st.resolvedAt ?? now) - st.startedAt),
        title: st.title,
      });
      const rows: Row[] = listJournals(state).map((j): Row => {
        try {
          const r = loadJournal(j.path);
          const s = reduce(r.events);
          if (!s) return { id: j.id, path: j.path, error: 'no declared event' };
          return { ...summary(s, { path: j.path }), events: s.events.length, problems: r.problems.length };
        } catch (err) {
          return { id: j.id, path: j.path, error: (err as Error).message };
        }
      });
      const shared = config.incident?.shared;
      if (shared) {
        const { listSharedIncidents } = await import('../incident/shared/remote.js');
        const { offlineReason } = await import('../incident/shared/replicator.js');
        try {
          const list = await listSharedIncidents(shared.url, 3000);
          for (const r of rows) r.where = 'here';
          for (const x of list) {
            const mine = rows.find((r) => r.id === x.state.id);
            if (mine) {
              mine.where = 'here+shared';
              continue;
            }
            rows.push({ ...summary(x.state, { where: 'shared' }), events: x.events, problems: 0 });
          }
          rows.sort(
            (a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.id.localeCompare(a.id),
          );
        } catch (err) {
          process.stderr.write(
            `warroom: shared journal unreachable (${offlineReason(err)}): incidents here only\n`,
          );
        }
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      if (!rows.length) {
        process.stdout.write(`no incidents in ${incidentsDir(state)}\n`);
        return;
      }
      const where = rows.some((r) => r.where);
      const lines = [
        [
          'ID',
          ...(where ? ['WHERE'] : []),
          'STATUS',
          'SEVERITY',
          'STARTED (UTC)',
          'DURATION',
          'EVENTS',
          'TITLE',
        ],
      ];
      for (const r of rows) {
        const w = where ? [r.where ?? 'here'] : [];
        if (r.error) lines.push([r.id, ...w, 'unreadable', '', '', '', '', r.error]);
        else
          lines.push([
            r.id,
            ...w,
            r.status === 'open' ? `open (${r.phase})` : 'resolved',
            r.severity ?? '',
            (r.startedAt ?? '').slice(0, 16).replace('T', ' '),
            r.duration ?? '',
            `${r.events}${r.problems ? ` (${r.problems} bad)` : ''}`,
            sanitize(r.title ?? '', 120),
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
