// Files the code reads at run time (a worker's entry, a .wasm, a template): list them here, by
// name → path from the package root, and read them with readAsset(name). The single executable
// embeds each as an SEA asset (scripts/package.mjs) and readAsset reads it from there; from the
// npm package or a checkout it reads the file itself (package.json "files" must ship it).
// Never read such a file by a path beside the code: the executable has nothing beside it.
// scripts/package.mjs imports this file through Node's type stripping: erasable TypeScript only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';

export const ASSETS: Readonly<Record<string, string>> = {
  'warroom.example.yaml': 'warroom.example.yaml',
  /** The logs ingest worker as one CommonJS file (scripts/bundle-options.mjs workerAssetOptions). */
  'logs-worker.cjs': 'dist/logs-worker.cjs',
};

export class AssetError extends Error {}

/** The directory holding package.json above this module (dist/… or src/util/…). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new AssetError('the package root (package.json) was not found');
    dir = up;
  }
  return dir;
}

export function readAsset(name: string): Buffer {
  const file = ASSETS[name];
  if (file === undefined) throw new AssetError(`no asset ${JSON.stringify(name)} (src/util/assets.ts)`);
  if (isSea()) return Buffer.from(getAsset(name));
  return readFileSync(join(packageRoot(), file));
}
