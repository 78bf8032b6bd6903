// Bundles src/cli.ts into dist/ with esbuild: one ESM bundle with production React starts in
// about half the time of unbundled ESM (see docs/BENCHMARKS.md). Heavy backend clients are
// imported dynamically by their backends, so esbuild splits them into chunks that load only
// when that backend is configured. Every dependency is in the bundle (checkSelfContained), so
// the npm package has no dependencies to install. The new build is swapped in atomically-ish (rename), so a
// console already running from dist/ keeps working while another build happens; a single
// executable built by `npm run package` (dist/warroom-*) is carried over into the new dist/.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { baseOptions, checkSelfContained, workerAssetOptions } from './bundle-options.mjs';

const tmp = `dist.build-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
const result = await build({
  ...baseOptions,
  // The logs ingest worker is an entry of its own: src/data/logs/worker/client.ts starts
  // dist/logs-worker.js (next to the chunk that holds the client).
  entryPoints: { cli: 'src/cli.ts', 'logs-worker': 'src/data/logs/worker/worker.ts' },
  outdir: tmp,
  splitting: true,
  sourcemap: 'linked',
  minify: false,
});
checkSelfContained(result.metafile, ['react-devtools-core']);
// The worker as the single executable runs it (an asset, src/util/assets.ts), shipped too.
checkSelfContained((await build({ ...workerAssetOptions, outdir: tmp })).metafile);
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) {
  renameSync('dist', old);
  for (const f of readdirSync(old)) if (f.startsWith('warroom-')) renameSync(`${old}/${f}`, `${tmp}/${f}`);
}
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
