// Subcommands, one file each (demo, sim, doctor, export, incidents, snapshot as they land).
import type { Command } from 'commander';
import { register as snapshot } from './snapshot.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [snapshot];
