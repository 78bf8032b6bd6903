// Fidelity of the RDS simulator, proven with the real clients: @aws-sdk/client-rds and the
// real AWS CLI (`aws rds describe-db-instances` / `describe-events` /
// `describe-pending-maintenance-actions`; CLI v2 at /usr/bin/aws from scripts/ensure-awscli.sh,
// else the `aws` on PATH: both speak the query protocol the same way).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  DescribePendingMaintenanceActionsCommand,
  RDSClient,
  paginateDescribeDBInstances,
} from '@aws-sdk/client-rds';
import { startRdsSim, type RdsSim } from '../../src/sim/rds/index.js';
import { awsCliEnv, findAwsCli, simClientOptions } from '../helpers/aws.js';

const run = promisify(execFile);
const AWS = findAwsCli(['/usr/bin/aws', 'aws']);
const awsEnv = awsCliEnv('eu-west-1', { AWS_MAX_ATTEMPTS: '1' });
const GiB = 1024 ** 3;

let sim: RdsSim;
let client: RDSClient;
beforeAll(async () => {
  sim = await startRdsSim({ region: 'eu-west-1' });
  sim.addInstance({ id: 'prod-postgres', instanceClass: 'db.r6g.large', allocatedGiB: 100, multiAZ: true });
  sim.addInstance({ id: 'staging-postgres' });
  client = new RDSClient(simClientOptions(sim.endpoint, 'eu-west-1'));
});
afterAll(async () => {
  client.destroy();
  await sim.close();
});
afterEach(() => sim.fault(false));

const fails = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => e,
  );

