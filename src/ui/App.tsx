// The live console: the shell (Shell.tsx) with the action palette and its runner, and the
// incident feature (keys, dialogs).
import { ActionsRoot } from '../actions/root.js';
import { IncidentRoot } from './incident/root.js';
import type { ConsoleFeatures } from './features.js';
import { overlays } from './overlays.js';
import { Shell, type ShellProps } from './Shell.js';

export type AppProps = ShellProps;

const LIVE: ConsoleFeatures = { roots: [ActionsRoot, IncidentRoot], overlays };

export function App(props: AppProps) {
  return <Shell {...props} features={LIVE} />;
}
