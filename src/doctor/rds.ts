// RDS: credentials from the default chain, the configured instance exists and
// DescribeDBInstances / DescribeEvents are allowed on it; a status other than available warns.
import type { Config } from '../config/schema.js';
import { rdsClient, rdsErrorText } from '../data/rds/source.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

function fixFor(err: unknown): string | undefined {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  if (/Credential|Token|Signature|InvalidClientTokenId/i.test(name))
    return 'refresh the AWS credentials (aws sso login, or the instance role)';
  if (/AccessDenied/i.test(name) || e?.$metadata?.httpStatusCode === 403)
    return 'allow rds:DescribeDBInstances, rds:DescribeEvents and rds:DescribePendingMaintenanceActions';
  if (name === 'DBInstanceNotFoundFault') return 'check postgres.rds.instance and postgres.rds.region';
  return undefined;
}

export async function checkRds(config: Config, push: Push): Promise<void> {
  const cfg = config.postgres!.rds!;
  const { DescribeDBInstancesCommand, DescribeEventsCommand } = await import('@aws-sdk/client-rds');
  const client = await rdsClient(cfg);
  const check = `instance ${cfg.instance}`;
  try {
    const d = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: cfg.instance }));
    const i = d.DBInstances?.[0];
    const status = i?.DBInstanceStatus ?? 'unknown';
    push({
      check,
      level: status === 'available' ? 'ok' : 'warn',
      detail: `${status} · ${i?.DBInstanceClass ?? '?'} · ${i?.AllocatedStorage ?? '?'} GiB · ${i?.MultiAZ ? 'Multi-AZ' : 'Single-AZ'}`,
      ...(status === 'available'
        ? {}
        : { fix: 'the instance is not available: see its events in the Postgres pane' }),
      required: true,
    });
  } catch (err) {
    push({ check, level: 'fail', detail: rdsErrorText(err), fix: fixFor(err), required: true });
    client.destroy();
    return;
  }
  try {
    await client.send(
      new DescribeEventsCommand({ SourceIdentifier: cfg.instance, SourceType: 'db-instance', Duration: 60 }),
    );
    push({ check: 'DescribeEvents', level: 'ok', detail: 'allowed', required: false });
  } catch (err) {
    push({
      check: 'DescribeEvents',
      level: 'warn',
      detail: rdsErrorText(err),
      fix: fixFor(err),
      required: false,
    });
  } finally {
    client.destroy();
  }
}
