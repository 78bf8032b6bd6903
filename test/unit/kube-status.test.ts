// Pod STATUS / READY / RESTARTS as kubectl prints them, quantities, rollout state and history,
// node state: pure functions fed with literal API JSON.
import { describe, expect, it } from 'vitest';
import {
  nodeState,
  podResources,
  podStatus,
  quantity,
  cpuMilli,
  rolloutHistory,
  rolloutState,
} from '../../src/data/kubernetes/status.js';
import type { Deployment, Node, Pod, ReplicaSet } from '../../src/data/kubernetes/types.js';

const T0 = '2026-11-23T10:00:00Z';
const pod = (
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): Pod =>
  ({
    metadata: { name: 'api-1', namespace: 'default', uid: 'u1', creationTimestamp: T0, ...meta },
    spec: { containers: [{ name: 'api', image: 'api:1' }], ...spec },
    status,
  }) as unknown as Pod;

const running = (name = 'api', extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  restartCount: 0,
  state: { running: { startedAt: T0 } },
  ...extra,
});

/** The api container, not ready, its last state `terminated`, after `restartCount` restarts. */
const terminated = (state: Record<string, unknown>, restartCount = 0) => ({
  name: 'api',
  ready: false,
  restartCount,
  state: { terminated: state },
});
/** The status of a pod in `phase` whose one container terminated so. */
const terminatedIn = (phase: string, state: Record<string, unknown>, restartCount: number) =>
  podStatus(pod({ phase, containerStatuses: [terminated(state, restartCount)] }));

describe('podStatus (kubectl printPod)', () => {
  it('Running and ready', () => {
    const s = podStatus(pod({ phase: 'Running', containerStatuses: [running()] }));
    expect(s).toMatchObject({ reason: 'Running', ready: 1, total: 1, restarts: 0, failing: false });
  });
  it('Running but not ready is failing', () => {
    const s = podStatus(pod({ phase: 'Running', containerStatuses: [{ ...running(), ready: false }] }));
    expect(s).toMatchObject({ reason: 'Running', ready: 0, total: 1, failing: true });
  });
  it('CrashLoopBackOff with restarts and the time of the last restart', () => {
    const s = podStatus(
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            restartCount: 7,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-23T10:05:00Z' } },
          },
        ],
      }),
    );
    expect(s).toMatchObject({ reason: 'CrashLoopBackOff', restarts: 7, failing: true });
    expect(s.lastRestartAt).toBe(Date.parse('2026-11-23T10:05:00Z'));
  });
  it('OOMKilled terminated container', () => {
    const s = terminatedIn('Running', { exitCode: 137, reason: 'OOMKilled' }, 1);
    expect(s).toMatchObject({ reason: 'OOMKilled', failing: true });
  });
  it('ImagePullBackOff and ErrImagePull', () => {
    for (const r of ['ImagePullBackOff', 'ErrImagePull']) {
      const s = podStatus(
        pod({
          phase: 'Pending',
          containerStatuses: [
            { name: 'api', ready: false, restartCount: 0, state: { waiting: { reason: r } } },
          ],
        }),
      );
      expect(s).toMatchObject({ reason: r, failing: true });
    }
  });
  it('terminated without a reason: ExitCode:N or Signal:N', () => {
    const s = podStatus(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'api', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
        ],
      }),
    );
    expect(s.reason).toBe('ExitCode:2');
    const s2 = podStatus(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'api', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } },
        ],
      }),
    );
    expect(s2.reason).toBe('Signal:9');
  });
  it('Pending with no container status yet', () => {
    const s = podStatus(pod({ phase: 'Pending' }));
    expect(s).toMatchObject({ reason: 'Pending', ready: 0, total: 1, failing: true });
  });
  it('Terminating when a deletion timestamp is set on a running pod', () => {
    const s = podStatus(
      pod({ phase: 'Running', containerStatuses: [running()] }, {}, { deletionTimestamp: T0 }),
    );
    expect(s).toMatchObject({ reason: 'Terminating', failing: true });
  });
  it('Unknown when the node was lost', () => {
    const s = podStatus(
      pod(
        { phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] },
        {},
        { deletionTimestamp: T0 },
      ),
    );
    expect(s.reason).toBe('Unknown');
  });
  it('Completed (Succeeded) is not failing', () => {
    const s = terminatedIn('Succeeded', { exitCode: 0, reason: 'Completed' }, 0);
    expect(s).toMatchObject({ reason: 'Completed', failing: false });
  });
  it('Evicted: the pod reason wins', () => {
    const s = podStatus(
      pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
    );
    expect(s).toMatchObject({ reason: 'Evicted', failing: true });
  });
  it('init containers: Init:0/2, Init:CrashLoopBackOff, Init:Error', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }] };
    expect(
      podStatus(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              { name: 'a', ready: false, restartCount: 0, state: { running: {} } },
              { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
            ],
          },
          spec,
        ),
      ).reason,
    ).toBe('Init:0/2');
    expect(
      podStatus(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              {
                name: 'a',
                ready: false,
                restartCount: 3,
                state: { waiting: { reason: 'CrashLoopBackOff' } },
              },
            ],
          },
          spec,
        ),
      ),
    ).toMatchObject({ reason: 'Init:CrashLoopBackOff', restarts: 3 });
    expect(
      podStatus(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              {
                name: 'a',
                ready: false,
                restartCount: 0,
                state: { terminated: { exitCode: 1, reason: 'Error' } },
              },
            ],
          },
          spec,
        ),
      ).reason,
    ).toBe('Init:Error');
  });
  it('a restartable init container (sidecar) counts in READY', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            { name: 'proxy', ready: true, started: true, restartCount: 2, state: { running: {} } },
          ],
          containerStatuses: [running()],
        },
        { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
      ),
    );
    expect(s).toMatchObject({ reason: 'Running', ready: 2, total: 2, restarts: 2 });
  });
  it('Completed with a container still running shows Running / NotReady', () => {
    const st = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        running('b'),
        {
          name: 'a',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    };
    expect(podStatus(pod(st, { containers: [{ name: 'a' }, { name: 'b' }] })).reason).toBe('NotReady');
  });
  it('SchedulingGated', () => {
    expect(
      podStatus(
        pod({
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        }),
      ).reason,
    ).toBe('SchedulingGated');
  });
  it('survives an empty object', () => {
    expect(podStatus({} as Pod)).toMatchObject({ reason: 'Unknown', ready: 0, total: 0, failing: true });
  });
});

