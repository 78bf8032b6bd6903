// Server-side Table output (meta.k8s.io/v1 Table), with the columns kubectl prints for each
// kind, computed the way the API server's printers compute them.
import { networkPrinters } from './tables-networking.js';
import { age } from './util.js';

export type Col = { name: string; type: string; format?: string; priority?: number; description?: string };

const NAME: Col = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
};
const AGE: Col = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

export interface Printer {
  columns: Col[];
  row(obj: any, now: number): unknown[];
}

export function podStatusCells(
  pod: any,
  now = Date.now(),
): { ready: string; status: string; restarts: string } {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  let restarts = 0;
  let readyCount = 0;
  let lastRestart = 0;
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    restarts += c.restartCount ?? 0;
    const fin = c.lastState?.terminated?.finishedAt;
    if (fin && Date.parse(fin) > lastRestart) lastRestart = Date.parse(fin);
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) {
      reason = c.state.terminated.signal
        ? `Signal:${c.state.terminated.signal}`
        : `ExitCode:${c.state.terminated.exitCode}`;
    } else if (c.ready && c.state?.running) {
      hasRunning = true;
      readyCount++;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartsCell = lastRestart
    ? `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)`
    : String(restarts);
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartsCell };
}

const none = (v: string | undefined | null) => (v ? v : '<none>');

function selectorString(sel: any): string {
  const ml = sel?.matchLabels ?? {};
  const parts = Object.entries(ml).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? [])
    parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.length ? parts.join(',') : '<none>';
}

