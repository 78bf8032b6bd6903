// `warroom example-config`: prints warroom.example.yaml (every key, with its default), so a
// machine that has only the single executable can start a configuration:
// `warroom example-config > warroom.yaml`. The file travels as an asset (src/util/assets.ts).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('example-config')
    .description(
      'print the documented example configuration (start one: warroom example-config > warroom.yaml)',
    )
    .action(async () => {
      const { readAsset } = await import('../util/assets.js');
      process.stdout.write(readAsset('warroom.example.yaml'));
    });
}
