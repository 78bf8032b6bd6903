// `warroom replay [INCIDENT] [--at HH:MM:SS | --at +MMmSSs] [--speed N]`: the console on an
// incident's recording (<state>/incidents/<ID>.rec): every pane as it was at that moment, the
// timeline with a cursor there. Read-only by construction: no backend is started, no action
// can run (src/ui/replay/run.tsx).
import { InvalidArgumentError, type Command } from 'commander';

interface ReplayFlags {
  at?: string;
  speed: number;
}

/** `03:12:05` (UTC) or an offset from the start: `+12m05s`, `+90s`, `+1h2m`. */
export type At = { kind: 'clock'; ms: number } | { kind: 'offset'; ms: number };

export function parseAt(v: string): At {
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h < 24 && m < 60 && s < 60) return { kind: 'clock', ms: ((h * 60 + m) * 60 + s) * 1000 };
  }
  const off = /^\+(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  if (off && v !== '+') {
    const [h, m, s] = [Number(off[1] ?? 0), Number(off[2] ?? 0), Number(off[3] ?? 0)];
    return { kind: 'offset', ms: ((h * 60 + m) * 60 + s) * 1000 };
  }
  throw new InvalidArgumentError('HH:MM:SS (UTC) or +MMmSSs from the start of the recording (e.g. +12m05s)');
}

/** The moment `at` names in a recording from start to end (undefined: not in it). */
export function resolveAt(at: At, start: number, end: number): number | undefined {
  if (at.kind === 'offset') return start + at.ms <= end ? start + at.ms : undefined;
  const day = start - (start % 86_400_000);
  for (let t = day + at.ms; t <= end; t += 86_400_000) if (t >= start - 999) return Math.max(t, start);
  return undefined;
}

export function register(program: Command): void {
  program
    .command('replay')
    .description("replay an incident's recording in the console: every pane as it was (read-only)")
    .argument('[incident]', 'incident id (default: the newest); see `warroom incidents`')
    .option('--at <time>', 'start at HH:MM:SS (UTC) or +MMmSSs from the start', (v) => {
      parseAt(v);
      return v;
    })
    .option(
      '--speed <n>',
      'playback speed (1, 2, 4 … 64)',
      (v) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 64) throw new InvalidArgumentError('a number from 1 to 64');
        return n;
      },
      1,
    )
    .action(async (id: string | undefined, opts: ReplayFlags, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const { applyColor, VERSION } = await import('../cli.js');
      const globals = cmd.optsWithGlobals() as { config?: string; color?: boolean };
      applyColor(globals);
      const { config } = configOrExit(globals);
      const { existsSync } = await import('node:fs');
      const { stateDir, listJournals, loadJournal, journalPath, ID_RE } =
        await import('../incident/journal.js');
      const { reduce } = await import('../incident/model.js');
      const { recordingPath } = await import('../incident/recording/format.js');
      const { Recording } = await import('../incident/recording/reader.js');
      const state = stateDir(config.incident?.stateDir);
      const fail = (msg: string, code = 2) => {
        process.stderr.write(`warroom: ${msg}\n`);
        process.exitCode = code;
      };
      if (id && !ID_RE.test(id)) return fail(`not an incident id: ${JSON.stringify(id)}`);
      const incidentId = id ?? listJournals(state)[0]?.id;
      if (!incidentId) return fail(`no incidents in ${state}/incidents`);
      const jpath = journalPath(state, incidentId);
      if (!existsSync(jpath))
        return fail(`no incident ${incidentId} in ${state}/incidents (see \`warroom incidents\`)`);
      const rpath = recordingPath(state, incidentId);
      if (!existsSync(rpath))
        return fail(
          `no recording of ${incidentId} (${rpath}): it is made while the incident is open in the console, unless incident.recording is false`,
        );
      let loaded;
      let recording;
      try {
        loaded = loadJournal(jpath);
        recording = await Recording.load(rpath);
      } catch (err) {
        return fail(`cannot read ${incidentId}: ${(err as Error).message}`, 1);
      }
      const incident = reduce(loaded.events);
      if (!incident) return fail(`${jpath} has no 'declared' event: not an incident journal`, 1);
      if (recording.start === undefined || recording.end === undefined)
        return fail(
          `${rpath} holds no recorded moment${recording.problems.length ? ` (${recording.problems[0]})` : ''}`,
          1,
        );
      let at: number | undefined;
      if (opts.at) {
        at = resolveAt(parseAt(opts.at), recording.start, recording.end);
        const { utcStamp } = await import('../util/format.js');
        if (at === undefined)
          return fail(
            `--at ${opts.at} is not in the recording (${utcStamp(recording.start)} to ${utcStamp(recording.end)})`,
          );
      }
      const { runReplay } = await import('../ui/replay/run.js');
      process.exitCode = await runReplay({
        config,
        meta: {
          version: VERSION,
          context: config.kubernetes?.context,
          namespace: config.kubernetes?.namespaces?.join(','),
          readOnly: true,
        },
        recording,
        incident,
        journalPath: jpath,
        at,
        speed: opts.speed,
      });
    });
}
