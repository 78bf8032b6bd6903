// The README's key table, generated from the one keymap (scripts/keys-md.ts writes it;
// test/unit/readme.test.ts fails when the README drifts from the keymap).
import { bindingsByScope, keyLabel, scopeTitle } from './keymap.js';

export function keysMarkdown(): string {
  const lines = ['| where | keys | what |', '| --- | --- | --- |'];
  for (const { scope, bindings } of bindingsByScope()) {
    const where = scopeTitle(scope).replace(/\|/g, '\\|');
    for (const b of bindings) {
      lines.push(
        `| ${where} | \`${keyLabel(b).replace(/\|/g, '\\|')}\` | ${b.description.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  return lines.join('\n');
}
