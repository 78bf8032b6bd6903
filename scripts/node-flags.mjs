// The Node flags the console runs with, read from the one place they are written: the shebang
// of bin/warroom (`#!/usr/bin/env -S node FLAGS`). The single executable embeds them as its
// execArgv (scripts/package.mjs), and the tests and benches that start `node bin/warroom` pass
// them (test/helpers/tmux.ts), so that every way of running the console runs it the same way.
import { readFileSync } from 'node:fs';

export function launcherFlags() {
  const first = readFileSync(new URL('../bin/warroom', import.meta.url), 'utf8').split('\n', 1)[0];
  const m = /^#!\/usr\/bin\/env -S node((?: --[a-z-]+(?:=\S+)?)*)$/.exec(first);
  if (!m) throw new Error(`bin/warroom: unexpected shebang ${JSON.stringify(first)}`);
  return m[1].split(' ').filter(Boolean);
}