function containersImages(spec: any): [string, string] {
  const cs: any[] = spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

/** The wide (-o wide) columns of a workload with a pod template, and their cells. */
const TEMPLATE_WIDE: Col[] = [
  {
    name: 'Containers',
    type: 'string',
    priority: 1,
    description: 'Names of each container in the template.',
  },
  {
    name: 'Images',
    type: 'string',
    priority: 1,
    description: 'Images referenced by each container in the template.',
  },
  { name: 'Selector', type: 'string', priority: 1, description: 'Label selector for pods.' },
];
const templateCells = (w: any) => [
  ...containersImages(w.spec?.template?.spec),
  selectorString(w.spec?.selector),
];

const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      NAME,
      {
        name: 'Ready',
        type: 'string',
        description: 'The aggregate readiness state of this pod for accepting traffic.',
      },
      { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.' },
      {
        name: 'Restarts',
        type: 'string',
        description:
          'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      },
      AGE,
      { name: 'IP', type: 'string', priority: 1, description: 'IP address allocated to the pod.' },
      {
        name: 'Node',
        type: 'string',
        priority: 1,
        description: 'Name of the Node this pod is scheduled to.',
      },
      {
        name: 'Nominated Node',
        type: 'string',
        priority: 1,
        description: 'Name of the Node nominated for this pod.',
      },
      { name: 'Readiness Gates', type: 'string', priority: 1, description: 'Readiness gates of this pod.' },
    ],
    row(p, now) {
      const s = podStatusCells(p, now);
      return [
        p.metadata.name,
        s.ready,
        s.status,
        s.restarts,
        age(p.metadata.creationTimestamp, now),
        none(p.status?.podIP),
        none(p.spec?.nodeName),
        none(p.status?.nominatedNodeName),
        '<none>',
      ];
    },
  },
  Deployment: {
    columns: [
      NAME,
      { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
      {
        name: 'Up-to-date',
        type: 'integer',
        description:
          'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      },
      {
        name: 'Available',
        type: 'integer',
        description:
          'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      },
      AGE,
      ...TEMPLATE_WIDE,
    ],
    row: (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now),
      ...templateCells(d),
    ],
  },
  ReplicaSet: {
    columns: [
      NAME,
      { name: 'Desired', type: 'integer', description: 'Number of desired pods.' },
      { name: 'Current', type: 'integer', description: 'Number of actual replicas.' },
      { name: 'Ready', type: 'integer', description: 'The number of ready replicas for this replica set.' },
      AGE,
      ...TEMPLATE_WIDE,
    ],
    row: (r, now) => [
      r.metadata.name,
      r.spec?.replicas ?? 0,
      r.status?.replicas ?? 0,
      r.status?.readyReplicas ?? 0,
      age(r.metadata.creationTimestamp, now),
      ...templateCells(r),
    ],
  },
  Node: {
    columns: [
      NAME,
      { name: 'Status', type: 'string', description: 'The status of the node' },
      { name: 'Roles', type: 'string', description: 'The roles of the node' },
      AGE,
      { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.' },
      {
        name: 'Internal-IP',
        type: 'string',
        priority: 1,
        description: 'List of addresses reachable to the node.',
      },
      {
        name: 'External-IP',
        type: 'string',
        priority: 1,
        description: 'List of addresses reachable to the node.',
      },
      { name: 'OS-Image', type: 'string', priority: 1, description: 'OS Image reported by the node.' },
      {
        name: 'Kernel-Version',
        type: 'string',
        priority: 1,
        description: 'Kernel Version reported by the node.',
      },
      {
        name: 'Container-Runtime',
        type: 'string',
        priority: 1,
        description: 'Container Runtime Version reported by the node.',
      },
    ],
    row(n, now) {
      const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
      if (n.spec?.unschedulable) status += ',SchedulingDisabled';
      const roles = Object.keys(n.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length));
      const addr = (t: string) => (n.status?.addresses ?? []).find((a: any) => a.type === t)?.address;
      const info = n.status?.nodeInfo ?? {};
      return [
        n.metadata.name,
        status,
        roles.length ? roles.join(',') : '<none>',
        age(n.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        none(addr('InternalIP')),
        none(addr('ExternalIP')),
        info.osImage ?? '<unknown>',
        info.kernelVersion ?? '<unknown>',
        info.containerRuntimeVersion ?? '<unknown>',
      ];
    },
  },
  Event: {
    columns: [
      {
        name: 'Last Seen',
        type: 'string',
        description: 'The time at which the most recent occurrence of this event was recorded.',
      },
      {
        name: 'Type',
        type: 'string',
        description: 'Type of this event (Normal, Warning), new types could be added in the future.',
      },
      {
        name: 'Reason',
        type: 'string',
        description:
          "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      },
      { name: 'Object', type: 'string', description: 'The object that this event is about.' },
      {
        name: 'Subobject',
        type: 'string',
        priority: 1,
        description: 'The subobject (e.g. a container) that this event is about.',
      },
      { name: 'Source', type: 'string', priority: 1, description: 'The component reporting this event.' },
      {
        name: 'Message',
        type: 'string',
        description: 'A human-readable description of the status of this operation.',
      },
      {
        name: 'First Seen',
        type: 'string',
        priority: 1,
        description: 'The time at which the event was first recorded.',
      },
      {
        name: 'Count',
        type: 'string',
        priority: 1,
        description: 'The number of times this event has occurred.',
      },
      { name: 'Name', type: 'string', priority: 1, format: 'name', description: NAME.description },
    ],
    row(e, now) {
      const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const last = e.lastTimestamp ?? e.eventTime ?? first;
      const count = e.count ?? e.series?.count ?? 1;
      const lastSeen = count > 1 ? `${age(last, now)} (x${count} over ${age(first, now)})` : age(last, now);
      const io = e.involvedObject ?? {};
      return [
        lastSeen,
        e.type ?? '',
        e.reason ?? '',
        `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
        io.fieldPath ?? '',
        [e.source?.component, e.source?.host].filter(Boolean).join(', ') || e.reportingComponent || '',
        e.message ?? '',
        age(first, now),
        String(count),
        e.metadata.name,
      ];
    },
  },
  ConfigMap: {
    columns: [
      NAME,
      { name: 'Data', type: 'integer', description: 'Data contains the configuration data.' },
      AGE,
    ],
    row: (c, now) => [
      c.metadata.name,
      Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
      age(c.metadata.creationTimestamp, now),
    ],
  },
  Namespace: {
    columns: [NAME, { name: 'Status', type: 'string', description: 'The status of the namespace' }, AGE],
    row: (n, now) => [n.metadata.name, n.status?.phase ?? 'Active', age(n.metadata.creationTimestamp, now)],
  },
  ...networkPrinters(NAME, AGE),
};

const DEFAULT: Printer = {
  columns: [NAME, { name: 'Created At', type: 'date', description: 'CreationTimestamp' }],
  row: (o) => [o.metadata?.name ?? '', o.metadata?.creationTimestamp ?? ''],
};

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function rowObject(obj: any, include: string | undefined): any {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(
  kind: string,
  objs: any[],
  meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  includeObject?: string,
  noHeaders = false,
): any {
  const p = PRINTERS[kind] ?? DEFAULT;
  const now = Date.now();
  const columns = p.columns.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
  }));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    ...(noHeaders ? {} : { columnDefinitions: columns }),
    rows: objs.map((o) => {
      const obj = rowObject(o, includeObject);
      return { cells: p.row(o, now), ...(obj ? { object: obj } : {}) };
    }),
  };
}
