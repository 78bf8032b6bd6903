// Fidelity of the CloudWatch Logs simulator, proven with the real clients: the AWS SDK v3
// (@aws-sdk/client-cloudwatch-logs) and the real AWS CLI v2 (`/usr/bin/aws`, installed by
// scripts/ensure-awscli.sh), including `aws logs tail --follow`.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { startCloudWatchSim, type CloudWatchSim } from '../../src/sim/cloudwatch/index.js';
import { compileFilter } from '../../src/sim/cloudwatch/filter.js';
import { awsCliEnv, findAwsCli, simClientOptions } from '../helpers/aws.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';
const HAVE_AWS = findAwsCli([AWS], /^aws-cli\/2\./) !== undefined;
const awsEnv = awsCliEnv('us-east-1');

let sim: CloudWatchSim;
let client: CloudWatchLogsClient;
beforeAll(async () => {
  sim = await startCloudWatchSim({ pageSize: 50 });
  client = new CloudWatchLogsClient(simClientOptions(sim.endpoint, 'us-east-1'));
});
afterAll(async () => {
  client.destroy();
  await sim.close();
});
afterEach(() => {
  sim.throttle(0);
  sim.expireCredentials(false);
});

describe('filter patterns', () => {
  it('matches terms, phrases, any-of, exclusions and JSON', () => {
    expect(compileFilter('ERROR')('x ERROR y')).toBe(true);
    expect(compileFilter('ERROR')('x error y')).toBe(false);
    expect(compileFilter('ERROR timeout')('ERROR db timeout')).toBe(true);
    expect(compileFilter('ERROR timeout')('ERROR db')).toBe(false);
    expect(compileFilter('"db timeout"')('ERROR db timeout')).toBe(true);
    expect(compileFilter('?ERROR ?FATAL')('FATAL x')).toBe(true);
    expect(compileFilter('ERROR -health')('ERROR /health')).toBe(false);
    expect(compileFilter('{ $.level = "error" }')('{"level":"error"}')).toBe(true);
    expect(compileFilter('{ $.level = "err*" }')('{"level":"error"}')).toBe(true);
    expect(compileFilter('{ $.status >= 500 }')('{"status":503}')).toBe(true);
    expect(compileFilter('{ $.status >= 500 }')('not json')).toBe(false);
  });
});

describe('with the AWS SDK v3', () => {
  it('creates, puts, describes and filters (paginated, interleaved, inclusive times)', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/app' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/sdk/app', logStreamName: 's1' }));
    const t0 = Date.now() - 60_000;
    await client.send(
      new PutLogEventsCommand({
        logGroupName: '/sdk/app',
        logStreamName: 's1',
        logEvents: Array.from({ length: 120 }, (_, i) => ({ timestamp: t0 + i, message: `line ${i}` })),
      }),
    );
    sim.putEvents('/sdk/app', 's2', [{ timestamp: t0 + 10, message: 'ERROR from s2' }]);
    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/sdk' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/sdk/app']);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateFilterLogEvents(
      { client },
      { logGroupName: '/sdk/app', startTime: t0 + 5 },
    )) {
      pages++;
      for (const e of page.events ?? []) seen.push(e.message!);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(116);
    expect(seen.indexOf('ERROR from s2')).toBe(6); // interleaved by timestamp across streams
    const f = await client.send(
      new FilterLogEventsCommand({
        logGroupName: '/sdk/app',
        filterPattern: 'ERROR',
        startTime: t0 + 10,
        endTime: t0 + 10,
      }),
    );
    expect(f.events?.map((e) => [e.message, e.logStreamName])).toEqual([['ERROR from s2', 's2']]);
    expect(f.events?.[0]?.eventId).toMatch(/^\d+$/);
  });

  it('answers AWS error shapes the SDK recognises', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: Error) => e,
      );
    const nf = await err(client.send(new FilterLogEventsCommand({ logGroupName: '/nope' })));
    expect(nf?.name).toBe('ResourceNotFoundException');
    expect(nf?.message).toBe('The specified log group does not exist.');
    sim.throttle(1);
    expect((await err(client.send(new DescribeLogGroupsCommand({}))))?.name).toBe('ThrottlingException');
    sim.expireCredentials(true);
    expect((await err(client.send(new DescribeLogGroupsCommand({}))))?.name).toBe('ExpiredTokenException');
    sim.expireCredentials('invalid');
    expect((await err(client.send(new DescribeLogGroupsCommand({}))))?.name).toBe(
      'UnrecognizedClientException',
    );
    sim.expireCredentials(false);
    const dup = await err(client.send(new CreateLogGroupCommand({ logGroupName: '/sdk/app' })));
    expect(dup?.name).toBe('ResourceAlreadyExistsException');
  });

  it('enforces a FilterLogEvents rate limit shared by all groups when asked', async () => {
    const limited = await startCloudWatchSim({ filterRateLimit: 2 });
    try {
      limited.putEvents('/a', 's', ['x']);
      const c = new CloudWatchLogsClient({
        endpoint: limited.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      });
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => c.send(new FilterLogEventsCommand({ logGroupName: '/a' }))),
      );
      c.destroy();
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});

