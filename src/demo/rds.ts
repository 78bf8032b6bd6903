// The drill's RDS instance: prod-postgres as the runbook's `aws rds describe-db-instances
// --db-instance-identifier prod-postgres` shows it (available, Multi-AZ), with the events of
// a recent class change and a pending OS update, so the Postgres pane has its RDS lines.
import type { RdsSim } from '../sim/rds/index.js';
import { RDS_INSTANCE } from './config.js';

export function populateRds(rds: RdsSim): void {
  rds.addInstance({
    id: RDS_INSTANCE,
    instanceClass: 'db.r6g.large',
    engineVersion: '16.4',
    allocatedGiB: 100,
    maxAllocatedGiB: 200,
    multiAZ: true,
    dbName: 'linkdao',
  });
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const change = ['configuration change'];
  rds.addEvent(RDS_INSTANCE, 'Applying modification to database instance class', change, ago(200));
  rds.addEvent(RDS_INSTANCE, 'Finished applying modification to DB instance class', change, ago(185));
  rds.addEvent(RDS_INSTANCE, 'Backing up DB instance', ['backup'], ago(95));
  rds.addEvent(RDS_INSTANCE, 'Finished DB instance backup', ['backup'], ago(88));
  rds.addMaintenance(RDS_INSTANCE, {
    action: 'system-update',
    description: 'New Operating System update is available',
    autoAppliedAfter: new Date(Date.now() + 14 * 86_400_000),
  });
}
