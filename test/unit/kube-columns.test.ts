// Row builders of the Kubernetes panes (pure, no Ink): pods as kubectl prints them, the pod
// detail, folded Warning events, deployments and history lines, top rows; and memoisation
// per object identity.
import { describe, expect, it } from 'vitest';
import type {
  Deployment,
  KubeEvent,
  Node,
  Pod,
  PodMetric,
  ReplicaSet,
} from '../../src/data/kubernetes/types.js';
import { columns, podTotals, rowStamp, toRow } from '../../src/panes/pods/columns.js';
import { describePod } from '../../src/panes/pods/detail.js';
import { createProjection, createRowMemo } from '../../src/panes/pods/memo.js';
import { foldWarnings, toRow as eventRow } from '../../src/panes/events/columns.js';
import { historyLines, toRow as depRow } from '../../src/panes/deployments/columns.js';
import { createPodUsageRows, nodeRow, podUsageRow, podsPerNode } from '../../src/panes/top/columns.js';
import { sortRows } from '../../src/ui/list.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function crashPod(name = 'api-7d9f-x2'): Pod {
  return {
    metadata: {
      name,
      namespace: 'prod',
      uid: `uid-${name}`,
      creationTimestamp: ago(3600),
      ownerReferences: [
        { kind: 'ReplicaSet', name: 'api-7d9f', controller: true, uid: 'rs', apiVersion: 'apps/v1' },
      ],
    },
    spec: {
      nodeName: 'node-a',
      containers: [
        {
          name: 'api',
          image: 'repo/api:1.2.3',
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.7',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'api',
          image: 'repo/api:1.2.3',
          imageID: '',
          ready: false,
          restartCount: 5,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' },
          },
          lastState: {
            terminated: {
              exitCode: 137,
              reason: 'OOMKilled',
              startedAt: ago(400) as never,
              finishedAt: ago(120) as never,
            },
          },
        },
      ],
    },
  } as unknown as Pod;
}

function okPod(name: string, ns = 'prod'): Pod {
  return {
    metadata: { name, namespace: ns, uid: `uid-${name}`, creationTimestamp: ago(86_400 * 3) },
    spec: { nodeName: 'node-b', containers: [{ name: 'c', image: 'x' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }],
    },
  } as unknown as Pod;
}

describe('pod rows', () => {
  it('prints like kubectl get pods -A, plus the node', () => {
    const r = toRow(crashPod(), NOW);
    expect(r.id).toBe('prod/api-7d9f-x2');
    expect(r.cells).toEqual(['prod', 'api-7d9f-x2', '0/1', 'CrashLoopBackOff', '5 (2m ago)', '1h', 'node-a']);
    expect(r.tone).toBe('bad');
    expect(r.rank).toBe(0);
    expect(r.cells.length).toBe(columns.length);
  });
  it('failing pods sort first whatever the column', () => {
    const rows = [okPod('a'), crashPod('z'), okPod('b')].map((p) => toRow(p, NOW));
    expect(sortRows(rows, 1, false).map((r) => r.cells[1])).toEqual(['z', 'a', 'b']);
    expect(sortRows(rows, 1, true).map((r) => r.cells[1])).toEqual(['z', 'b', 'a']);
  });
  it('totals', () => {
    expect(podTotals([okPod('a'), crashPod(), okPod('b')])).toEqual({ total: 3, failing: 1 });
  });
  it('escape sequences and control characters in names never reach the terminal', () => {
    const p = okPod('evil\x1b[2J\x07name');
    const r = toRow(p, NOW);
    expect(r.cells[1]).not.toMatch(/\x1b|\x07/);
  });
  it('memoises rows per object identity; ages refresh the row', () => {
    let built = 0;
    const memo = createRowMemo((p: Pod, now: number) => {
      built++;
      return toRow(p, now);
    }, rowStamp);
    const pods = [okPod('a'), okPod('b')];
    const r1 = memo(pods, NOW);
    const r2 = memo([...pods], NOW + 100);
    expect(r2).toBe(r1);
    expect(built).toBe(2);
    const changed = { ...pods[0]! } as Pod;
    const r3 = memo([changed, pods[1]!], NOW + 200);
    expect(r3).not.toBe(r1);
    expect(r3[1]).toBe(r1[1]);
    expect(built).toBe(3);
    // At the same instant, objects in the places they had are taken as they were; one swapped
    // in is looked up (its row exists) and one that is new is built.
    const other = okPod('c');
    const r4 = memo([pods[1]!, changed], NOW + 200);
    expect(r4).toEqual([r1[1], r3[0]]);
    const r5 = memo([pods[1]!, other], NOW + 200);
    expect(r5[0]).toBe(r4[0]);
    expect(r5[1]!.id).toBe('prod/c');
    expect(built).toBe(4);
  });
  it('a projection keeps the rows of unchanged objects, by place or by identity', () => {
    const project = createProjection();
    const rows = [toRow(okPod('a'), NOW), toRow(okPod('b'), NOW)];
    const p1 = project(rows, [1, 3]);
    expect(p1.map((r) => r.cells)).toEqual([
      ['a', 'Running'],
      ['b', 'Running'],
    ]);
    const c = toRow(okPod('c'), NOW);
    const p2 = project([rows[0]!, c], [1, 3]);
    expect(p2[0]).toBe(p1[0]);
    expect(p2[1]!.cells[0]).toBe('c');
    const p3 = project([rows[1]!, rows[0]!], [1, 3]);
    expect(p3).toEqual([p1[1], p1[0]]);
    expect(p3[0]).toBe(p1[1]);
  });
});

