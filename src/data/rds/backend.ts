// RDS backend: enabled by postgres.rds.instance; one polling source. @aws-sdk/client-rds is
// loaded only when the source starts (the AWS SDK is heavy).
import type { Backend } from '../backend.js';
import { rdsSource } from './source.js';
import { RDS_SOURCE } from './types.js';

export const backend: Backend = {
  id: 'rds',
  sources: [RDS_SOURCE],
  hint: 'postgres.rds.instance in warroom.yaml',
  configured: (c) => !!c.postgres?.rds,
  async start({ config, hub }) {
    const cfg = config.postgres!.rds!;
    hub.add(rdsSource(cfg), cfg.intervalMs * 3 + 30_000);
  },
};
