// Direct keys for actions. Each pane binds its own, in its src/panes/<pane>/keys.ts, to operation
// ids (UPPERCASE letters; lowercase belongs to the pane's own commands): `actionKeys('deployments',
// { U: 'kubernetes.rollout-undo' })`. Help and the footer list them with the operation's title and
// risk; ActionsRoot runs them for the focused pane.
import type { ActionCommand, Binding } from '../ui/keymap.js';
import type { Config } from '../config/schema.js';
import { opById } from '../ops/registry.js';

const RISK_MARK = { safe: '', disruptive: ' [disruptive]', destructive: ' [DESTRUCTIVE]' } as const;

/** The bindings of a pane's action keys; an unknown operation id fails at start (and in tests). */
export function actionKeys(scope: string, byKey: Record<string, string>): Binding[] {
  return Object.entries(byKey).map(([key, id]) => {
    const op = opById(id);
    if (!op) throw new Error(`the ${scope} pane binds ${key} to ${id}, which is no operation`);
    return {
      command: `action.${id}` as ActionCommand,
      keys: [key],
      scope,
      description: `${op.title}${RISK_MARK[op.risk]}`,
      risk: op.risk,
    };
  });
}

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

/**
 * Whether an action key acts on a backend that is not configured (`configured`: the ids the
 * console started, the store's `backends` slice): the footer leaves such keys out (the health
 * pane's CloudFront invalidation without CloudFront). Help still lists them.
 */
export function unconfiguredAction(command: string, configured: readonly string[] | undefined): boolean {
  if (!command.startsWith('action.') || !configured) return false;
  const op = opById(command.slice('action.'.length));
  return !!op && !configured.includes(op.backend);
}
