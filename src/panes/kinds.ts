// Which kind of object each pane's rows are (src/ops/operation.ts ObjectKind): the selection
// carries the kind, operations test the kind and never the pane, and the palette's target picker
// names the pane that shows the objects an action needs. A pane whose rows are not objects an
// action can act on (events, top, chain, timeline, logs) is not listed.
import type { ObjectKind } from '../ops/operation.js';

const PANE_OF_KIND: Record<ObjectKind, string> = {
  deployment: 'deployments',
  pod: 'pods',
  'pg-session': 'postgres',
  'redis-key': 'redis',
  endpoint: 'health',
};

const KIND_OF_PANE = new Map<string, ObjectKind>(
  Object.entries(PANE_OF_KIND).map(([kind, pane]) => [pane, kind as ObjectKind]),
);

/** The kind of object the rows of `pane` are, if they are objects actions act on. */
export function objectKindOf(pane: string): ObjectKind | undefined {
  return KIND_OF_PANE.get(pane);
}

/** The pane that lists objects of `kind`. */
export function paneOfKind(kind: ObjectKind): string {
  return PANE_OF_KIND[kind];
}
