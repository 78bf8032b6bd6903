// What changed: the cluster's revisions (from its ReplicaSets) become `change` events once
// each, compared revision to revision (image, env names, never env values); error groups say
// whether they are new since the latest rollout of the deployment emitting them; the timeline's
// "what changed" view puts them on one time axis with detections and actions.
import { useIncidents } from '../helpers/incident.js';
import { describe, expect, it } from 'vitest';
import { clusterChanges, newSinceRollout } from '../../src/incident/changes.js';
import { changeRows } from '../../src/panes/timeline/columns.js';
import type { DeploymentsData, ReplicaSet } from '../../src/data/kubernetes/types.js';
import type { ErrorGroup } from '../../src/data/logs/types.js';

const incident = useIncidents('chg');

const T = Date.parse('2026-12-01T12:00:00Z');
const rs = (rev: number, at: number, image: string, pool: string, cause?: string): ReplicaSet => ({
  metadata: {
    name: `backend-${rev}abc`,
    namespace: 'shop',
    creationTimestamp: new Date(at) as unknown as Date,
    annotations: {
      'deployment.kubernetes.io/revision': String(rev),
      ...(cause ? { 'kubernetes.io/change-cause': cause } : {}),
    },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend', uid: 'u1', controller: true },
    ],
  },
  spec: {
    selector: {},
    template: {
      spec: { containers: [{ name: 'app', image, env: [{ name: 'DB_POOL_SIZE', value: pool }] }] },
    },
  },
});
const deployments: DeploymentsData = {
  deployments: [{ metadata: { name: 'backend', namespace: 'shop', uid: 'u1' } }],
  replicaSets: [
    rs(1, T - 3 * 3600_000, 'shop/backend:1.0', '20'),
    rs(2, T - 600_000, 'shop/backend:1.1', '20', 'deploy 1.1'),
    rs(3, T - 300_000, 'shop/backend:1.1', 's3cret-pool', 'tune the pool'),
  ],
};

describe('what changed', () => {
  it('reads the revisions from the ReplicaSets and records the recent ones once', () => {
    const changes = clusterChanges(deployments);
    expect(changes.map((x) => x.what)).toEqual([
      'earliest revision kept',
      'image shop/backend:1.0 → shop/backend:1.1',
      'env DB_POOL_SIZE changed',
    ]);
    // A rollback: the revision-1 ReplicaSet comes back as revision 4, dated by the rollout.
    const undone = clusterChanges({
      deployments: [
        {
          metadata: { name: 'backend', namespace: 'shop', uid: 'u1' },
          status: {
            conditions: [
              {
                type: 'Progressing',
                status: 'True',
                lastUpdateTime: new Date(T - 60_000).toISOString() as unknown as Date,
              },
            ],
          },
        },
      ],
      replicaSets: [rs(4, T - 3 * 3600_000, 'shop/backend:1.0', '20'), ...deployments.replicaSets.slice(1)],
    });
    expect(undone.at(-1)).toMatchObject({
      revision: 4,
      at: T - 60_000,
      what: 'rollback (an earlier template again): image shop/backend:1.1 → shop/backend:1.0; env DB_POOL_SIZE changed',
    });
    const { c, store } = incident({ options: () => ({ now: () => T }) });
    c.declare({ title: 'Errors', severity: 'SEV2', impact: '5xx', startedAt: T - 120_000 });
    store.setState((s) => ({
      sources: {
        ...s.sources,
        'k8s.deployments': { status: 'ok', data: deployments, since: T, failures: 0, staleAfterMs: 10_000 },
      },
    }));
    c.recordChanges();
    c.recordChanges();
    const recorded = c.state!.events.filter((e) => e.kind === 'change');
    // Revision 1 is older than two hours before the impact: not part of this incident.
    expect(recorded.map((e) => (e.kind === 'change' ? e.key : ''))).toEqual([
      'shop/backend@2',
      'shop/backend@3',
    ]);
    expect(JSON.stringify(recorded)).not.toContain('s3cret-pool');

    const group: ErrorGroup = {
      fingerprint: 'f1',
      sample: 'TypeError: x is undefined',
      count: 12,
      firstSeen: T - 280_000,
      lastSeen: T,
      sources: ['shop/backend-3abc-x1/app'],
      level: 'error',
    };
    expect(newSinceRollout(group, changes)?.text).toBe(
      'new since the latest rollout: first seen 20 s after backend revision 3',
    );
    expect(newSinceRollout({ ...group, firstSeen: T - 400_000 }, changes)).toBeUndefined();
    const rows = changeRows(c.state!, changes, [group]);
    const kinds = rows.sort((a, b) => Number(a.sort![0]) - Number(b.sort![0])).map((r) => r.cells[1]);
    expect(kinds).toEqual(['◆ rollout', '◆ rollout', '◆ rollout', '✖ new err']);
  });
});
