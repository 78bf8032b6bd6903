// Entry point of the single executable (scripts/package.mjs): what bin/warroom is to the npm
// package, without its Node version check (the executable carries its own Node).
import { main } from './cli.js';

await main(process.argv.slice(2));
