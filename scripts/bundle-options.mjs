// esbuild options shared by the two builds: `scripts/build.mjs` (dist/cli.js, split into chunks,
// for Node and the npm package) and `scripts/package.mjs` (one file embedded in the single
// executable). Also what both embed at build time: the commit (`warroom --version`).
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { kubeClientSlimPlugin } from './kube-client-slim.mjs';

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

/**
 * Packages the bundle takes from a module of ours that wraps them (issue 15: each was a large
 * part of the first frame). The wrapper itself imports the real package (its imports are not
 * redirected).
 * - `string-width` (ink, wrap-ansi, cli-truncate, slice-ansi, ours): src/util/text-width.ts, the
 *   same widths without segmenting texts of one-cell characters (borders, dots, braille).
 * - `yoga-layout` (ink): src/ui/yoga-load.ts, the wasm decoded without loading undici.
 * - ink's `./output.js` as its renderer imports it (the grid a frame is drawn into):
 *   src/ui/ink-output.ts, whose text caches last from one frame to the next.
 * - zod's `../locales/index.js` (every locale, re-exported by its classic and core APIs): English only,
 *   src/config/zod-locales.ts.
 */
const SHIMS = new Map(
  Object.entries({
    'string-width': '../src/util/text-width.ts',
    'yoga-layout': '../src/ui/yoga-load.ts',
    '../locales/index.js': '../src/config/zod-locales.ts',
    './output.js': '../src/ui/ink-output.ts',
  }).map(([pkg, file]) => [pkg, fileURLToPath(new URL(file, import.meta.url))]),
);
const shimFiles = new Set(SHIMS.values());
const INK_OUTPUT = fileURLToPath(new URL('../node_modules/ink/build/output.js', import.meta.url));
const inkBuild = /[\\/]node_modules[\\/]ink[\\/]build[\\/]/;
export const shimsPlugin = {
  name: 'warroom-shims',
  setup(b) {
    b.onResolve({ filter: /^(string-width|yoga-layout)$/ }, (args) =>
      shimFiles.has(args.importer) ? undefined : { path: SHIMS.get(args.path) },
    );
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: SHIMS.get(args.path) }
        : undefined,
    );
    b.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
      inkBuild.test(args.importer) && args.importer.endsWith('renderer.js')
        ? { path: SHIMS.get(args.path) }
        : undefined,
    );
    // The shim's own import of the real file, which ink's package does not export.
    b.onResolve({ filter: /^ink\/build\/output\.js$/ }, () => ({ path: INK_OUTPUT }));
  },
};

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
  // Optional packages, not installed or not wanted: see OPTIONAL. react-devtools-core: ink loads
  // it only when DEV=true and it resolves (see package.mjs for the executable).
  external: ['pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  metafile: true,
  // CommonJS dependencies inside the ESM bundle call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __wrCreateRequire } from 'node:module'; const require = __wrCreateRequire(import.meta.url);",
  },
  // kubeClientSlimPlugin: @kubernetes/client-node's kubeconfig without its generated models
  // (scripts/kube-client-slim.mjs).
  plugins: [shimsPlugin, kubeClientSlimPlugin],
  logLevel: 'warning',
};

/**
 * The logs ingest worker as one CommonJS file (`logs-worker.cjs`): the single executable embeds it
 * as an asset and starts it from its text (`new Worker(code, { eval: true })`, which takes
 * CommonJS only); the pipeline it bundles has no top-level await.
 */
export const workerAssetOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node26',
  entryPoints: { 'logs-worker': 'src/data/logs/worker/worker.ts' },
  outExtension: { '.js': '.cjs' },
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
};

// Optional packages: each require() sits in a try and falls back (pg-native to pg's JavaScript
// client, ws's native helpers to JavaScript, debug's supports-color to its own detection).
// esbuild leaves an unresolvable require() in a try as it is.
export const OPTIONAL = new Set(['pg-native', 'bufferutil', 'utf-8-validate', 'supports-color']);

/**
 * Fails the build when the bundle imports anything but Node's built-ins and OPTIONAL (and the
 * `allowed` given): the npm package installs no dependencies (all are bundled, hence all are
 * devDependencies) and the single executable has nothing beside it.
 */
export function checkSelfContained(metafile, allowed = []) {
  const ok = new Set([...builtinModules.flatMap((m) => [m, `node:${m}`]), ...OPTIONAL, ...allowed]);
  const escaped = new Set();
  for (const o of Object.values(metafile.outputs))
    for (const i of o.imports) if (i.external && !ok.has(i.path)) escaped.add(i.path);
  if (escaped.size) {
    console.error(`build: not bundled, would be missing at run time: ${[...escaped].join(', ')}`);
    process.exit(1);
  }
}
