// esbuild options shared by the two builds: `scripts/build.mjs` (dist/cli.js, split into chunks,
// for Node and the npm package) and `scripts/package.mjs` (one file embedded in the single
// executable). Also what both embed at build time: the commit (`warroom --version`).
import { execFileSync } from 'node:child_process';

/** The commit being built: $WARROOM_COMMIT, else git's short hash (+ "-dirty"), else "unknown". */
export function buildCommit() {
  if (process.env.WARROOM_COMMIT) return process.env.WARROOM_COMMIT;
  try {
    const git = (...args) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const hash = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${hash}-dirty` : hash;
  } catch {
    return 'unknown';
  }
}

export const baseOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node26',
  // Prefer packages' ESM builds: a dynamically imported CommonJS build (e.g. the AWS SDK's)
  // loses its named exports in the bundle. ioredis has no ESM build: see src/data/redis/client.ts.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  define: {
    'process.env.NODE_ENV': '"production"',
    __WARROOM_COMMIT__: JSON.stringify(buildCommit()),
  },
  // pg-native is optional (pg works without it); bufferutil and utf-8-validate are optional
  // deps of ws; each is loaded with require() inside a try. react-devtools-core: see package.mjs.
  external: ['pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  // CommonJS dependencies inside the ESM bundle call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __wrCreateRequire } from 'node:module'; const require = __wrCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
