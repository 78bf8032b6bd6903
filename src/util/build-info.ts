// What `warroom --version` tells: the version, the commit embedded at build time (esbuild's
// define in scripts/bundle-options.mjs; "source" when run unbundled, e.g. by tsx or vitest) and
// whether this process is the single executable (Node's SEA, `npm run package`) or a script
// run by a Node on the machine.
import { isSea } from 'node:sea';

declare const __WARROOM_COMMIT__: string | undefined;

export const COMMIT: string = typeof __WARROOM_COMMIT__ === 'string' ? __WARROOM_COMMIT__ : 'source';

export type Runtime = 'single executable' | 'node';

export function runtime(): Runtime {
  return isSea() ? 'single executable' : 'node';
}

/** e.g. "warroom 0.2.0 (commit 1a2b3c4d5e6f, single executable with Node v26.10.0)". */
export function versionText(version: string): string {
  const how =
    runtime() === 'single executable'
      ? `single executable with Node ${process.version}`
      : `Node ${process.version} at ${process.execPath}`;
  return `warroom ${version} (commit ${COMMIT}, ${how})`;
}
