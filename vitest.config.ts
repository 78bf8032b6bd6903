import { defineConfig } from 'vitest/config';

export default defineConfig({
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
