// PostgreSQL pane keys (scope 'postgres'): switch between the overview and the tables.
// Lowercase only; uppercase letters in this scope are for actions (C cancel, T terminate…).
import { actionKeys } from '../../actions/keys.js';
import type { BindingSpec } from '../../ui/keymap.js';

export const keys = [
  {
    command: 'postgres.overview',
    keys: ['o'],
    scope: 'postgres',
    description: 'Overview: connections gauge, states, blockers',
  },
  {
    command: 'postgres.queries',
    keys: ['l'],
    scope: 'postgres',
    description: 'Long-running queries, longest first',
  },
  {
    command: 'postgres.idle',
    keys: ['i'],
    scope: 'postgres',
    description: 'Sessions idle in transaction, oldest first',
  },
  {
    command: 'postgres.tree',
    keys: ['b'],
    scope: 'postgres',
    description: 'Blocked sessions as a tree under who blocks them',
  },
  {
    command: 'postgres.waits',
    keys: ['w'],
    scope: 'postgres',
    description: 'Ungranted locks (pg_locks WHERE NOT granted)',
  },
  {
    command: 'postgres.top',
    keys: ['t'],
    scope: 'postgres',
    description: 'Top statements by total time (pg_stat_statements)',
  },
  {
    command: 'postgres.conns',
    keys: ['c'],
    scope: 'postgres',
    description: 'Connections by application / user / client (again: next grouping)',
  },
] as const satisfies readonly BindingSpec[];

/** The actions this pane's keys run (UPPERCASE). */
export const actions = actionKeys('postgres', {
  C: 'postgres.cancel-query',
  T: 'postgres.terminate-backend',
  I: 'postgres.terminate-idle-in-transaction',
  L: 'postgres.terminate-long-queries',
});
