// The RDS instance in the Postgres pane and the CloudFront distribution in the health pane, end
// to end in tmux at 120x40 and 200x50 without a key press: against simulators of the test's
// own (the RDS and CloudFront simulators, an S3-like origin) and the real PostgreSQL. The state
// changes in the simulators (a modification, a distribution deploying, a denied RDS API) reach
// the screen; the database's own lines keep updating meanwhile. Then `warroom demo` at 200x50
// shows the drill's RDS instance and distribution.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCloudFrontSim, type CloudFrontSim } from '../../src/sim/cloudfront.js';
import { startRdsSim, type RdsSim } from '../../src/sim/rds/index.js';
import { startS3OriginSim, type S3OriginSim } from '../../src/sim/s3-origin.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';
import { killAll, startDemo } from '../demo/tmux-drill.js';

const DIST = 'E2E2ETESTDIST1';
let db: TestDb;
let rds: RdsSim;
let cdn: CloudFrontSim;
let s3: S3OriginSim;
let t: Tmux | undefined;

beforeAll(async () => {
  db = await createTestDb('warroom_awse2e');
  rds = await startRdsSim();
  cdn = await startCloudFrontSim({ distributions: [DIST] });
  s3 = await startS3OriginSim({ bucket: 'e2e-frontend', objects: { 'index.html': '<!doctype html>' } });
});
afterAll(async () => {
  await rds.close();
  await cdn.close();
  await s3.close();
  await db.drop();
});
afterEach(() => {
  t?.kill();
  t = undefined;
  killAll();
  rds.fault(false);
  cdn.setDistributionStatus(DIST, 'Deployed');
});

function config(home: string, instance: string): string {
  const file = join(home, 'warroom.yaml');
  writeFileSync(
    file,
    [
      'postgres:',
      `  url: "${db.url}"`,
      '  intervalMs: 500',
      `  rds: { instance: ${instance}, region: us-east-1, endpoint: "${rds.endpoint}", intervalMs: 300 }`,
      'health:',
      '  endpoints:',
      `    - { name: s3 origin, url: "${s3.objectUrl('index.html')}", intervalMs: 300, showPath: true }`,
      'actions:',
      `  cdn: { distributionId: ${DIST}, endpoint: "${cdn.endpoint}", region: us-east-1 }`,
      'ui:',
      '  layout: { panes: [postgres, health] }',
      '',
    ].join('\n'),
  );
  return file;
}

const awsEnv = {
  AWS_ACCESS_KEY_ID: 'AKIDE2E',
  AWS_SECRET_ACCESS_KEY: 'e2e-secret-value',
  AWS_REGION: 'us-east-1',
};

describe.each([
  { cols: 120, rows: 40 },
  { cols: 200, rows: 50 },
])('RDS and CloudFront at $cols x $rows', ({ cols, rows }) => {
  it('status lines without a key press; a modification, a deploy and a denied API reach the screen', async () => {
    const instance = `prod-${cols}`;
    rds.addInstance({ id: instance, instanceClass: 'db.r6g.large', allocatedGiB: 100, multiAZ: true });
    cdn.setDistributionStatus(DIST, 'Deployed');
    t = await Tmux.start({ cols, rows, env: awsEnv });
    t.run(warroomCmd(`--config ${config(t.home, instance)}`));
    const s = await t.waitFor(
      (x) =>
        x.includes(`● RDS ${instance} available · db.r6g.large · Multi-AZ`) &&
        x.includes(`● CloudFront ${DIST} Deployed`) &&
        /conns \d+\/97/.test(x) &&
        /s3 origin\s+● up\s+200/.test(x),
      { what: 'the RDS and CloudFront status lines', timeoutMs: 30_000 },
    );
    expect(s).not.toContain('e2e-secret-value');

    rds.modify(instance, { DBInstanceClass: 'db.r6g.xlarge' });
    cdn.setDistributionStatus(DIST, 'InProgress');
    await t.waitFor(
      (x) =>
        x.includes(`✖ RDS ${instance} modifying`) &&
        x.includes('▲ pending: class db.r6g.xlarge') &&
        x.includes('Applying modification to database instance class') &&
        x.includes(`▲ CloudFront ${DIST} InProgress`),
      { what: 'modifying and deploying', timeoutMs: 20_000 },
    );

    rds.fault('denied');
    const denied = await t.waitFor(
      (x) =>
        /✖ RDS API \(status above as of \d+[smh] ago\): access denied/.test(x) && /conns \d+\/97/.test(x),
      { what: 'the denied RDS API as one line', timeoutMs: 20_000 },
    );
    // The last status read stays, and the database's own pane state is not an error.
    expect(denied).toContain(`✖ RDS ${instance} modifying`);
    expect(denied).toMatch(/7 Postgres\s+● live/);
    rds.fault(false);
    rds.finishModify(instance);
    await t.waitFor((x) => x.includes(`● RDS ${instance} available · db.r6g.xlarge`), {
      what: 'the modification applied',
      timeoutMs: 20_000,
    });
    cdn.setDistributionStatus(DIST, 'Deployed');
  }, 120_000);
});

describe('warroom demo', () => {
  it('shows the drill RDS instance in the Postgres pane and the distribution in the health pane', async () => {
    const d = await startDemo('', {}, { cols: 200, rows: 50 });
    await d.waitFor(
      (x) =>
        x.includes('● RDS prod-postgres available · db.r6g.large · Multi-AZ') &&
        x.includes('● CloudFront E2DEMODIST001 Deployed') &&
        /s3 origin\s+● up\s+200/.test(x),
      { what: 'the RDS and CloudFront lines of the drill', timeoutMs: 30_000 },
    );
  }, 90_000);
});
