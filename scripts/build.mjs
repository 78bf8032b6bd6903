// Bundles src/cli.ts into dist/ with esbuild: one ESM bundle with production React starts in
// about half the time of unbundled ESM (see docs/BENCHMARKS.md). Heavy backend clients are
// imported dynamically by their backends, so esbuild splits them into chunks that load only
// when that backend is configured. The new build is swapped in atomically-ish (rename), so a
// console already running from dist/ keeps working while another build happens.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';

const tmp = `dist.build-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await build({
  // The logs ingest worker is an entry of its own: src/data/logs/worker/client.ts starts
  // dist/logs-worker.js (next to the chunk that holds the client).
  entryPoints: { cli: 'src/cli.ts', 'logs-worker': 'src/data/logs/worker/worker.ts' },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Prefer packages' ESM builds: a dynamically imported CommonJS build (e.g. the AWS SDK's)
  // loses its named exports in the bundle. ioredis has no ESM build: see src/data/redis/client.ts.
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // pg-native is optional (pg works without it); the rest are optional deps of ink and ws.
  external: ['pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __wrCreateRequire } from 'node:module'; const require = __wrCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
