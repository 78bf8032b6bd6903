import { describe, expect, it } from 'vitest';
import { commandFor, isDialogScope, keymap, type Command } from '../../src/ui/keymap.js';
import { panes } from '../../src/panes/registry.js';

describe('the one keymap', () => {
  it('command ids are a typed union: the compiler rejects a misspelt one (tsc checks this file)', () => {
    const ok: Command[] = ['list.down', 'app.quit', 'incident.note', 'pods.describe', 'action.redis.flushdb'];
    // @ts-expect-error not a command: a typo in a handler fails the typecheck
    const typo: Command = 'list.dwn';
    expect(ok.every((c) => keymap.some((b) => b.command === c) || c.startsWith('action.'))).toBe(true);
    expect(typo).toBe('list.dwn');
    expect(commandFor('list', 'j')).toBe('list.down');
  });
  it('every command is described and bound', () => {
    for (const b of keymap) {
      expect(b.description.length, b.command).toBeGreaterThan(3);
      expect(b.keys.length, b.command).toBeGreaterThan(0);
    }
  });
  it('no two commands share a key where both are live: a pane scope with the list and global keys', () => {
    const scopes = new Set(keymap.map((b) => b.scope));
    const live = (scope: string) => {
      const pane = panes.find((p) => p.scope === scope);
      const inScope = ['global', scope];
      if (pane?.list) inScope.push('list');
      return keymap.filter((b) => inScope.includes(b.scope));
    };
    for (const scope of scopes) {
      if (scope === 'global' || scope === 'list' || isDialogScope(scope)) continue;
      const seen = new Map<string, string>();
      for (const b of live(scope)) {
        for (const k of b.keys) {
          const prev = seen.get(k);
          // a pane may deliberately take Enter (it then does not zoom)
          if (
            prev &&
            prev !== b.command &&
            !(k === 'enter' && (b.scope !== 'global' || prev === 'pane.zoom'))
          ) {
            throw new Error(`key '${k}' is bound to both ${prev} and ${b.command} in scope ${scope}`);
          }
          seen.set(k, b.command);
        }
      }
    }
    const globalSeen = new Map<string, string>();
    for (const b of keymap.filter((x) => x.scope === 'global' || x.scope === 'list')) {
      for (const k of b.keys) {
        const prev = globalSeen.get(k);
        expect(prev === undefined || prev === b.command, `key '${k}': ${prev} vs ${b.command}`).toBe(true);
        globalSeen.set(k, b.command);
      }
    }
  });
});
