// Files read at run time (src/util/assets.ts): read from the package when run by Node (the
// single executable's embedded copies are tested by test/e2e/package.e2e.test.ts), and each
// one shipped by the npm package.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSETS, AssetError, readAsset } from '../../src/util/assets.js';

describe('assets', () => {
  it('reads each listed file from the package', () => {
    for (const [name, file] of Object.entries(ASSETS)) {
      expect(existsSync(file), file).toBe(true);
      expect(readAsset(name).equals(readFileSync(file))).toBe(true);
    }
  });

  it('an unknown name is a clear error', () => {
    expect(() => readAsset('nope.wasm')).toThrow(AssetError);
    expect(() => readAsset('nope.wasm')).toThrow(/no asset "nope.wasm"/);
  });

  it('the npm package ships every asset (package.json "files")', () => {
    const files = (JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }).files;
    for (const file of Object.values(ASSETS)) {
      const shipped = files.some(
        (f) =>
          f === file ||
          file.startsWith(`${f}/`) ||
          (f.includes('*') && new RegExp(`^${f.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(file)),
      );
      expect(shipped, file).toBe(true);
    }
  });
});
