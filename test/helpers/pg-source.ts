// The PostgreSQL source under test in a hub of its own, beside a ticking neighbour (another
// pane's source), so that a test can check the neighbour keeps updating whatever Postgres does.
import { POSTGRES_SOURCE, postgresSource, type PostgresConfig } from '../../src/data/postgres/source.js';
import type { PgSnapshot } from '../../src/data/postgres/types.js';
import { pollSource, SourceHub } from '../../src/data/source.js';
import { createAppStore, createBatcher, type SourceState } from '../../src/store/store.js';
import { waitFor } from './wait.js';

/** A source config polling `url` every 100 ms, thresholds at 30 s; `extra` overrides. */
export function pgSourceConfig(url: string, extra: Partial<PostgresConfig> = {}): PostgresConfig {
  return {
    url,
    intervalMs: 100,
    statementTimeoutMs: 1000,
    longQuerySeconds: 30,
    idleInTransactionSeconds: 30,
    ...extra,
  };
}

/** The postgres source (backoff capped at 400 ms) and the neighbour, started in one hub. */
export function startPgSource(c: PostgresConfig) {
  const store = createAppStore();
  const hub = new SourceHub(createBatcher(store, 5));
  let ticks = 0;
  hub.add(
    pollSource({ id: 'neighbour', intervalMs: 20, timeoutMs: 1000, fetch: async () => ++ticks }),
    10_000,
  );
  hub.add(postgresSource(c, { slowEveryMs: 0, backoffCapMs: 400 }), 10_000);
  const state = () => store.getState().sources[POSTGRES_SOURCE] as SourceState<PgSnapshot> | undefined;
  const neighbour = () => store.getState().sources.neighbour?.data as number | undefined;
  /** The neighbour publishes new data after now. */
  const neighbourMoves = async () => {
    const before = neighbour() ?? 0;
    await waitFor(neighbour, (n) => (n ?? 0) > before + 3, { what: 'the other source to keep updating' });
  };
  return { hub, state, neighbourMoves };
}