describe('quantities and resources', () => {
  it('parses CPU and memory quantities', () => {
    expect(cpuMilli('250m')).toBe(250);
    expect(cpuMilli('1.5')).toBe(1500);
    expect(cpuMilli('100000n')).toBeCloseTo(0.1);
    expect(quantity('512Mi')).toBe(512 * 2 ** 20);
    expect(quantity('1G')).toBe(1e9);
    expect(quantity('1e3')).toBe(1000);
    expect(quantity('garbage!')).toBeUndefined();
  });
  it('sums requests and limits (no limit if one container lacks it)', () => {
    const p = pod(
      {},
      {
        containers: [
          {
            name: 'a',
            resources: {
              requests: { cpu: '100m', memory: '64Mi' },
              limits: { cpu: '200m', memory: '128Mi' },
            },
          },
          { name: 'b', resources: { requests: { cpu: '50m' } } },
        ],
      },
    );
    expect(podResources(p)).toEqual({
      cpuReqM: 150,
      memReqB: 64 * 2 ** 20,
      cpuLimM: undefined,
      memLimB: undefined,
    });
  });
});

const dep = (
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): Deployment =>
  ({
    metadata: {
      name: 'api',
      namespace: 'prod',
      uid: 'd1',
      generation: 2,
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      ...meta,
    },
    spec: { replicas: 3, ...spec },
    status: { observedGeneration: 2, ...status },
  }) as unknown as Deployment;

