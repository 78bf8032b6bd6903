import { scoped } from '../../ui/bindings.js';

// The logs pane's own keys (scope 'logs'). Scrolling (j/k, PgUp/PgDn, g/G) and the `/` regex
// filter come from the shared list keys.
export const keys = scoped('logs', [
  ['logs.pause', [' '], 'Pause / follow the stream'],
  ['logs.errorsOnly', ['e'], 'Errors only / every line'],
  ['logs.view', ['v'], 'Stream / grouped errors / per-source rates'],
  ['logs.previous', ['p'], "Previous logs of the line's container (crashed)"],
  ['logs.openPod', ['o'], "Open the line's pod in the pods pane"],
]);
