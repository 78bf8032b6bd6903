// Terminate the selected backend (pg_terminate_backend).
import { singleBackendOp } from './single.js';

export const operation = singleBackendOp('terminate');
