// `warroom snapshot [--json]`: one read of every configured source, printed as text or JSON,
// for scripts, tickets, and checking a bastion without a full-screen terminal. Exit status 1
// when a configured source failed, 0 otherwise.
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config/schema.js';
import { redactDeep } from '../util/redact.js';
import type { Snapshot } from './snapshot-schema.js';

export async function takeSnapshot(config: Config, version: string, timeoutMs = 10_000): Promise<Snapshot> {
  const { createAppStore, createBatcher, effectiveStatus } = await import('../store/store.js');
  const { SourceHub } = await import('../data/source.js');
  const { startBackends } = await import('../data/backends.js');
  const store = createAppStore();
  const batcher = createBatcher(store, 20);
  const hub = new SourceHub(batcher);
  await startBackends({ config, hub, store });
  const settled = () => {
    batcher.flushNow();
    const all = Object.values(store.getState().sources);
    return all.length > 0 && all.every((s) => s.status !== 'connecting');
  };
  const deadline = Date.now() + timeoutMs;
  while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // Give sources that answered a moment to fill in dependent reads (e.g. metrics after pods).
  await new Promise((r) => setTimeout(r, 300));
  batcher.flushNow();
  const now = Date.now();
  const sources: Snapshot['sources'] = {};
  for (const [id, s] of Object.entries(store.getState().sources).sort(([a], [b]) => a.localeCompare(b))) {
    sources[id] = {
      status: effectiveStatus(s, now),
      ...(s.error ? { error: s.error } : {}),
      ...(s.hint ? { hint: s.hint } : {}),
      ...(s.fetchedAt !== undefined ? { ageMs: now - s.fetchedAt } : {}),
      ...(s.data !== undefined
        ? {
            data: JSON.parse(
              JSON.stringify(s.data, (_k, v) =>
                v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v,
              ),
            ),
          }
        : {}),
    };
  }
  await hub.stopAll();
  batcher.dispose();
  return redactDeep({
    warroom: version,
    takenAt: new Date(now).toISOString(),
    context: config.kubernetes?.context,
    namespace: config.kubernetes?.namespaces?.join(','),
    sources,
  });
}

export function register(program: Command): void {
  program
    .command('snapshot')
    .description(
      'one read of every configured pane, printed as text or JSON (no full-screen terminal needed)',
    )
    .option('--json', 'print JSON (schema: docs/snapshot.schema.json)')
    .option(
      '--timeout <ms>',
      'how long to wait for slow backends',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0)
          throw new InvalidArgumentError('a positive number of milliseconds');
        return n;
      },
      10_000,
    )
    .action(async (opts: { json?: boolean; timeout: number }, cmd: Command) => {
      const { configOrExit } = await import('../config/or-exit.js');
      const { VERSION } = await import('../cli.js');
      const global = cmd.optsWithGlobals() as { config?: string; context?: string; namespace?: string };
      const { config } = configOrExit(global);
      const snap = await takeSnapshot(config, VERSION, opts.timeout);
      process.stdout.write(
        opts.json
          ? JSON.stringify(snap, null, 2) + '\n'
          : (await import('./snapshot-text.js')).snapshotText(snap),
      );
      const failed = Object.values(snap.sources).some((x) => x.status === 'error');
      process.exitCode = failed ? 1 : 0;
      // Clients may keep sockets a moment; a snapshot must end promptly.
      setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
    });
}
