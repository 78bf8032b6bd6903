// What `warroom --version`, `--help` and a bad flag load before the arguments are parsed: the
// entry chunk of the real build (scripts/bundle-options.mjs) and every chunk it imports
// statically. Commander and the subcommands' options only; the config loader (zod, yaml), the
// UI (ink, react) and the backend clients load when a command or the console runs (issue 15).
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { baseOptions } from '../../scripts/bundle-options.mjs';

describe('command line start-up', () => {
  it('loads no config loader, UI or backend client before parsing the arguments', async () => {
    const result = await build({
      ...baseOptions,
      entryPoints: { cli: 'src/cli.ts' },
      outdir: 'dist-test-lazy',
      splitting: true,
      write: false,
      minify: false,
      logLevel: 'silent',
      // Only the static graph matters: what is imported dynamically stays out of this build.
      plugins: [
        {
          name: 'dynamic-imports-external',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (a) =>
              a.kind === 'dynamic-import' ? { external: true } : undefined,
            );
          },
        },
      ],
    });
    const outputs = result.metafile!.outputs;
    const entry = Object.keys(outputs).find((k) => k.endsWith('/cli.js'))!;
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && !i.external) walk(i.path);
    };
    walk(entry);
    const inputs = [...seen].flatMap((f) => Object.keys(outputs[f]!.inputs));
    const pkgs = new Set(inputs.map((i) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(i)?.[1]).filter(Boolean));
    expect([...pkgs]).toEqual(['commander']);
    for (const heavy of ['src/config/load.ts', 'src/config/schema.ts', 'src/ui/run.tsx'])
      expect(inputs).not.toContain(heavy);
  });
});
