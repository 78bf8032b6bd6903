// What start-up loads, as the real build (scripts/bundle-options.mjs) bundles it statically:
// `warroom --version`, `--help` and a bad flag load commander and the subcommands' options only
// (the config loader with zod and yaml, the UI and each subcommand's work load when they run);
// the console's first frame loads no backend client (the Kubernetes client alone is 15 MB of
// bundle: each loads when its backend starts), and the Kubernetes backend starts with the
// kubeconfig and raw HTTP of client-node, without its generated models and API classes (the
// typed clients load when an operation or doctor needs them). Issue 15.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { baseOptions } from '../../scripts/bundle-options.mjs';

/** What is imported dynamically stays out of a build of the static graph. */
const dynamicExternal = {
  name: 'dynamic-imports-external',
  setup(b: import('esbuild').PluginBuild) {
    b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { external: true } : undefined));
  },
};

/**
 * The inputs of `entry`'s static import graph as the real build bundles it (with `dynamic`, its
 * dynamic imports too). A package's files read `node_modules/…` also where node_modules is a
 * link (esbuild names them by their real path).
 */
async function staticGraph(entry: string, dynamic = false): Promise<string[]> {
  const result = await build({
    ...baseOptions,
    entryPoints: { main: entry },
    outdir: 'dist-test-lazy',
    splitting: true,
    write: false,
    minify: false,
    logLevel: 'silent',
    plugins: [...baseOptions.plugins, ...(dynamic ? [] : [dynamicExternal])],
  });
  return Object.values(result.metafile!.outputs)
    .flatMap((o) => Object.keys(o.inputs))
    .map((i) => i.replace(/^(\.\.\/)+.*?node_modules\//, 'node_modules/'));
}

const packages = (inputs: string[]) =>
  [...new Set(inputs.map((i) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(i)?.[1]).filter(Boolean))].sort();

describe('start-up loads only what it draws', () => {
  it('the command line loads no config loader, UI or backend client before parsing the arguments', async () => {
    const inputs = await staticGraph('src/cli.ts');
    expect(packages(inputs)).toEqual(['commander']);
    for (const heavy of ['src/config/load.ts', 'src/config/schema.ts', 'src/ui/run.tsx'])
      expect(inputs).not.toContain(heavy);
  });

  it('the console loads no backend client before a backend starts', async () => {
    const pkgs = packages(await staticGraph('src/ui/run.tsx'));
    for (const client of [
      '@kubernetes/client-node',
      'undici',
      'pg',
      'ioredis',
      '@ioredis/commands',
      'ws',
      'ethers',
      '@aws-sdk/client-cloudwatch-logs',
    ])
      expect(pkgs).not.toContain(client);
  });

  it('the console draws through our shims: widths, ink frames, yoga without fetch, zod in English', async () => {
    const inputs = await staticGraph('src/ui/run.tsx');
    for (const shim of ['src/util/text-width.ts', 'src/ui/ink-output.ts', 'src/ui/yoga-load.ts'])
      expect(inputs).toContain(shim);
    // The real packages stay underneath their shims.
    expect(inputs).toContain('node_modules/ink/build/output.js');
    expect(inputs).toContain('node_modules/string-width/index.js');
    const config = await staticGraph('src/config/load.ts');
    expect(config).toContain('src/config/zod-locales.ts');
    expect(config.filter((i) => i.includes('zod/v4/locales/'))).toEqual([
      'node_modules/zod/v4/locales/en.js',
    ]);
  });

  it('the Kubernetes backend starts without the generated models and API classes', async () => {
    const inputs = await staticGraph('src/data/kubernetes/start.ts');
    const kube = inputs.filter((i) => i.includes('node_modules/@kubernetes/client-node/'));
    expect(kube).toContain('node_modules/@kubernetes/client-node/dist/config.js');
    expect(kube).toContain('node_modules/@kubernetes/client-node/dist/gen/http/http.js');
    // config.js's import of gen/index.js goes to the two names it uses (scripts/kube-client-slim.mjs).
    expect(inputs).toContain('kube-client-slim:gen-index-slim.js');
    for (const heavy of [
      'dist/index.js',
      'dist/gen/index.js',
      'dist/gen/models/',
      'dist/gen/apis/',
      'dist/gen/types/',
    ])
      expect(kube.filter((i) => i.includes(`client-node/${heavy}`))).toEqual([]);
  });

  it('the typed clients still load the whole package when asked for', async () => {
    const inputs = await staticGraph('src/data/kubernetes/connection.ts', true);
    expect(inputs).toContain('node_modules/@kubernetes/client-node/dist/index.js');
    expect(inputs).toContain('node_modules/@kubernetes/client-node/dist/gen/index.js');
    // One config.js, shared by the start chunk and the package index.
    expect(inputs.filter((i) => i.endsWith('client-node/dist/config.js'))).toHaveLength(1);
  });
});
