// Cancel the running query of the selected backend (pg_cancel_backend).
import { singleBackendOp } from './single.js';

export const operation = singleBackendOp('cancel');
