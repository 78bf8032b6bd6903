// Direct keys for actions, in the scope of the pane they act on: one binding per operation
// that declares a key (UPPERCASE letters; lowercase belongs to the panes). Help and the footer
// list them; ActionsRoot handles them for the focused pane.
import type { ActionCommand, Binding } from '../ui/keymap.js';
import type { Config } from '../config/schema.js';
import { opById, operations } from '../ops/registry.js';

const RISK_MARK = { safe: '', disruptive: ' [disruptive]', destructive: ' [DESTRUCTIVE]' } as const;

export const keys: Binding[] = operations
  .filter((op) => op.key)
  .map((op) => ({
    command: `action.${op.id}` as ActionCommand,
    keys: [op.key!.key],
    scope: op.key!.scope,
    description: `${op.title}${RISK_MARK[op.risk]}`,
    risk: op.risk,
  }));

/**
 * Whether an action key is refused by the read-only settings of this config (`--read-only` /
 * `actions.readOnly` for every mutating action, `kubernetes.readOnly` for the Kubernetes ones):
 * the footer marks such keys before anyone presses them. The runner decides, this only shows.
 */
export function refusedByConfig(command: string, config: Config | undefined): boolean {
  if (!command.startsWith('action.') || !config) return false;
  const op = opById(command.slice('action.'.length));
  if (!op || op.risk === 'safe') return false;
  return !!config.actions?.readOnly || (op.backend === 'kubernetes' && !!config.kubernetes?.readOnly);
}
