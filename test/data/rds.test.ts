// The RDS source against the RDS simulator with the real SDK (credentials from the
// environment, as the default chain reads them): the instance, pending modifications, events
// and maintenance; a denied or unreachable API is the snapshot's error with the last good
// instance kept (the source itself stays ok, so the Postgres pane is not marked failing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { SourceHub } from '../../src/data/source.js';
import { rdsSource } from '../../src/data/rds/source.js';
import { RDS_SOURCE, type RdsSnapshot } from '../../src/data/rds/types.js';
import { startRdsSim, type RdsSim } from '../../src/sim/rds/index.js';
import { createAppStore, createBatcher, type AppStore } from '../../src/store/store.js';
import { summaries } from '../../src/panes/summary.js';
import { rdsLines } from '../../src/panes/postgres/rds.js';
import { waitFor } from '../helpers/wait.js';

let sim: RdsSim;
beforeAll(async () => {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
    AWS_SECRET_ACCESS_KEY: 'simulator-secret',
    AWS_REGION: 'us-east-1',
  });
  sim = await startRdsSim();
  sim.addInstance({ id: 'prod-postgres', instanceClass: 'db.r6g.large', allocatedGiB: 100, multiAZ: true });
  sim.addMaintenance('prod-postgres', {
    action: 'system-update',
    description: 'New Operating System update is available',
    autoAppliedAfter: new Date('2026-12-20T05:00:00Z'),
  });
});
afterAll(async () => {
  await sim.close();
});

const cfg = (instance: string, endpoint = sim.endpoint) =>
  configSchema.parse({ postgres: { rds: { instance, endpoint, intervalMs: 50 } } }).postgres!.rds!;

async function started(instance: string, endpoint?: string) {
  const store = createAppStore();
  const hub = new SourceHub(createBatcher(store, 5));
  hub.add(rdsSource(cfg(instance, endpoint)), 60_000);
  return { store, hub };
}
const snap = (store: AppStore) => store.getState().sources[RDS_SOURCE]?.data as RdsSnapshot | undefined;

describe('RDS source', () => {
  it('reads the instance, its pending modifications, events and maintenance', async () => {
    const { store, hub } = await started('prod-postgres');
    try {
      const s = await waitFor(
        () => snap(store),
        (x) => x?.instance?.status === 'available',
        { what: 'instance' },
      );
      expect(s!.instance).toMatchObject({ instanceClass: 'db.r6g.large', allocatedGiB: 100, multiAZ: true });
      expect(s!.maintenance).toEqual(['system-update (auto-applied after 2026-12-20)']);
      expect(rdsLines(s!, Date.now())[0]!.text).toBe(
        '● RDS prod-postgres available · db.r6g.large · Multi-AZ · 100 GiB gp3',
      );
      sim.modify('prod-postgres', { DBInstanceClass: 'db.r6g.xlarge' });
      const m = await waitFor(
        () => snap(store),
        (x) => x?.instance?.status === 'modifying',
        { what: 'modifying' },
      );
      expect(m!.instance!.pending).toEqual(['class db.r6g.xlarge']);
      expect(m!.events.at(-1)?.message).toBe('Applying modification to database instance class');
      const lines = rdsLines(m!, Date.now(), 42 * 1024 ** 2).map((l) => l.text);
      expect(lines[0]).toBe(
        '✖ RDS prod-postgres modifying · db.r6g.large · Multi-AZ · 100 GiB gp3, this db 42.0MiB',
      );
      expect(lines).toContain('▲ pending: class db.r6g.xlarge');
      // A status other than available is a problem of the Postgres pane, in its words.
      const sum = summaries.postgres!(store.getState());
      expect(sum).toMatchObject({ level: 'problem', text: 'RDS modifying' });
      sim.finishModify('prod-postgres');
      await waitFor(
        () => snap(store),
        (x) => x?.instance?.status === 'available' && x.instance.instanceClass === 'db.r6g.xlarge',
        { what: 'modification applied' },
      );
      expect(summaries.postgres!(store.getState())?.level).toBe('ok');
    } finally {
      await hub.stopAll();
    }
  });

  it('a denied API is one line with the last status kept; the source stays ok', async () => {
    const { store, hub } = await started('prod-postgres');
    try {
      await waitFor(
        () => snap(store),
        (x) => !!x?.instance,
        { what: 'instance' },
      );
      sim.fault('denied');
      const s = await waitFor(
        () => snap(store),
        (x) => !!x?.error,
        { what: 'error' },
      );
      expect(store.getState().sources[RDS_SOURCE]?.status).toBe('ok');
      expect(s!.instance?.id).toBe('prod-postgres');
      const lines = rdsLines(s!, Date.now()).map((l) => l.text);
      expect(lines[1]).toMatch(
        /^✖ RDS API \(status above as of \d+[smh] ago\): access denied \(403\): User: .* not authorized to perform: rds:Describe/,
      );
      expect(lines.join('\n')).not.toContain('simulator-secret');
    } finally {
      sim.fault(false);
      await hub.stopAll();
    }
  });

  it('a missing instance and an unreachable endpoint are said in words', async () => {
    const a = await started('no-such-db');
    const b = await started('prod-postgres', 'http://127.0.0.1:9');
    try {
      const nf = await waitFor(
        () => snap(a.store),
        (x) => !!x?.error,
        { what: 'not found' },
      );
      expect(rdsLines(nf!, Date.now())[0]!.text).toBe(
        '✖ RDS no-such-db: no such DB instance: DBInstance no-such-db not found.',
      );
      const un = await waitFor(
        () => snap(b.store),
        (x) => !!x?.error,
        { what: 'unreachable', timeoutMs: 30_000 },
      );
      expect(un!.error).toMatch(/^RDS API unreachable: .*ECONNREFUSED/);
    } finally {
      await a.hub.stopAll();
      await b.hub.stopAll();
    }
  });
});
