// Direct keys for actions, in the scope of the pane they act on: one binding per operation
// that declares a key (UPPERCASE letters; lowercase belongs to the panes). Help and the footer
// list them; ActionsRoot handles them for the focused pane.
import type { Binding } from '../ui/keymap.js';
import { operations } from '../ops/registry.js';

const RISK_MARK = { safe: '', disruptive: ' [disruptive]', destructive: ' [DESTRUCTIVE]' } as const;

export const keys: Binding[] = operations
  .filter((op) => op.key)
  .map((op) => ({
    command: `action.${op.id}`,
    keys: [op.key!.key],
    scope: op.key!.scope,
    description: `${op.title}${RISK_MARK[op.risk]}`,
    risk: op.risk,
  }));