describe('pod detail (describe)', () => {
  it('container state, last state with exit code and when, restarts, requests and limits, owner, node, events', () => {
    const events: KubeEvent[] = [
      {
        metadata: { name: 'e1', namespace: 'prod' },
        involvedObject: { kind: 'Pod', name: 'api-7d9f-x2', namespace: 'prod' },
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        type: 'Warning',
        count: 12,
        lastTimestamp: ago(30) as never,
      },
      {
        metadata: { name: 'e2', namespace: 'prod' },
        involvedObject: { kind: 'Pod', name: 'other', namespace: 'prod' },
        reason: 'Nope',
        type: 'Warning',
        lastTimestamp: ago(10) as never,
      },
    ] as unknown as KubeEvent[];
    const metric: PodMetric = {
      namespace: 'prod',
      name: 'api-7d9f-x2',
      cpuM: 50,
      memB: 250 * 2 ** 20,
      containers: [{ name: 'api', cpuM: 50, memB: 250 * 2 ** 20 }],
    };
    const text = describePod(crashPod(), events, metric, NOW)
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('Status: CrashLoopBackOff');
    expect(text).toContain('Node: node-a');
    expect(text).toContain('Owner: ReplicaSet/api-7d9f');
    expect(text).toContain('Waiting (CrashLoopBackOff)');
    expect(text).toContain('Last State: Terminated (OOMKilled, exit code 137) 2m ago, ran 4m');
    expect(text).toContain('Restarts: 5');
    expect(text).toContain('Requests: cpu 100m, memory 128Mi');
    expect(text).toContain('Limits: memory 256Mi');
    expect(text).toContain('Conditions: Ready=False');
    expect(text).toContain('OOM risk');
    expect(text).toContain('BackOff (x12)  Back-off restarting failed container');
    expect(text).not.toContain('Nope');
  });

  it('lists the environment: names and values, not secrets nor what comes from a Secret', () => {
    const pod = crashPod();
    pod.spec!.containers[0]!.env = [
      { name: 'FEATURE_X_ENABLED', value: 'true' },
      { name: 'DB_PASSWORD', value: 'hunter2-s3cret' },
      { name: 'DATABASE_URL', value: 'postgres://app:pw-in-url@db:5432/app' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } },
    ];
    pod.spec!.containers[0]!.envFrom = [{ configMapRef: { name: 'app-config' } }];
    const text = describePod(pod, [], undefined, NOW)
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('Environment:');
    expect(text).toContain('FEATURE_X_ENABLED=true');
    expect(text).toContain('DB_PASSWORD=(hidden)');
    expect(text).toContain('DATABASE_URL=(hidden)');
    expect(text).toContain('API_TOKEN=(from secret api.token)');
    expect(text).toContain('LOG_LEVEL=(from configmap app-config.LOG_LEVEL)');
    expect(text).toContain('all of configmap app-config');
    expect(text).not.toMatch(/hunter2|pw-in-url/);
  });
});

describe('events', () => {
  const ev = (
    name: string,
    obj: string,
    reason: string,
    message: string,
    count: number,
    secsAgo: number,
    type = 'Warning',
  ) =>
    ({
      metadata: { name, namespace: 'prod' },
      involvedObject: { kind: 'Pod', name: obj, namespace: 'prod' },
      reason,
      message,
      type,
      count,
      lastTimestamp: ago(secsAgo),
    }) as unknown as KubeEvent;
  it('keeps Warnings only, folds repeats with their count, newest first', () => {
    const f = foldWarnings([
      ev('1', 'a', 'BackOff', 'restarting', 3, 100),
      ev('2', 'a', 'BackOff', 'restarting', 4, 20),
      ev('3', 'b', 'Unhealthy', 'probe failed', 1, 50),
      ev('4', 'c', 'Pulled', 'ok', 1, 1, 'Normal'),
    ]);
    expect(f.map((x) => [x.object, x.count])).toEqual([
      ['Pod/a', 7],
      ['Pod/b', 1],
    ]);
    expect(eventRow(f[0]!, NOW).cells).toEqual(['20s', 'prod', 'Pod/a', 'BackOff', '7', 'restarting']);
  });
});

