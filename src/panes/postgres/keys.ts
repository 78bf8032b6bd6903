// PostgreSQL pane keys (scope 'postgres'): switch between the overview and the tables.
// Lowercase only; uppercase letters in this scope are for actions (C cancel, T terminate…).
import { actionKeys } from '../../actions/keys.js';
import { scoped } from '../../ui/bindings.js';

export const keys = scoped('postgres', [
  ['postgres.overview', ['o'], 'Overview: connections gauge, states, blockers'],
  ['postgres.queries', ['l'], 'Long-running queries, longest first'],
  ['postgres.idle', ['i'], 'Sessions idle in transaction, oldest first'],
  ['postgres.tree', ['b'], 'Blocked sessions as a tree under who blocks them'],
  ['postgres.waits', ['w'], 'Ungranted locks (pg_locks WHERE NOT granted)'],
  ['postgres.top', ['t'], 'Top statements by total time (pg_stat_statements)'],
  ['postgres.conns', ['c'], 'Connections by application / user / client (again: next grouping)'],
]);

/** The actions this pane's keys run (UPPERCASE). */
export const actions = actionKeys('postgres', {
  C: 'postgres.cancel-query',
  T: 'postgres.terminate-backend',
  I: 'postgres.terminate-idle-in-transaction',
  L: 'postgres.terminate-long-queries',
});
