// The configuration for a command line run: loaded, or a one-line error and exit code 2. Its own
// module so that src/cli.ts loads the loader (zod, yaml) only once the arguments are parsed.
import { ConfigError, loadConfig, type CliOverrides } from './load.js';

export function configOrExit(opts: CliOverrides) {
  try {
    return loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`warroom: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