describe.skipIf(!HAVE_AWS)('with the real AWS CLI v2 (/usr/bin/aws)', () => {
  const aws = (...args: string[]) =>
    run(AWS, ['--endpoint-url', sim.endpoint, '--output', 'json', ...args], { env: awsEnv, timeout: 60_000 });
  let tail: ChildProcess | undefined;
  afterEach(() => {
    tail?.kill('SIGKILL');
    tail = undefined;
  });

  it('describe-log-groups and filter-log-events (paginated by the CLI)', async () => {
    const t0 = Date.now() - 30_000;
    sim.putEvents(
      '/cli/app',
      'web-1',
      Array.from({ length: 130 }, (_, i) => ({
        timestamp: t0 + i,
        message: i % 10 ? `INFO ${i}` : `ERROR ${i}`,
      })),
    );
    const g = JSON.parse(
      (await aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/cli')).stdout,
    );
    expect(g.logGroups.map((x: { logGroupName: string }) => x.logGroupName)).toEqual(['/cli/app']);
    const all = JSON.parse((await aws('logs', 'filter-log-events', '--log-group-name', '/cli/app')).stdout);
    expect(all.events).toHaveLength(130);
    const errs = JSON.parse(
      (await aws('logs', 'filter-log-events', '--log-group-name', '/cli/app', '--filter-pattern', 'ERROR'))
        .stdout,
    );
    expect(errs.events.map((e: { message: string }) => e.message)).toEqual(
      Array.from({ length: 13 }, (_, i) => `ERROR ${i * 10}`),
    );
  });

  it('aws logs tail retries throttling and reports a missing group', async () => {
    sim.putEvents('/cli/throttled', 's', ['hello after throttling']);
    sim.throttle(2);
    const before = sim.requests.length;
    const out = await aws('logs', 'tail', '/cli/throttled', '--since', '1h');
    expect(out.stdout).toContain('hello after throttling');
    const mine = sim.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents');
    expect(mine.map((r) => r.error ?? 'ok')).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
    const missing = await aws('logs', 'tail', '/cli/missing').then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(missing).toContain('ResourceNotFoundException');
    sim.expireCredentials(true);
    const expired = await aws('logs', 'tail', '/cli/throttled').then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(expired).toContain('ExpiredTokenException');
  });

  it('aws logs tail --follow shows old events, then new ones once each', async () => {
    sim.putEvents('/cli/follow', 'pod-a', ['ERROR first event', 'INFO second event']);
    let out = '';
    tail = spawn(
      AWS,
      ['--endpoint-url', sim.endpoint, 'logs', 'tail', '/cli/follow', '--follow', '--format', 'short'],
      {
        // Python block-buffers a pipe: unbuffered so that lines arrive as the CLI prints them.
        env: { ...awsEnv, PYTHONUNBUFFERED: '1' },
      },
    );
    tail.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    tail.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(
      () => out,
      (s) => s.includes('INFO second event'),
      { timeoutMs: 20_000, what: 'initial events' },
    );
    // Same timestamp as the newest event and later: the CLI re-polls from the newest timestamp
    // and must drop ids it already showed.
    sim.putEvents('/cli/follow', 'pod-b', ['ERROR third event']);
    await waitFor(
      () => out,
      (s) => s.includes('ERROR third event'),
      { timeoutMs: 25_000, what: 'followed event' },
    );
    sim.putEvents('/cli/follow', 'pod-a', ['INFO fourth event']);
    await waitFor(
      () => out,
      (s) => s.includes('INFO fourth event'),
      { timeoutMs: 25_000, what: 'second followed event' },
    );
    for (const m of ['ERROR first event', 'INFO second event', 'ERROR third event', 'INFO fourth event'])
      expect(out.split(m).length - 1).toBe(1);
    const polls = sim.requests.filter(
      (r) => r.operation === 'FilterLogEvents' && r.logGroupName === '/cli/follow',
    );
    expect(polls.length).toBeGreaterThanOrEqual(3);
  }, 90_000);
});
