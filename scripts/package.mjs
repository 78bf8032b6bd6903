// `npm run package`: the single executable dist/warroom-<platform>-<arch> (Node's SEA). It embeds
// the Node that runs this script (scripts/env.sh: the project's one Node line, the one the tests
// run on) and one ESM bundle of src/cli.ts, with no file beside it: every subcommand and every
// dependency is in the bundle (no chunks, no externals but Node's built-ins and the optional
// native helpers loaded inside a try), and files the code reads at run time travel as SEA assets
// (src/util/assets.ts lists them; readAsset() finds them in the executable or in dist/assets/).
// Start-up: V8's code cache for the bundle is built in (useCodeCache), see docs/BENCHMARKS.md.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASSETS } from '../src/util/assets.ts';
import { baseOptions } from './bundle-options.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 25 || (major === 25 && minor < 5)) {
  console.error(`package: Node ${process.version} has no --build-sea (25.5+); run through scripts/env.sh`);
  process.exit(1);
}

// Optional packages that are not installed or not wanted: each require() sits in a try and falls
// back (pg-native to pg's JavaScript client, ws's native helpers to JavaScript, debug's
// supports-color to its own detection). esbuild leaves an unresolvable require() in a try as is.
const OPTIONAL = new Set(['pg-native', 'bufferutil', 'utf-8-validate', 'supports-color']);
// ink imports react-devtools-core statically from the module it loads only when DEV=true and
// the package resolves (it does not, in the executable): a no-op stand-in keeps the import.
const devtoolsStub = {
  name: 'devtools-stub',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, (a) => ({ path: a.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

const out = resolve('dist.sea');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  ...baseOptions,
  entryPoints: { warroom: 'src/sea-main.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  splitting: false,
  minify: true,
  keepNames: true,
  external: [...OPTIONAL],
  plugins: [devtoolsStub],
  metafile: true,
});

// Anything left outside the bundle must be a built-in or an optional helper: in the executable,
// import and require reach nothing else.
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const escaped = new Set();
for (const o of Object.values(result.metafile.outputs))
  for (const i of o.imports)
    if (i.external && !builtins.has(i.path) && !OPTIONAL.has(i.path)) escaped.add(i.path);
if (escaped.size) {
  console.error(`package: not bundled, would be missing from the executable: ${[...escaped].join(', ')}`);
  process.exit(1);
}

const target = `warroom-${process.platform}-${process.arch}`;
const config = {
  main: `${out}/warroom.mjs`,
  mainFormat: 'module',
  output: `${out}/${target}`,
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  // NODE_OPTIONS of the machine must not change how the console runs.
  execArgvExtension: 'none',
  assets: Object.fromEntries(Object.entries(ASSETS).map(([name, file]) => [name, resolve(file)])),
};
writeFileSync(`${out}/sea-config.json`, JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--build-sea', `${out}/sea-config.json`], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
mkdirSync('dist', { recursive: true });
renameSync(`${out}/${target}`, `dist/${target}`);
rmSync(out, { recursive: true, force: true });
console.log(`dist/${target}`);
