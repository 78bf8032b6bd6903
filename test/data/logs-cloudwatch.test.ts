// The CloudWatch logs source against the CloudWatch Logs simulator, through the real AWS SDK
// (default credential chain from the environment): several groups within one request budget,
// dedupe at the re-poll boundary, throttling, expired credentials, a missing group, bad input.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCloudWatchSim, type CloudWatchSim } from '../../src/sim/cloudwatch/index.js';
import { cloudwatchSource } from '../../src/data/logs/cloudwatch.js';
import { LogsHub } from '../../src/data/logs/hub.js';
import { LOGS_CLOUDWATCH, type LogsSnapshot } from '../../src/data/logs/types.js';
import { createAppStore, createBatcher, type AppStore } from '../../src/store/store.js';
import { SourceHub } from '../../src/data/source.js';
import { waitFor } from '../helpers/wait.js';

let sim: CloudWatchSim;
const saved = { ...process.env };
beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDSIMULATOR';
  process.env.AWS_SECRET_ACCESS_KEY = 'simulator-secret';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  sim = await startCloudWatchSim({ filterRateLimit: 5, pageSize: 100 });
});
afterAll(async () => {
  await sim.close();
  process.env = saved;
});

interface Running {
  store: AppStore;
  hub: SourceHub;
  logs: LogsHub;
  snap(): LogsSnapshot | undefined;
  state(): ReturnType<AppStore['getState']>['sources'][string] | undefined;
}
let running: Running | undefined;
afterEach(async () => {
  await running?.hub.stopAll();
  running?.logs.stop();
  running = undefined;
  sim.throttle(0);
  sim.expireCredentials(false);
});

function start(
  groups: string[],
  extra: { filterPattern?: string; requestsPerSecond?: number } = {},
): Running {
  const store = createAppStore();
  const batcher = createBatcher(store, 20);
  const hub = new SourceHub(batcher);
  const logs = new LogsHub({ bufferLines: 5000 }, 50);
  hub.add(
    cloudwatchSource(
      {
        region: 'us-east-1',
        endpoint: sim.endpoint,
        logGroups: groups,
        requestsPerSecond: extra.requestsPerSecond ?? 4,
        filterPattern: extra.filterPattern,
      },
      logs,
      { pollMs: 200, retryMs: 300, sinceMs: 60_000 },
    ),
    20_000,
  );
  running = {
    store,
    hub,
    logs,
    snap: () => store.getState().sources[LOGS_CLOUDWATCH]?.data as LogsSnapshot | undefined,
    state: () => store.getState().sources[LOGS_CLOUDWATCH],
  };
  return running;
}

const texts = (r: Running) =>
  r.logs.pipeline.tail({ errorsOnly: false, limit: 100_000, skip: 0 }).entries.map((e) => e.text);

