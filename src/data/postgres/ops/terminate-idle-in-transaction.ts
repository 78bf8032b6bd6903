// Terminate every session idle in transaction longer than N seconds.
import { bulkTerminateOp } from './bulk.js';

export const operation = bulkTerminateOp('idle');
