// The one keymap. Help (`?`), the footer, the palette and the README's key table are all
// generated from these bindings. Panes contribute their own bindings from
// src/panes/<pane>/keys.ts; test/unit/keymap.test.ts proves no two commands in one scope
// share a key and every command is described.
import { keys as incidentKeys } from './incident/keys.js';
import { paneActionKeys, paneKeys, type PaneCommand } from '../panes/keys.js';
import { keys as dialogKeys, scopeTitles as dialogScopeTitles } from './dialog/keys.js';
import {
  keys as incidentDialogKeys,
  dialogScopeTitles as incidentDialogScopeTitles,
} from './incident/dialog-keys.js';
import { keys as replayKeys } from './replay/keys.js';

export type Scope = 'global' | 'list' | 'dialog' | string;

/** What a file of bindings declares (`as const satisfies readonly BindingSpec[]`, ids kept literal). */
export interface BindingSpec {
  readonly command: string;
  readonly keys: readonly string[];
  readonly scope: Scope;
  readonly description: string;
  /** A few words for the footer (default: the description up to its first parenthesis). */
  readonly short?: string;
  /** For action keys: the operation's risk (the footer and help tag it from here). */
  readonly risk?: 'safe' | 'disruptive' | 'destructive';
}
/** The command ids of a list of bindings. */
export type CommandOf<T extends readonly BindingSpec[]> = T[number]['command'];

/** An action's key: `action.<operation id>` (bound in src/panes/<pane>/keys.ts). */
export type ActionCommand = `action.${string}`;

/** Every command id: a typed union the compiler checks (a misspelt id in a handler fails). */
export type Command =
  | CommandOf<typeof globalKeys>
  | CommandOf<typeof listKeys>
  | CommandOf<typeof incidentKeys>
  | CommandOf<typeof dialogKeys>
  | CommandOf<typeof incidentDialogKeys>
  | CommandOf<typeof replayKeys>
  | PaneCommand
  | ActionCommand;

export interface Binding extends BindingSpec {
  readonly command: Command;
}

export const globalKeys = [
  {
    command: 'app.quit',
    keys: ['q', 'ctrl+c'],
    scope: 'global',
    description: 'Quit (the incident journal is already on disk)',
    short: 'quit',
  },
  {
    command: 'focus.next',
    keys: ['tab'],
    scope: 'global',
    description: 'Focus the next pane',
    short: 'next pane',
  },
  { command: 'focus.prev', keys: ['shift+tab'], scope: 'global', description: 'Focus the previous pane' },
  {
    command: 'focus.pane',
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
    scope: 'global',
    description: 'Focus pane by number',
  },
  {
    command: 'pane.zoom',
    keys: ['z', 'enter'],
    scope: 'global',
    description: 'Zoom the focused pane / back to the grid',
    short: 'zoom',
  },
  {
    command: 'layout.mode',
    keys: ['m'],
    scope: 'global',
    description: 'Cycle the layout: grid / status board / zoom',
    short: 'layout',
  },
  { command: 'app.help', keys: ['?'], scope: 'global', description: 'Show or hide this help' },
  { command: 'app.back', keys: ['escape'], scope: 'global', description: 'Close help / leave zoom' },
  {
    command: 'palette.open',
    keys: [':', 'ctrl+p'],
    scope: 'global',
    description: 'Open the action palette',
    short: 'actions',
  },
] as const satisfies readonly BindingSpec[];

export const listKeys = [
  { command: 'list.down', keys: ['j', 'down'], scope: 'list', description: 'Next row' },
  { command: 'list.up', keys: ['k', 'up'], scope: 'list', description: 'Previous row' },
  { command: 'list.pageDown', keys: ['pagedown', 'ctrl+d'], scope: 'list', description: 'Page down' },
  { command: 'list.pageUp', keys: ['pageup', 'ctrl+u'], scope: 'list', description: 'Page up' },
  { command: 'list.top', keys: ['g', 'home'], scope: 'list', description: 'First row' },
  { command: 'list.bottom', keys: ['G', 'end'], scope: 'list', description: 'Last row' },
  {
    command: 'list.filter',
    keys: ['/'],
    scope: 'list',
    description: 'Filter rows by text (Esc clears)',
    short: 'filter',
  },
  { command: 'list.sort', keys: ['s'], scope: 'list', description: 'Sort by the next column' },
  { command: 'list.reverse', keys: ['S'], scope: 'list', description: 'Reverse the sort' },
] as const satisfies readonly BindingSpec[];

export const keymap: Binding[] = [
  ...globalKeys,
  ...incidentKeys,
  ...listKeys,
  ...paneKeys,
  ...paneActionKeys,
  ...dialogKeys,
  ...incidentDialogKeys,
  ...replayKeys,
];

/**
 * A dialog's scope ('dialog', 'dialog.<name>'): a dialog consumes every key, so its bindings are
 * never live beside the global, list or pane keys and may reuse their keys.
 */
export function isDialogScope(scope: Scope): boolean {
  return scope === 'dialog' || scope.startsWith('dialog.');
}

const SCOPE_TITLES: Record<string, string> = {
  global: 'everywhere',
  list: 'any list',
  ...dialogScopeTitles,
  ...incidentDialogScopeTitles,
};
/** What help and the README call a scope: 'everywhere', 'any list', a dialog's name, a pane id. */
export function scopeTitle(scope: Scope): string {
  return SCOPE_TITLES[scope] ?? scope;
}

/** The scopes in keymap order, each with its bindings (help and the README's table). */
export function bindingsByScope(): { scope: Scope; bindings: Binding[] }[] {
  const scopes = [...new Set(keymap.map((b) => b.scope))];
  return scopes.map((scope) => ({ scope, bindings: keymap.filter((b) => b.scope === scope) }));
}

const index = new Map<string, Map<string, Command>>();
function indexBinding(b: Binding) {
  let m = index.get(b.scope);
  if (!m) index.set(b.scope, (m = new Map()));
  for (const k of b.keys) if (!m.has(k)) m.set(k, b.command);
}
for (const b of keymap) indexBinding(b);

/**
 * Adds bindings after start (tests bind keys to the operations they add to the registry);
 * returns what takes them away again.
 */
export function addBindings(bindings: Binding[]): () => void {
  keymap.push(...bindings);
  for (const b of bindings) indexBinding(b);
  return () => {
    for (const b of bindings) keymap.splice(keymap.indexOf(b), 1);
    index.clear();
    for (const b of keymap) indexBinding(b);
  };
}

/** The command a key means in a scope, if any. */
export function commandFor(scope: Scope, key: string): Command | undefined {
  return index.get(scope)?.get(key);
}

/** The key that runs `command` in `scope`, if one does. */
export function keyFor(scope: Scope, command: Command): string | undefined {
  return keymap.find((b) => b.scope === scope && b.command === command)?.keys[0];
}

export function bindingsFor(scope: Scope): Binding[] {
  return keymap.filter((b) => b.scope === scope);
}

export function keyLabel(b: Binding): string {
  if (b.command === 'focus.pane') return '1-9,0';
  return b.keys
    .map((k) =>
      k === ' ' ? 'Space' : k.replace('shift+tab', 'S-Tab').replace('ctrl+', '^').replace('escape', 'Esc'),
    )
    .join('/');
}
