// `npm run package`: the single executable dist/warroom-<platform>-<arch> (Node's SEA). It embeds
// the Node that runs this script (scripts/env.sh: the project's one Node line, the one the tests
// run on) and one ESM bundle of src/cli.ts, with no file beside it: every subcommand and every
// dependency is in the bundle (no chunks; nothing outside it but Node's built-ins and the
// optional packages loaded inside a try: checkSelfContained), and files the code reads at run
// time travel as SEA assets (src/util/assets.ts lists them; readAsset() reads them from the
// executable, or from the package when run by Node).
// Start-up: V8's code cache for the bundle is built in (useCodeCache), see docs/BENCHMARKS.md.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASSETS } from '../src/util/assets.ts';
import { baseOptions, checkSelfContained, OPTIONAL, workerAssetOptions } from './bundle-options.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 25 || (major === 25 && minor < 5)) {
  console.error(`package: Node ${process.version} has no --build-sea (25.5+); run through scripts/env.sh`);
  process.exit(1);
}

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
  plugins: [...baseOptions.plugins, devtoolsStub],
  // require() reaches Node's built-ins only: never a package that happens to lie in a
  // node_modules near wherever the executable was copied (the optional ones fail as not found).
  banner: {
    js: [
      "import { createRequire as __wrCreateRequire, isBuiltin as __wrIsBuiltin } from 'node:module';",
      'const __wrRequire = __wrCreateRequire(import.meta.url);',
      'const require = (id) => {',
      '  if (__wrIsBuiltin(id)) return __wrRequire(id);',
      '  throw Object.assign(new Error(`Cannot find module ${JSON.stringify(id)} (not in the single executable)`), { code: "MODULE_NOT_FOUND" });',
      '};',
    ].join('\n'),
  },
});

checkSelfContained(result.metafile);
// The logs worker, one CommonJS file, embedded as the asset logs-worker.cjs.
checkSelfContained((await build({ ...workerAssetOptions, outdir: out })).metafile);

const target = `warroom-${process.platform}-${process.arch}`;
const config = {
  main: `${out}/warroom.mjs`,
  mainFormat: 'module',
  output: `${out}/${target}`,
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  // NODE_OPTIONS of the machine must not change how the console runs.
  execArgvExtension: 'none',
  assets: {
    ...Object.fromEntries(Object.entries(ASSETS).map(([name, file]) => [name, resolve(file)])),
    'logs-worker.cjs': `${out}/logs-worker.cjs`,
  },
};
writeFileSync(`${out}/sea-config.json`, JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--build-sea', `${out}/sea-config.json`], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
mkdirSync('dist', { recursive: true });
renameSync(`${out}/${target}`, `dist/${target}`);
rmSync(out, { recursive: true, force: true });
console.log(`dist/${target}`);
