// The RDS source: the configured instance polled the way `aws rds describe-db-instances
// --db-instance-identifier X` reads it, plus DescribeEvents (the last 24 hours) and
// DescribePendingMaintenanceActions, through @aws-sdk/client-rds with the SDK's default
// credential chain (environment, profile, SSO, instance role: never shown). A failed call is
// published as the snapshot's `error` with the last good instance kept, so that a denied or
// unreachable RDS API is one line in the Postgres pane and never marks the database failing.
// Storage used is not in the RDS API (RDS reports it as the CloudWatch metric
// FreeStorageSpace): the console shows the allocated storage and RDS's storage statuses.
import type { DBInstance, PendingModifiedValues, RDSClient } from '@aws-sdk/client-rds';
import type { Config } from '../../config/schema.js';
import { awsErrorText } from '../cdn/client.js';
import { pollSource, type Source } from '../source.js';
import type { RdsEventInfo, RdsInstanceInfo, RdsSnapshot } from './types.js';
import { RDS_SOURCE } from './types.js';

export type RdsConfig = NonNullable<NonNullable<Config['postgres']>['rds']>;

const EVENTS_WINDOW_MINUTES = 24 * 60;
/** Maintenance changes rarely: read it every this many polls. */
const MAINTENANCE_EVERY = 8;

export function rdsRegion(cfg: Pick<RdsConfig, 'region'>): string {
  return cfg.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

export async function rdsClient(cfg: RdsConfig): Promise<RDSClient> {
  const { RDSClient } = await import('@aws-sdk/client-rds');
  return new RDSClient({
    region: rdsRegion(cfg),
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 5000 },
  });
}

/** An RDS API failure in words, saying when the endpoint cannot be reached at all. */
export function rdsErrorText(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string };
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET/.test(`${e?.code ?? ''} ${e?.message ?? ''}`))
    return `RDS API unreachable: ${e?.message ?? e?.code}`;
  if (e?.name === 'TimeoutError' || e?.name === 'RequestTimeout') return 'RDS API did not answer in time';
  if (e?.name === 'DBInstanceNotFoundFault') return `no such DB instance: ${e.message ?? ''}`.trim();
  return awsErrorText(err);
}

/** PendingModifiedValues in words. */
export function pendingWords(p: PendingModifiedValues | undefined): string[] {
  if (!p) return [];
  const out: string[] = [];
  if (p.DBInstanceClass) out.push(`class ${p.DBInstanceClass}`);
  if (p.AllocatedStorage !== undefined) out.push(`storage ${p.AllocatedStorage} GiB`);
  if (p.MultiAZ !== undefined) out.push(`Multi-AZ ${p.MultiAZ ? 'on' : 'off'}`);
  if (p.EngineVersion) out.push(`engine ${p.EngineVersion}`);
  if (p.StorageType) out.push(`storage type ${p.StorageType}`);
  if (p.Iops !== undefined) out.push(`IOPS ${p.Iops}`);
  if (p.DBInstanceIdentifier) out.push(`rename to ${p.DBInstanceIdentifier}`);
  if (p.CACertificateIdentifier) out.push(`CA ${p.CACertificateIdentifier}`);
  if (p.PendingCloudwatchLogsExports) out.push('log exports');
  return out;
}

export function toInstance(i: DBInstance): RdsInstanceInfo {
  return {
    id: i.DBInstanceIdentifier ?? '?',
    status: i.DBInstanceStatus ?? 'unknown',
    instanceClass: i.DBInstanceClass ?? '?',
    engine: i.Engine ?? '?',
    engineVersion: i.EngineVersion ?? '',
    allocatedGiB: i.AllocatedStorage ?? 0,
    maxAllocatedGiB: i.MaxAllocatedStorage,
    storageType: i.StorageType,
    multiAZ: i.MultiAZ === true,
    availabilityZone: i.AvailabilityZone,
    secondaryAvailabilityZone: i.SecondaryAvailabilityZone,
    pending: pendingWords(i.PendingModifiedValues),
  };
}

export function rdsSource(cfg: RdsConfig): Source {
  let client: RDSClient | undefined;
  let polls = 0;
  let last: RdsSnapshot = { instanceId: cfg.instance, region: rdsRegion(cfg), events: [], maintenance: [] };

  const fetch = async (signal: AbortSignal): Promise<RdsSnapshot> => {
    const sdk = await import('@aws-sdk/client-rds');
    client ??= await rdsClient(cfg);
    const c = client;
    const readMaintenance = polls++ % MAINTENANCE_EVERY === 0;
    const opts = { abortSignal: signal as never };
    try {
      const [d, ev, m] = await Promise.all([
        c.send(new sdk.DescribeDBInstancesCommand({ DBInstanceIdentifier: cfg.instance }), opts),
        c.send(
          new sdk.DescribeEventsCommand({
            SourceIdentifier: cfg.instance,
            SourceType: 'db-instance',
            Duration: EVENTS_WINDOW_MINUTES,
          }),
          opts,
        ),
        readMaintenance
          ? c.send(
              new sdk.DescribePendingMaintenanceActionsCommand({
                Filters: [{ Name: 'db-instance-id', Values: [cfg.instance] }],
              }),
              opts,
            )
          : undefined,
      ]);
      const raw = d.DBInstances?.[0];
      const events: RdsEventInfo[] = (ev.Events ?? []).map((e) => ({
        at: e.Date ? new Date(e.Date).getTime() : 0,
        message: e.Message ?? '',
      }));
      const maintenance = m
        ? (m.PendingMaintenanceActions ?? []).flatMap((r) =>
            (r.PendingMaintenanceActionDetails ?? []).map((a) => {
              const when = a.ForcedApplyDate ?? a.AutoAppliedAfterDate;
              return `${a.Action ?? '?'}${when ? ` (${a.ForcedApplyDate ? 'forced' : 'auto-applied'} after ${new Date(when).toISOString().slice(0, 10)})` : ''}`;
            }),
          )
        : last.maintenance;
      last = {
        ...last,
        instance: raw ? toInstance(raw) : undefined,
        readAt: Date.now(),
        events,
        maintenance,
        error: raw ? undefined : `no such DB instance: ${cfg.instance}`,
      };
    } catch (err) {
      polls = 0; // read maintenance again on the first good poll
      last = { ...last, error: rdsErrorText(err) };
    }
    return last;
  };

  return pollSource({
    id: RDS_SOURCE,
    intervalMs: cfg.intervalMs,
    // Longer than the SDK's own timeouts (two attempts of 3 s connect + 5 s answer).
    timeoutMs: 20_000,
    fetch,
    close: () => {
      client?.destroy();
      client = undefined;
    },
  });
}
