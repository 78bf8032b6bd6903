// Terminate every query running longer than N minutes.
import { bulkTerminateOp } from './bulk.js';

export const operation = bulkTerminateOp('long');
