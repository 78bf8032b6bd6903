// The RDS lines of the Postgres pane and the CloudFront lines of the health pane, and what they
// add to the panes' summaries: storage-full is a problem said in RDS's words, an RDS instance
// alone (no PostgreSQL configured) still summarises, events newest first, failures in words.
import { describe, expect, it } from 'vitest';
import { CDN_SOURCE, type CdnSnapshot } from '../../src/data/cdn/status.js';
import { RDS_SOURCE, type RdsSnapshot } from '../../src/data/rds/types.js';
import { cdnLines } from '../../src/panes/health/cdn.js';
import { rdsLines } from '../../src/panes/postgres/rds.js';
import { summaries } from '../../src/panes/summary.js';
import { createAppStore } from '../../src/store/store.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const rds = (over: Partial<RdsSnapshot['instance']> = {}, rest: Partial<RdsSnapshot> = {}): RdsSnapshot => ({
  instanceId: 'prod-postgres',
  region: 'us-east-1',
  instance: {
    id: 'prod-postgres',
    status: 'available',
    instanceClass: 'db.r6g.large',
    engine: 'postgres',
    engineVersion: '16.4',
    allocatedGiB: 100,
    storageType: 'gp3',
    multiAZ: false,
    pending: [],
    ...over,
  },
  readAt: NOW - 5000,
  events: [],
  maintenance: [],
  ...rest,
});

function state(id: string, data: unknown) {
  const store = createAppStore();
  store.setState((s) => ({ sources: { ...s.sources, [id]: { status: 'ok', data, updatedAt: 0 } as never } }));
  return store.getState();
}

describe('RDS lines', () => {
  it('storage-full: the status line in red and the pane a problem in RDS words', () => {
    const s = rds(
      { status: 'storage-full' },
      {
        events: [
          {
            at: NOW - 120_000,
            message: 'The free storage capacity for DB instance: prod-postgres is low at 4%',
          },
          { at: NOW - 60_000, message: 'Allocated storage has been exhausted.' },
        ],
      },
    );
    const lines = rdsLines(s, NOW);
    expect(lines[0]).toEqual({
      text: '✖ RDS prod-postgres storage-full · db.r6g.large · Single-AZ · 100 GiB gp3',
      tone: 'bad',
    });
    // newest first
    expect(lines.slice(1).map((l) => l.text)).toEqual([
      '· 11:59 Allocated storage has been exhausted.',
      '· 11:58 The free storage capacity for DB instance: prod-postgres is low at 4%',
    ]);
    // No PostgreSQL source: the pane's summary is the instance's alone.
    expect(summaries.postgres!(state(RDS_SOURCE, s))).toEqual({
      level: 'problem',
      text: 'RDS storage-full',
      rows: 2,
    });
    expect(summaries.postgres!(state(RDS_SOURCE, rds()))).toMatchObject({
      level: 'ok',
      text: 'RDS available',
    });
  });

  it('never read: the failure in words; terminal controls in AWS text are made safe', () => {
    const s: RdsSnapshot = {
      instanceId: 'prod-postgres',
      region: 'us-east-1',
      events: [],
      maintenance: [],
      error: 'no AWS credentials found (AWS_ACCESS_KEY_ID / profile)',
    };
    expect(rdsLines(s, NOW)).toEqual([
      { text: '✖ RDS prod-postgres: no AWS credentials found (AWS_ACCESS_KEY_ID / profile)', tone: 'bad' },
    ]);
    const evil = rdsLines(rds({ status: 'available\u001b[2J' }), NOW)[0]!.text;
    expect(evil).not.toContain('\u001b');
  });
});

describe('CloudFront lines', () => {
  const cdn: CdnSnapshot = {
    distributionId: 'E123ABC',
    status: 'Deployed',
    domainName: 'd111.cloudfront.net',
    inProgressInvalidations: 1,
    invalidations: [
      { id: 'I2', status: 'InProgress', createdAt: NOW - 30_000, paths: ['/index.html', '/assets/*'] },
      { id: 'I1', status: 'Completed', createdAt: NOW - 600_000, paths: ['/*'] },
    ],
    readAt: NOW,
  };
  it('the status, then the newest invalidations with their paths', () => {
    expect(cdnLines(cdn, NOW)).toEqual([
      {
        text: '● CloudFront E123ABC Deployed · 1 invalidation in progress · d111.cloudfront.net',
        tone: 'ok',
      },
      { text: '▲ invalidation I2 InProgress 30s ago: /index.html /assets/*', tone: 'warn' },
      { text: '· invalidation I1 Completed 10m ago: /*', tone: 'muted' },
    ]);
    expect(summaries.health!(state(CDN_SOURCE, cdn))).toEqual({ level: 'ok', text: 'CloudFront', rows: 3 });
  });
  it('never read: one line with the failure', () => {
    expect(
      cdnLines({ distributionId: 'E123ABC', invalidations: [], error: 'access denied (403)' }, NOW),
    ).toEqual([{ text: '✖ CloudFront E123ABC: access denied (403)', tone: 'bad' }]);
  });
});
