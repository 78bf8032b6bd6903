// The CloudFront simulator's read side with the real aws CLI (`get-distribution`,
// `list-invalidations`, `get-invalidation`) and the console's status source with the real SDK:
// the distribution's Status (Deployed / InProgress), the newest invalidations first with their
// paths, and a denied API kept as one line with the last status.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { CDN_SOURCE, cdnStatusSource, type CdnSnapshot } from '../../src/data/cdn/status.js';
import { SourceHub } from '../../src/data/source.js';
import { cdnLines } from '../../src/panes/health/cdn.js';
import { startCloudFrontSim, type CloudFrontSim } from '../../src/sim/cloudfront.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { SIM_AWS_ENV } from '../helpers/aws.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
const DIST = 'E2STATUSDIST01';
const creds = SIM_AWS_ENV;
let sim: CloudFrontSim;
let client: CloudFrontClient;
beforeAll(async () => {
  Object.assign(process.env, creds);
  sim = await startCloudFrontSim({ distributions: [DIST], completeAfterReads: 2 });
  client = new CloudFrontClient({ region: 'us-east-1', endpoint: sim.endpoint });
});
afterAll(async () => {
  client.destroy();
  await sim.close();
});

const invalidate = (ref: string, paths: string[]) =>
  client.send(
    new CreateInvalidationCommand({
      DistributionId: DIST,
      InvalidationBatch: { CallerReference: ref, Paths: { Quantity: paths.length, Items: paths } },
    }),
  );
const aws = async (...args: string[]) =>
  JSON.parse(
    (
      await run('aws', [...args, '--endpoint-url', sim.endpoint, '--output', 'json'], {
        env: { ...process.env, ...creds, AWS_PAGER: '' },
        timeout: 60_000,
      })
    ).stdout,
  );

describe('CloudFront status', () => {
  it('the aws CLI reads the status and the newest invalidations first', async () => {
    const first = await invalidate('cli-a', ['/index.html']);
    const second = await invalidate('cli-b', ['/assets/*', '/app.js']);
    sim.setDistributionStatus(DIST, 'InProgress');
    const d = await aws('cloudfront', 'get-distribution', '--id', DIST);
    expect(d.Distribution).toMatchObject({
      Id: DIST,
      Status: 'InProgress',
      InProgressInvalidationBatches: 2,
    });
    expect(d.ETag).toMatch(/^E/);
    const l = await aws('cloudfront', 'list-invalidations', '--distribution-id', DIST);
    expect(l.InvalidationList.Items.map((i: { Id: string }) => i.Id)).toEqual([
      second.Invalidation!.Id,
      first.Invalidation!.Id,
    ]);
    expect(l.InvalidationList.Items[0].Status).toBe('InProgress');
    const g = await aws(
      'cloudfront',
      'get-invalidation',
      '--distribution-id',
      DIST,
      '--id',
      second.Invalidation!.Id!,
    );
    expect(g.Invalidation.InvalidationBatch.Paths.Items).toEqual(['/assets/*', '/app.js']);
    sim.setDistributionStatus(DIST, 'Deployed');
    expect((await aws('cloudfront', 'get-distribution', '--id', DIST)).Distribution.Status).toBe('Deployed');
  }, 90_000);

  it('the status source: status, invalidations with paths, and a denied API in words', async () => {
    const store = createAppStore();
    const hub = new SourceHub(createBatcher(store, 5));
    hub.add(
      cdnStatusSource({ distributionId: DIST, endpoint: sim.endpoint, region: 'us-east-1' }, 50),
      60_000,
    );
    const data = () => store.getState().sources[CDN_SOURCE]?.data as CdnSnapshot | undefined;
    try {
      await invalidate('src-c', ['/fresh/*']);
      sim.setDistributionStatus(DIST, 'InProgress');
      const s = await waitFor(
        data,
        (x) => x?.status === 'InProgress' && x.invalidations[0]?.paths?.[0] === '/fresh/*',
        { what: 'InProgress with the newest invalidation' },
      );
      const lines = cdnLines(s!, Date.now()).map((l) => l.text);
      expect(lines[0]).toMatch(
        new RegExp(
          `^▲ CloudFront ${DIST} InProgress \\(changes deploying\\) · \\d+ invalidations? in progress · ${DIST.toLowerCase()}\\.cloudfront\\.net$`,
        ),
      );
      expect(lines[1]).toMatch(
        /^(▲|·) invalidation I[0-9A-F]+ (InProgress|Completed) \d+[smh] ago: \/fresh\/\*$/,
      );
      sim.setDistributionStatus(DIST, 'Deployed');
      await waitFor(data, (x) => x?.status === 'Deployed', { what: 'Deployed' });
      sim.deny(true);
      const d = await waitFor(data, (x) => !!x?.error, { what: 'denied' });
      expect(store.getState().sources[CDN_SOURCE]?.status).toBe('ok');
      const denied = cdnLines(d!, Date.now()).map((l) => l.text);
      expect(denied[0]).toMatch(/^● CloudFront .* Deployed/);
      expect(denied[1]).toMatch(
        /^✖ CloudFront API \(status above as of \d+[smh] ago\): access denied \(403\)/,
      );
      expect(denied.join('\n')).not.toContain('sim-secret');
    } finally {
      sim.deny(false);
      await hub.stopAll();
    }
  });
});
