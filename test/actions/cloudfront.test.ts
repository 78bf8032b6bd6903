// The CloudFront simulator with the real clients (SDK and the aws CLI), and the invalidation
// action against it: the invalidation really exists afterwards; 403 and a wrong distribution
// are reported in words; cancelling sends no mutating request.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { startCloudFrontSim, type CloudFrontSim } from '../../src/sim/cloudfront.js';
import { operation as invalidate } from '../../src/data/cdn/ops/invalidate.js';
import { envFor, refuseConfirm, typingConfirm, runOp } from './helpers.js';
import { SIM_AWS_ENV } from '../helpers/aws.js';
import { setEffectSink } from '../../src/ops/effects/port.js';
import type { EffectResult } from '../../src/ops/effects/follower.js';
import { createAppStore } from '../../src/store/store.js';

const run = promisify(execFile);
let sim: CloudFrontSim;
const DIST = 'E2SIMDIST0001';
const creds = SIM_AWS_ENV;

beforeAll(async () => {
  Object.assign(process.env, creds);
  sim = await startCloudFrontSim({ distributions: [DIST] });
});
afterAll(async () => {
  await sim.close();
});

const env = () =>
  envFor({ actions: { cdn: { distributionId: DIST, endpoint: sim.endpoint, region: 'us-east-1' } } });

describe('CloudFront simulator', () => {
  it('answers the SDK: create, get (completes), list', async () => {
    const c = new CloudFrontClient({ region: 'us-east-1', endpoint: sim.endpoint });
    const r = await c.send(
      new CreateInvalidationCommand({
        DistributionId: DIST,
        InvalidationBatch: { CallerReference: 'sdk-1', Paths: { Quantity: 2, Items: ['/a', '/b/*'] } },
      }),
    );
    expect(r.Invalidation?.Status).toBe('InProgress');
    expect(r.Location).toContain(`/invalidation/${r.Invalidation!.Id}`);
    const g = await c.send(new GetInvalidationCommand({ DistributionId: DIST, Id: r.Invalidation!.Id! }));
    expect(g.Invalidation?.Status).toBe('Completed');
    expect(g.Invalidation?.InvalidationBatch?.Paths?.Items).toEqual(['/a', '/b/*']);
    const l = await c.send(new ListInvalidationsCommand({ DistributionId: DIST }));
    expect(l.InvalidationList?.Items?.map((i) => i.Id)).toContain(r.Invalidation!.Id);
    await expect(
      c.send(
        new CreateInvalidationCommand({
          DistributionId: 'ENOPE',
          InvalidationBatch: { CallerReference: 'x', Paths: { Quantity: 1, Items: ['/a'] } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchDistribution' });
    c.destroy();
  });

  it('answers the aws CLI with --endpoint-url', async () => {
    const { stdout } = await run(
      'aws',
      [
        'cloudfront',
        'create-invalidation',
        '--distribution-id',
        DIST,
        '--paths',
        '/cli/*',
        '--endpoint-url',
        sim.endpoint,
        '--output',
        'json',
      ],
      { env: { ...process.env, ...creds } },
    );
    const out = JSON.parse(stdout) as {
      Invalidation: { Id: string; InvalidationBatch: { Paths: { Items: string[] } } };
    };
    expect(out.Invalidation.InvalidationBatch.Paths.Items).toEqual(['/cli/*']);
    expect(sim.invalidations.some((i) => i.id === out.Invalidation.Id)).toBe(true);
  });
});

describe('cdn.invalidate', () => {
  it('creates a real invalidation after the distribution id is typed', async () => {
    const e = env();
    const target = invalidate.appliesTo({}, e)!;
    const confirm = typingConfirm();
    const before = sim.invalidations.length;
    const res = await runOp(invalidate, target, { paths: '/index.html /assets/*' }, e, { confirm });
    expect(res.outcome).toBe('succeeded');
    expect(confirm.asked[0]!.requireName).toBe(DIST);
    expect(res.plan!.command).toBe(
      `aws cloudfront create-invalidation --distribution-id ${DIST} --paths /index.html '/assets/*' --endpoint-url ${sim.endpoint}`,
    );
    expect(sim.invalidations.length).toBe(before + 1);
    expect(sim.invalidations.at(-1)!.paths).toEqual(['/index.html', '/assets/*']);
  });

  it('follows the invalidation until CloudFront says Completed: its effect', async () => {
    const e = { ...env(), store: createAppStore() };
    e.config.incident = { naming: 'SEV', effectSettleSeconds: 0.2, effectDeadlineSeconds: 10 };
    const written: EffectResult[] = [];
    setEffectSink(e.store, { accepts: () => true, write: (r) => void written.push(r) });
    try {
      const target = invalidate.appliesTo({}, e)!;
      const res = await runOp(invalidate, target, { paths: '/index.html' }, e);
      expect(res.outcome).toBe('succeeded');
      const r = await res.effect!;
      expect(r.verdict, r.text).toBe('effective');
      expect(r.text).toMatch(
        new RegExp(`^invalidate ${DIST}: CDN InProgress → invalidation \\S+ Completed within \\d+ s$`),
      );
      expect(written).toHaveLength(1);
    } finally {
      setEffectSink(e.store, undefined);
    }
  });

  it('cancelled: no mutating request reaches the simulator', async () => {
    const e = env();
    const before = sim.mutations().length;
    const target = invalidate.appliesTo({}, e)!;
    const res = await runOp(invalidate, target, { paths: '/x' }, e, { confirm: refuseConfirm });
    expect(res.outcome).toBe('cancelled');
    expect(sim.mutations().length).toBe(before);
  });

  it('403 and a wrong distribution are reported in words', async () => {
    const e = env();
    sim.deny(true);
    try {
      const target = invalidate.appliesTo({}, e)!;
      const res = await runOp(invalidate, target, { paths: '/x' }, e);
      expect(res.outcome).toBe('failed');
      expect(res.detail).toMatch(/access denied \(403\)/);
    } finally {
      sim.deny(false);
    }
    const wrong = envFor({ actions: { cdn: { distributionId: 'EWRONG', endpoint: sim.endpoint } } });
    const t2 = invalidate.appliesTo({}, wrong)!;
    const r2 = await runOp(invalidate, t2, { paths: '/x' }, wrong);
    expect(r2.outcome).toBe('failed');
    expect(r2.detail).toMatch(/no such distribution/);
  });
});
