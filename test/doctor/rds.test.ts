// `warroom doctor`'s RDS check against the RDS simulator with the real SDK: the instance's
// status in words, a status other than available warns, denied and missing fail with a fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { runDoctor } from '../../src/doctor/index.js';
import { startRdsSim, type RdsSim } from '../../src/sim/rds/index.js';

let sim: RdsSim;
beforeAll(async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDDOCTOR', AWS_SECRET_ACCESS_KEY: 'doctor-secret' });
  sim = await startRdsSim();
  sim.addInstance({ id: 'prod-postgres', instanceClass: 'db.r6g.large', allocatedGiB: 100, multiAZ: true });
});
afterAll(async () => {
  await sim.close();
});

const rdsResults = async (instance: string) =>
  (
    await runDoctor(
      configSchema.parse({ postgres: { rds: { instance, region: 'us-east-1', endpoint: sim.endpoint } } }),
    )
  ).filter((r) => r.backend === 'rds');

describe('doctor: rds', () => {
  it('available is ok; another status warns; denied and missing fail with a fix', async () => {
    expect(await rdsResults('prod-postgres')).toEqual([
      expect.objectContaining({
        check: 'instance prod-postgres',
        level: 'ok',
        detail: 'available · db.r6g.large · 100 GiB · Multi-AZ',
      }),
      expect.objectContaining({ check: 'DescribeEvents', level: 'ok' }),
    ]);
    sim.setStatus('prod-postgres', 'rebooting');
    expect((await rdsResults('prod-postgres'))[0]).toMatchObject({ level: 'warn', detail: /^rebooting/ });
    sim.setStatus('prod-postgres', 'available');
    const missing = (await rdsResults('nope'))[0];
    expect(missing).toMatchObject({ level: 'fail', required: true });
    expect(missing?.fix).toContain('postgres.rds.instance');
    sim.fault('denied');
    try {
      const denied = (await rdsResults('prod-postgres'))[0];
      expect(denied).toMatchObject({ level: 'fail', detail: /^access denied \(403\)/ });
      expect(denied?.fix).toContain('rds:DescribeDBInstances');
      expect(JSON.stringify(denied)).not.toContain('doctor-secret');
    } finally {
      sim.fault(false);
    }
  });
});
