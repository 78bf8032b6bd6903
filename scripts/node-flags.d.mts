/** The Node flags of bin/warroom's shebang (see node-flags.mjs). */
export function launcherFlags(): string[];
