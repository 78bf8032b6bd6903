// Keys of the incident feature (declare, note, status update…), filled in by src/incident/.
import type { Binding } from '../ui/keymap.js';

export const keys: Binding[] = [];