describe('rollout state and history', () => {
  it('complete, progressing, stalled, paused', () => {
    expect(
      rolloutState(dep({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }))
        .phase,
    ).toBe('complete');
    expect(rolloutState(dep({}, { replicas: 3, updatedReplicas: 1, availableReplicas: 3 }))).toMatchObject({
      phase: 'progressing',
      text: '1 of 3 updated',
    });
    expect(rolloutState(dep({}, { replicas: 4, updatedReplicas: 3, availableReplicas: 3 })).text).toBe(
      '1 old pending termination',
    );
    expect(
      rolloutState(
        dep(
          {},
          {
            replicas: 3,
            updatedReplicas: 1,
            conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
          },
        ),
      ),
    ).toMatchObject({ phase: 'stalled' });
    expect(rolloutState(dep({ paused: true }, { updatedReplicas: 0 })).phase).toBe('paused');
    // kubectl says "waiting: 0 of 2 updated replicas are available" while a rollout finishes…
    const crashing = (reason: string) =>
      dep(
        { replicas: 2 },
        {
          replicas: 2,
          updatedReplicas: 2,
          availableReplicas: 0,
          conditions: [{ type: 'Progressing', status: 'True', reason }],
        },
      );
    expect(rolloutState(crashing('ReplicaSetUpdated'))).toMatchObject({
      phase: 'progressing',
      text: '0 of 2 updated available',
    });
    // …but once the controller recorded the rollout complete, pods of that revision crashing
    // (OOMKilled) are not a rollout: complete, with how many are available.
    expect(rolloutState(crashing('NewReplicaSetAvailable'))).toEqual({
      phase: 'complete',
      text: 'complete · 0/2 available',
      unavailable: 2,
    });
    expect(rolloutState(dep({}, { observedGeneration: 1 })).text).toContain('observed');
  });
  it('history: owned ReplicaSets by revision, newest first, with change-cause and images', () => {
    const rs = (name: string, rev: string, image: string, cause?: string, owner = 'd1'): ReplicaSet =>
      ({
        metadata: {
          name,
          namespace: 'prod',
          creationTimestamp: T0,
          annotations: {
            'deployment.kubernetes.io/revision': rev,
            ...(cause ? { 'kubernetes.io/change-cause': cause } : {}),
          },
          ownerReferences: [{ kind: 'Deployment', name: 'api', uid: owner, controller: true }],
        },
        spec: { template: { spec: { containers: [{ name: 'api', image }] } } },
        status: { replicas: rev === '3' ? 3 : 0 },
      }) as unknown as ReplicaSet;
    const h = rolloutHistory(dep({}, {}), [
      rs('api-a', '1', 'api:1'),
      rs('api-c', '3', 'api:3', 'deploy 3'),
      rs('api-b', '2', 'api:2'),
      rs('other', '9', 'x:1', undefined, 'someone-else'),
    ]);
    expect(h.map((e) => e.revision)).toEqual([3, 2, 1]);
    expect(h[0]).toMatchObject({ current: true, changeCause: 'deploy 3', images: ['api:3'], replicas: 3 });
    expect(h[1]!.current).toBe(false);
  });
});

describe('node state', () => {
  it('Ready, NotReady, pressure, cordoned', () => {
    const n = (conds: { type: string; status: string }[], unschedulable = false) =>
      ({
        metadata: { name: 'n1' },
        spec: { unschedulable },
        status: { conditions: conds },
      }) as unknown as Node;
    expect(nodeState(n([{ type: 'Ready', status: 'True' }]))).toMatchObject({
      ready: true,
      text: 'Ready',
      pressures: [],
    });
    expect(
      nodeState(
        n(
          [
            { type: 'Ready', status: 'False' },
            { type: 'MemoryPressure', status: 'True' },
          ],
          true,
        ),
      ),
    ).toMatchObject({
      ready: false,
      pressures: ['MemoryPressure'],
      cordoned: true,
      text: 'NotReady,SchedulingDisabled',
    });
    expect(nodeState(n([{ type: 'Ready', status: 'Unknown' }])).text).toBe('Unknown');
  });
});

describe('slim (what the caches keep)', () => {
  it('drops managedFields, last-applied, and pod mounts, probes, volumes; keeps env (describe lists it) and the rest', async () => {
    const { slim } = await import('../../src/data/kubernetes/cache.js');
    const p = slim({
      metadata: {
        name: 'a',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…}', keep: 'me' },
      },
      spec: {
        volumes: [{ name: 'v' }],
        containers: [
          {
            name: 'c',
            image: 'i',
            env: [{ name: 'SECRET', value: 'x' }],
            readinessProbe: {},
            resources: { limits: { memory: '1Gi' } },
          },
        ],
      },
    });
    expect(p).toEqual({
      metadata: { name: 'a', annotations: { keep: 'me' } },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            env: [{ name: 'SECRET', value: 'x' }],
            resources: { limits: { memory: '1Gi' } },
          },
        ],
      },
    });
    const d = slim({
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'c', env: [] }] } } },
    });
    expect(d.spec.template.spec.containers[0]).toHaveProperty('env');
  });
});