describe('deployments', () => {
  const d = {
    metadata: {
      name: 'api',
      namespace: 'prod',
      uid: 'd1',
      generation: 3,
      creationTimestamp: ago(7200),
      annotations: { 'deployment.kubernetes.io/revision': '4' },
    },
    spec: { replicas: 3 },
    status: {
      observedGeneration: 3,
      replicas: 3,
      updatedReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    },
  } as unknown as Deployment;
  it('a stalled rollout is red and first', () => {
    const r = depRow(d, NOW);
    expect(r.cells.slice(0, 5)).toEqual(['prod', 'api', '2/3', '1', '2']);
    expect(r.cells[5]).toContain('ProgressDeadlineExceeded');
    expect(r.cells[6]).toBe('4');
    expect(r.tone).toBe('bad');
    expect(r.rank).toBe(0);
  });
  it('history lines, or the reason it is missing', () => {
    const rs = {
      metadata: {
        name: 'api-x',
        namespace: 'prod',
        creationTimestamp: ago(600),
        annotations: {
          'deployment.kubernetes.io/revision': '4',
          'kubernetes.io/change-cause': 'image bump to 1.4',
        },
        ownerReferences: [{ kind: 'Deployment', name: 'api', uid: 'd1' }],
      },
      spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1.4' }] } } },
      status: { replicas: 1 },
    } as unknown as ReplicaSet;
    const text = historyLines(d, [rs], NOW)
      .map((l) => l.text)
      .join('\n');
    expect(text).toMatch(/4\*\s+10m\s+1\s+image bump to 1\.4\s+\[api:1\.4\]/);
    expect(
      historyLines(d, [], NOW, '403 Forbidden: not allowed to list replicasets.apps in all namespaces')[1]!
        .text,
    ).toContain('list replicasets');
  });
});

describe('top', () => {
  it('pod usage as a share of requests and limits; OOM risk flagged first', () => {
    const m: PodMetric = {
      namespace: 'prod',
      name: 'api-7d9f-x2',
      cpuM: 50,
      memB: 240 * 2 ** 20,
      containers: [],
    };
    const r = podUsageRow(m, crashPod());
    expect(r.cells).toEqual([
      'prod',
      'api-7d9f-x2',
      '50m',
      '50%',
      '—',
      '240MiB',
      '188%',
      '94%',
      '▲ OOM risk',
    ]);
    expect(r.rank).toBe(0);
    expect(podUsageRow({ ...m, memB: 10 * 2 ** 20 }, crashPod()).rank).toBe(1);
  });
  it('rows over polls: kept while usage and pod are the same, rebuilt when either changes', () => {
    const rows = createPodUsageRows();
    const pod = crashPod();
    const key = { namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, containers: [] };
    const m: PodMetric = { ...key, cpuM: 50, memB: 240 * 2 ** 20 };
    const [first] = rows([m], [pod]);
    expect(first).toEqual(podUsageRow(m, pod));
    expect(rows([{ ...m }], [pod])[0]).toBe(first);
    const [cooler] = rows([{ ...m, memB: 10 * 2 ** 20 }], [pod]);
    expect(cooler).toEqual(podUsageRow({ ...m, memB: 10 * 2 ** 20 }, pod));
    const resized = structuredClone(pod);
    resized.spec!.containers[0]!.resources = { limits: { memory: '1Gi' } };
    expect(rows([{ ...m, memB: 10 * 2 ** 20 }], [resized])[0]).toEqual(
      podUsageRow({ ...m, memB: 10 * 2 ** 20 }, resized),
    );
    expect(rows([m], [])[0]).toEqual(podUsageRow(m, undefined));
    expect(rows([], [pod])).toEqual([]);
  });
  it('nodes: Ready, pressure, cordoned, pod count, usage of allocatable', () => {
    const n = {
      metadata: { name: 'node-a' },
      spec: { unschedulable: true },
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'DiskPressure', status: 'True' },
        ],
      },
    } as unknown as Node;
    const counts = podsPerNode([crashPod(), okPod('a'), okPod('b')]);
    const r = nodeRow(n, { name: 'node-a', cpuM: 1000, memB: 4 * 2 ** 30 }, counts.get('node-a') ?? 0);
    expect(r.cells).toEqual(['node-a', 'Ready,Cordoned', 'Disk', '1/110', '1000m', '25%', '4.0GiB', '50%']);
    expect(r.rank).toBe(0);
  });
});
