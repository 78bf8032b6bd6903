// Bundles src/cli.ts into dist/ with esbuild: one ESM bundle with production React starts in
// about half the time of unbundled ESM (see docs/BENCHMARKS.md). Heavy backend clients are
// imported dynamically by their sources, so esbuild splits them into chunks that load only
// when that backend is configured.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // ganache ships its own prebuilt bundle and native optional deps; pg-native is optional.
  external: ['ganache', 'pg-native', 'react-devtools-core', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __wrCreateRequire } from 'node:module'; const require = __wrCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
