// Rewrites the key-binding table in README.md from src/ui/keymap.ts: `npx tsx scripts/keys-md.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { keysMarkdown } from '../src/ui/keys-doc.ts';

const START = '<!-- keys:start -->';
const END = '<!-- keys:end -->';
const readme = readFileSync('README.md', 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < 0) throw new Error('README.md has no keys markers');
writeFileSync('README.md', `${readme.slice(0, a + START.length)}\n${keysMarkdown()}\n${readme.slice(b)}`);
