// The README's key table, generated from the one keymap (scripts/keys-md.ts writes it;
// test/unit/readme.test.ts fails when the README drifts from the keymap).
import { keymap, keyLabel } from './keymap.js';

export function keysMarkdown(): string {
  const scopes = [...new Set(keymap.map((b) => b.scope))];
  const lines = ['| where | keys | what |', '| --- | --- | --- |'];
  for (const scope of scopes) {
    const where = scope === 'global' ? 'everywhere' : scope === 'list' ? 'any list' : scope;
    for (const b of keymap.filter((x) => x.scope === scope)) {
      lines.push(
        `| ${where} | \`${keyLabel(b).replace(/\|/g, '\\|')}\` | ${b.description.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  return lines.join('\n');
}
