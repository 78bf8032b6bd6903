import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // ink's Output, which its package does not export: the bundle routes it for src/ui/ink-output.ts
  // (scripts/bundle-options.mjs), the tests by this alias.
  resolve: {
    alias: {
      'ink/build/output.js': fileURLToPath(new URL('./node_modules/ink/build/output.js', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: e2e tests each run a console in tmux; keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