describe('with @aws-sdk/client-rds', () => {
  it('describes one instance, filters, and pages', async () => {
    const one = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod-postgres' }));
    const i = one.DBInstances![0]!;
    expect(i).toMatchObject({
      DBInstanceIdentifier: 'prod-postgres',
      DBInstanceStatus: 'available',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'postgres',
      AllocatedStorage: 100,
      MultiAZ: true,
      SecondaryAvailabilityZone: 'eu-west-1b',
      DBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:prod-postgres',
      Endpoint: { Port: 5432 },
    });
    expect(i.InstanceCreateTime).toBeInstanceOf(Date);
    const byFilter = await client.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ['staging-postgres'] }] }),
    );
    expect(byFilter.DBInstances?.map((x) => x.DBInstanceIdentifier)).toEqual(['staging-postgres']);
    for (let n = 0; n < 25; n++) sim.addInstance({ id: `bulk-${String(n).padStart(2, '0')}` });
    let pages = 0;
    const ids: string[] = [];
    for await (const page of paginateDescribeDBInstances({ client, pageSize: 20 }, {})) {
      pages++;
      ids.push(...(page.DBInstances ?? []).map((x) => x.DBInstanceIdentifier!));
    }
    expect(pages).toBe(2);
    expect(ids).toHaveLength(27);
    expect(new Set(ids).size).toBe(27);
  });

  it('reports status, pending modifications and RDS events as the state changes', async () => {
    sim.modify('prod-postgres', { DBInstanceClass: 'db.r6g.xlarge', AllocatedStorage: 200 });
    let i = (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod-postgres' })))
      .DBInstances![0]!;
    expect(i.DBInstanceStatus).toBe('modifying');
    expect(i.PendingModifiedValues).toEqual({ DBInstanceClass: 'db.r6g.xlarge', AllocatedStorage: 200 });
    sim.finishModify('prod-postgres');
    i = (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod-postgres' })))
      .DBInstances![0]!;
    expect([i.DBInstanceStatus, i.DBInstanceClass, i.AllocatedStorage]).toEqual([
      'available',
      'db.r6g.xlarge',
      200,
    ]);
    expect(i.PendingModifiedValues).toEqual({});
    sim.setUsedStorage('prod-postgres', 185 * GiB);
    sim.setUsedStorage('prod-postgres', 200 * GiB);
    i = (await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod-postgres' })))
      .DBInstances![0]!;
    expect(i.DBInstanceStatus).toBe('storage-full');
    const ev = await client.send(
      new DescribeEventsCommand({
        SourceIdentifier: 'prod-postgres',
        SourceType: 'db-instance',
        Duration: 60,
      }),
    );
    const msgs = ev.Events!.map((e) => e.Message!);
    expect(msgs).toEqual([
      'Applying modification to database instance class',
      'Applying modification to allocated storage',
      'Finished applying modification to DB instance class',
      'Finished applying modification to allocated storage',
      expect.stringMatching(/^The free storage capacity for DB instance: prod-postgres is low at 8% /),
      'Allocated storage has been exhausted. Allocate additional storage to resolve the issue.',
    ]);
    expect(ev.Events![0]!.Date).toBeInstanceOf(Date);
    const low = await client.send(
      new DescribeEventsCommand({
        SourceIdentifier: 'prod-postgres',
        SourceType: 'db-instance',
        EventCategories: ['low storage'],
      }),
    );
    expect(low.Events).toHaveLength(2);
    sim.addEvent('prod-postgres', 'an old event', ['notification'], new Date(Date.now() - 3 * 3_600_000));
    const lastHour = await client.send(
      new DescribeEventsCommand({ SourceIdentifier: 'prod-postgres', SourceType: 'db-instance' }),
    );
    expect(lastHour.Events!.map((e) => e.Message)).not.toContain('an old event');
    const since = await client.send(
      new DescribeEventsCommand({
        SourceIdentifier: 'prod-postgres',
        SourceType: 'db-instance',
        StartTime: new Date(Date.now() - 4 * 3_600_000),
      }),
    );
    expect(since.Events![0]!.Message).toBe('an old event');
    sim.setUsedStorage('prod-postgres', 10 * GiB);
    sim.update('prod-postgres', { instanceClass: 'db.r6g.large', allocatedGiB: 100 });
  });

  it('answers RDS error shapes the SDK recognises', async () => {
    const nf = await fails(client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })));
    expect(nf?.name).toBe('DBInstanceNotFoundFault');
    expect(nf?.message).toBe('DBInstance nope not found.');
    expect(nf?.$metadata?.httpStatusCode).toBe(404);
    const combo = await fails(client.send(new DescribeEventsCommand({ SourceIdentifier: 'prod-postgres' })));
    expect(combo?.name).toBe('InvalidParameterCombination');
    const few = await fails(client.send(new DescribeDBInstancesCommand({ MaxRecords: 5 })));
    expect(few?.name).toBe('InvalidParameterValue');
    sim.fault('denied');
    const denied = await fails(client.send(new DescribeDBInstancesCommand({})));
    expect(denied?.name).toBe('AccessDenied');
    expect(denied?.$metadata?.httpStatusCode).toBe(403);
    expect(denied?.message).toContain('not authorized to perform: rds:DescribeDBInstances');
    sim.fault('expired');
    expect((await fails(client.send(new DescribeDBInstancesCommand({}))))?.name).toBe('ExpiredToken');
  });

  it('lists pending maintenance by instance', async () => {
    sim.addMaintenance('prod-postgres', {
      action: 'system-update',
      description: 'New Operating System update is available',
      autoAppliedAfter: new Date('2026-12-20T05:00:00Z'),
    });
    const r = await client.send(
      new DescribePendingMaintenanceActionsCommand({
        Filters: [{ Name: 'db-instance-id', Values: ['prod-postgres'] }],
      }),
    );
    expect(r.PendingMaintenanceActions).toEqual([
      {
        ResourceIdentifier: 'arn:aws:rds:eu-west-1:123456789012:db:prod-postgres',
        PendingMaintenanceActionDetails: [
          {
            Action: 'system-update',
            Description: 'New Operating System update is available',
            AutoAppliedAfterDate: new Date('2026-12-20T05:00:00Z'),
          },
        ],
      },
    ]);
    const none = await client.send(
      new DescribePendingMaintenanceActionsCommand({
        ResourceIdentifier: 'arn:aws:rds:eu-west-1:123456789012:db:staging-postgres',
      }),
    );
    expect(none.PendingMaintenanceActions).toEqual([]);
    sim.clearMaintenance('prod-postgres');
  });
});

