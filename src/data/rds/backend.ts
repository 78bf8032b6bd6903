// RDS backend: enabled by postgres.rds.instance; one polling source. @aws-sdk/client-rds is
// loaded only when the source starts (the AWS SDK is heavy).
import { oneSourceBackend } from '../backend.js';
import { rdsSource } from './source.js';
import { RDS_SOURCE } from './types.js';

export const backend = oneSourceBackend(
  { id: 'rds', source: RDS_SOURCE, hint: 'postgres.rds.instance in warroom.yaml' },
  (c) => c.postgres?.rds,
  (cfg) => [rdsSource(cfg), cfg.intervalMs * 3 + 30_000],
);
