// The README's key table is generated from the keymap: this fails when they drift
// (fix with `npx tsx scripts/keys-md.ts`). And the README carries the two commands.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keysMarkdown } from '../../src/ui/keys-doc.js';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('key table matches the keymap', () => {
    const a = readme.indexOf('<!-- keys:start -->');
    const b = readme.indexOf('<!-- keys:end -->');
    expect(a).toBeGreaterThan(0);
    expect(readme.slice(a + '<!-- keys:start -->'.length, b).trim()).toBe(keysMarkdown().trim());
  });
  it('has the two commands, and .ci/run calls the test command', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
  });
});
