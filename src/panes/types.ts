// What a pane is: a component that renders inside a frame the shell draws, the sources its
// title reports on, and the keymap scope of its own keys.
import type { ComponentType } from 'react';

export interface PaneProps {
  /** Inner size (inside the border, below the title line). */
  width: number;
  height: number;
  focused: boolean;
}

export interface PaneDef {
  id: string;
  title: string;
  /** The source ids this pane shows; the first one that is configured drives the title. */
  sources: string[];
  /** Keymap scope of the pane's own keys (footer and help list them when focused). */
  scope: string;
  /** Its lines are long (logs): the grid gives it the whole width when it has a problem. */
  wide?: boolean;
  /** Whether the pane uses the shared list keys. */
  list?: boolean;
  component: ComponentType<PaneProps>;
}

/** A pane whose keymap scope is its id (every pane's is). */
export function definePane(
  id: string,
  title: string,
  sources: string[],
  component: ComponentType<PaneProps>,
  more: Pick<PaneDef, 'list' | 'wide'> = {},
): PaneDef {
  return { id, title, sources, scope: id, ...more, component };
}
