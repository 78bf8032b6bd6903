// Subcommands, one file each (demo, sim, doctor, export, replay, incidents, declare, note, sync,
// errors, snapshot, example-config, completion). The single executable bundles every one listed here.
import type { Command } from 'commander';
import { register as snapshot } from './snapshot.js';
import { register as doctor } from './doctor.js';
import { register as exportCmd } from './export.js';
import { register as replay } from './replay.js';
import { register as incidents } from './incidents.js';
import { register as demo } from './demo.js';
import { register as sim } from './sim.js';
import { register as declare } from './declare.js';
import { register as note } from './note.js';
import { register as sync } from './sync.js';
import { register as errors } from './errors.js';
import { register as completion } from './completion.js';
import { register as exampleConfig } from './example-config.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  snapshot,
  doctor,
  exportCmd,
  replay,
  incidents,
  declare,
  note,
  sync,
  errors,
  sim,
  demo,
  exampleConfig,
  completion,
];
