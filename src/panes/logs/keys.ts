import type { BindingSpec } from '../../ui/keymap.js';

// The logs pane's own keys (scope 'logs'). Scrolling (j/k, PgUp/PgDn, g/G) and the `/` regex
// filter come from the shared list keys.
export const keys = [
  { command: 'logs.pause', keys: [' '], scope: 'logs', description: 'Pause / follow the stream' },
  { command: 'logs.errorsOnly', keys: ['e'], scope: 'logs', description: 'Errors only / every line' },
  {
    command: 'logs.view',
    keys: ['v'],
    scope: 'logs',
    description: 'Stream / grouped errors / per-source rates',
  },
  {
    command: 'logs.previous',
    keys: ['p'],
    scope: 'logs',
    description: "Previous logs of the line's container (crashed)",
  },
  {
    command: 'logs.openPod',
    keys: ['o'],
    scope: 'logs',
    description: "Open the line's pod in the pods pane",
  },
] as const satisfies readonly BindingSpec[];