describe.skipIf(!AWS)('with the real AWS CLI', () => {
  const aws = (...args: string[]) =>
    run(AWS!, ['--endpoint-url', sim.endpoint, '--output', 'json', ...args], {
      env: awsEnv,
      timeout: 60_000,
    });
  const awsErr = (...args: string[]) =>
    aws(...args).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );

  it('aws rds describe-db-instances --db-instance-identifier (the runbook command)', async () => {
    sim.setStatus('staging-postgres', 'rebooting');
    const out = JSON.parse(
      (await aws('rds', 'describe-db-instances', '--db-instance-identifier', 'staging-postgres')).stdout,
    );
    expect(out.DBInstances).toHaveLength(1);
    expect(out.DBInstances[0]).toMatchObject({
      DBInstanceIdentifier: 'staging-postgres',
      DBInstanceStatus: 'rebooting',
      DBInstanceClass: 'db.t3.medium',
      AllocatedStorage: 20,
      MultiAZ: false,
      PendingModifiedValues: {},
      Endpoint: { Address: 'staging-postgres.c9akciq32.eu-west-1.rds.amazonaws.com', Port: 5432 },
    });
    sim.setStatus('staging-postgres', 'available');
    const q = await aws(
      'rds',
      'describe-db-instances',
      '--filters',
      'Name=db-instance-id,Values=prod-postgres,staging-postgres',
      '--query',
      'DBInstances[].[DBInstanceIdentifier,DBInstanceStatus]',
      '--output',
      'text',
    );
    expect(q.stdout.trim().split('\n')).toEqual(['prod-postgres\tavailable', 'staging-postgres\tavailable']);
    // The CLI pages by itself (MaxRecords/Marker): every instance once.
    const all = JSON.parse((await aws('rds', 'describe-db-instances', '--page-size', '20')).stdout);
    const ids: string[] = all.DBInstances.map(
      (x: { DBInstanceIdentifier: string }) => x.DBInstanceIdentifier,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('bulk-24');
    expect(await awsErr('rds', 'describe-db-instances', '--db-instance-identifier', 'gone')).toMatch(
      /DBInstanceNotFound.*DBInstance gone not found/,
    );
    sim.fault('denied');
    expect(await awsErr('rds', 'describe-db-instances')).toMatch(/AccessDenied/);
  }, 90_000);

  it('aws rds describe-events and describe-pending-maintenance-actions', async () => {
    sim.setStatus('staging-postgres', 'rebooting');
    sim.setStatus('staging-postgres', 'available');
    const out = JSON.parse(
      (
        await aws(
          'rds',
          'describe-events',
          '--source-type',
          'db-instance',
          '--source-identifier',
          'staging-postgres',
          '--duration',
          '30',
        )
      ).stdout,
    );
    const mine = out.Events.map((e: { Message: string }) => e.Message);
    expect(mine.slice(-2)).toEqual(['DB instance shutdown', 'DB instance restarted']);
    expect(out.Events[0]).toMatchObject({ SourceType: 'db-instance', EventCategories: ['availability'] });
    expect(out.Events[0].Date).toMatch(/^\d{4}-\d\d-\d\dT/);
    sim.addMaintenance('staging-postgres', { action: 'db-upgrade', description: 'Upgrade to 16.6' });
    const m = JSON.parse((await aws('rds', 'describe-pending-maintenance-actions')).stdout);
    expect(m.PendingMaintenanceActions).toEqual([
      {
        ResourceIdentifier: 'arn:aws:rds:eu-west-1:123456789012:db:staging-postgres',
        PendingMaintenanceActionDetails: [{ Action: 'db-upgrade', Description: 'Upgrade to 16.6' }],
      },
    ]);
    sim.clearMaintenance('staging-postgres');
  }, 60_000);
});