describe('CloudWatch logs source', () => {
  it('follows several groups within one budget, drops duplicates at the boundary, reports a missing group', async () => {
    const ts = Date.now() - 5000;
    for (const g of ['/app/a', '/app/b', '/app/c'])
      sim.putEvents(
        g,
        'web-1',
        Array.from({ length: 150 }, (_, i) => ({
          timestamp: ts,
          message: `${i % 10 ? 'INFO' : 'ERROR'} ${g} #${i}`,
        })),
      );
    const before = sim.requests.length;
    const r = start(['/app/a', '/app/b', '/app/c', '/app/missing']);
    await waitFor(
      () => r.snap()?.totalLines ?? 0,
      (n) => n === 450,
      { what: '450 lines', timeoutMs: 15_000 },
    );
    // More events at the very same timestamp as the boundary, and later ones.
    sim.putEvents('/app/a', 'web-2', [{ timestamp: ts, message: 'ERROR late at boundary' }]);
    sim.putEvents('/app/b', 'web-1', ['ERROR brand new']);
    await waitFor(
      () => texts(r),
      (t) => t.includes('ERROR late at boundary') && t.includes('ERROR brand new'),
      { what: 'new events' },
    );
    await waitFor(
      () => r.snap()?.cloudwatch?.issues ?? [],
      (i) => i.some((x) => x.includes('/app/missing does not exist')),
      {
        what: 'missing group issue',
      },
    );
    await waitFor(
      () => r.snap()?.totalLines ?? 0,
      (n) => n === 452,
      { what: 'snapshot with 452 lines' },
    );
    const t = texts(r);
    expect(new Set(t).size).toBe(t.length); // no duplicates
    expect(t).toHaveLength(452);
    expect(r.snap()!.totalErrors).toBe(47);
    expect(r.state()?.status).toBe('ok');
    const mine = sim.requests.slice(before).filter((q) => q.operation === 'FilterLogEvents');
    // The simulator enforces 5 FilterLogEvents/s across all groups: the budget kept us under it.
    expect(mine.filter((q) => q.error === 'ThrottlingException')).toEqual([]);
    expect(new Set(mine.map((q) => q.logGroupName))).toEqual(
      new Set(['/app/a', '/app/b', '/app/c', '/app/missing']),
    );
    // Per-source error rates.
    const a = r.snap()!.perSource.find((s) => s.source === '/app/a')!;
    expect(a.lines).toBe(151);
    expect(a.errors).toBe(16);
  });

  it('backs off on throttling and carries on', async () => {
    sim.putEvents('/thr/a', 's', ['ERROR before throttling']);
    sim.throttle(4);
    const r = start(['/thr/a']);
    await waitFor(
      () => texts(r),
      (t) => t.includes('ERROR before throttling'),
      { what: 'line after throttling', timeoutMs: 20_000 },
    );
    const reqs = sim.requests.filter((q) => q.logGroupName === '/thr/a');
    expect(reqs.filter((q) => q.error === 'ThrottlingException')).toHaveLength(4);
    expect(r.state()?.status).toBe('ok');
  });

  it('fails in one line on expired credentials, and recovers', async () => {
    sim.putEvents('/cred/a', 's', ['INFO one']);
    const r = start(['/cred/a']);
    await waitFor(
      () => texts(r),
      (t) => t.includes('INFO one'),
      { what: 'first line' },
    );
    sim.expireCredentials(true);
    const st = await waitFor(
      () => r.state(),
      (s) => s?.status === 'error',
      { what: 'error status' },
    );
    expect(st!.error).toMatch(/ExpiredTokenException/);
    expect(st!.error).not.toMatch(/\n|at .*\.ts/);
    sim.expireCredentials(false);
    sim.putEvents('/cred/a', 's', ['INFO two']);
    await waitFor(
      () => r.state()?.status,
      (s) => s === 'ok',
      { what: 'recovered' },
    );
    await waitFor(
      () => texts(r),
      (t) => t.includes('INFO two'),
      { what: 'line after recovery' },
    );
  });

  it('passes the filter pattern and survives a 1 MB line, binary garbage and escape sequences', async () => {
    const big = `ERROR ${'x'.repeat(1024 * 1024)}`;
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x07]).toString('latin1');
    sim.putEvents('/bad/a', 's', [
      big,
      `ERROR ${garbage}`,
      'ERROR \x1b[2J\x1b[H cleared?',
      'INFO filtered out',
      'ERROR multi\n\tat frame.one(x.js:1)',
    ]);
    const r = start(['/bad/a'], { filterPattern: 'ERROR' });
    await waitFor(
      () => r.snap()?.totalLines ?? 0,
      (n) => n === 4,
      { what: '4 lines' },
    );
    const e = r.logs.pipeline.tail({ errorsOnly: false, limit: 10, skip: 0 }).entries;
    expect(e[0]!.text.length).toBeLessThan(20_000);
    expect(e[0]!.text).toContain('line cut');
    expect(e.map((x) => x.text)).not.toContain('INFO filtered out');
    expect(e[3]!.extra).toEqual(['\tat frame.one(x.js:1)']);
    const reqs = sim.requests.filter((q) => q.logGroupName === '/bad/a');
    expect(reqs.length).toBeGreaterThan(0);
  });

  it('without a region or endpoint problem: a clear one-line error', async () => {
    const store = createAppStore();
    const hub = new SourceHub(createBatcher(store, 20));
    const logs = new LogsHub({}, 50);
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    hub.add(
      cloudwatchSource(
        { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', logGroups: ['/x'], requestsPerSecond: 4 },
        logs,
        { pollMs: 100 },
      ),
      20_000,
    );
    running = {
      store,
      hub,
      logs,
      snap: () => undefined,
      state: () => store.getState().sources[LOGS_CLOUDWATCH],
    };
    const st = await waitFor(
      () => running!.state(),
      (s) => s?.status === 'error',
      { what: 'error' },
    );
    expect(st!.error).toBeTruthy();
    expect(st!.error!.split('\n')).toHaveLength(1);
  });
});
