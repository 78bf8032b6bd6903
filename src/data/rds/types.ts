// What the RDS source publishes: the configured instance as `aws rds describe-db-instances`
// shows it, its recent events and pending maintenance. An API failure (access denied,
// unreachable) is part of the data, with the last good instance kept: the Postgres pane shows
// it as one line and the database's own state is not marked failing because of it.
export const RDS_SOURCE = 'rds';

export interface RdsInstanceInfo {
  id: string;
  status: string;
  instanceClass: string;
  engine: string;
  engineVersion: string;
  allocatedGiB: number;
  maxAllocatedGiB?: number;
  storageType?: string;
  multiAZ: boolean;
  availabilityZone?: string;
  secondaryAvailabilityZone?: string;
  /** PendingModifiedValues in words: `class db.r6g.xlarge`, `storage 200 GiB`, `Multi-AZ on`. */
  pending: string[];
}

export interface RdsEventInfo {
  at: number;
  message: string;
}

export interface RdsSnapshot {
  instanceId: string;
  region: string;
  /** The last good DescribeDBInstances answer (kept while the API fails). */
  instance?: RdsInstanceInfo;
  /** When `instance` was read. */
  readAt?: number;
  /** Events of the last 24 hours, oldest first (DescribeEvents). */
  events: RdsEventInfo[];
  /** Pending maintenance actions: `system-update (auto-applied after 2026-12-20)`. */
  maintenance: string[];
  /** Why the last poll failed, in words (never a credential). */
  error?: string;
}

/** Statuses in which the instance serves normally; any other status is a problem. */
export const RDS_OK_STATUS = 'available';
