// Builders for Kubernetes objects as the real control plane writes them: namespaces, nodes,
// deployments (with defaults), replica sets and pods from a template.
import { isoSeconds, type Rng, hex } from './util.js';

export const KEYS = {
  namespaces: '/namespaces',
  nodes: '/nodes',
  pods: '/pods',
  events: '/events',
  configmaps: '/configmaps',
  deployments: 'apps/deployments',
  replicasets: 'apps/replicasets',
} as const;

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function namespace(name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function node(name: string, index: number): any {
  const ip = `10.0.${Math.floor(index / 200)}.${(index % 200) + 10}`;
  const cap = { cpu: '4', memory: '16374584Ki', pods: '110', 'ephemeral-storage': '101430960Ki' };
  const alloc = { cpu: '3920m', memory: '15223608Ki', pods: '110', 'ephemeral-storage': '93478772582' };
  const now = isoSeconds();
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': `eu-west-1${'abc'[index % 3]}`,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity: cap,
      allocatable: alloc,
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `ec2${index.toString(16).padStart(29, '0')}`,
        systemUUID: `ec2${index.toString(16).padStart(29, '0')}`,
        bootID: `b00710${index.toString(16).padStart(26, '0')}`,
        kernelVersion: '6.1.112-122.189.amzn2023.x86_64',
        osImage: 'Amazon Linux 2023.6.20241010',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export interface DeploymentOpts {
  replicas: number;
  image: string;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  changeCause?: string;
  progressDeadlineSeconds?: number;
  /** spec.strategy (default RollingUpdate with maxSurge and maxUnavailable 25%). */
  strategy?: any;
}

export function deployment(ns: string, name: string, o: DeploymentOpts): any {
  const labels = { app: name, ...(o.labels ?? {}) };
  const container: any = {
    name,
    image: o.image,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources: o.resources ?? {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
  if (o.env) container.env = Object.entries(o.env).map(([n, value]) => ({ name: n, value }));
  const dep: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels, annotations: {} as Record<string, string> },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  };
  if (o.changeCause) dep.metadata.annotations[CHANGE_CAUSE] = o.changeCause;
  if (o.progressDeadlineSeconds) dep.spec.progressDeadlineSeconds = o.progressDeadlineSeconds;
  if (o.strategy) dep.spec.strategy = o.strategy;
  return defaultDeployment(dep);
}

/** The defaults the API server fills in for a Deployment. */
export function defaultDeployment(dep: any): any {
  dep.apiVersion = 'apps/v1';
  dep.kind = 'Deployment';
  dep.metadata.generation ??= 1;
  dep.metadata.annotations ??= {};
  const s = (dep.spec ??= {});
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  s.template ??= { metadata: {}, spec: { containers: [] } };
  defaultPodSpec((s.template.spec ??= { containers: [] }));
  dep.status ??= {};
  return dep;
}

export function defaultPodSpec(spec: any): any {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) {
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.imagePullPolicy ??= c.image?.endsWith(':latest') || !c.image?.includes(':') ? 'Always' : 'IfNotPresent';
    c.resources ??= {};
  }
  return spec;
}

export function replicaSet(dep: any, hash: string, revision: number, replicas: number): any {
  const template = structuredClone(dep.spec.template);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(dep.metadata.annotations ?? {})) {
    if (k === LAST_APPLIED || k.startsWith('deployment.kubernetes.io/')) continue;
    annotations[k] = v;
  }
  annotations['deployment.kubernetes.io/desired-replicas'] = String(dep.spec.replicas);
  annotations['deployment.kubernetes.io/max-replicas'] = String(
    dep.spec.replicas + Math.ceil(dep.spec.replicas * 0.25),
  );
  annotations[REVISION] = String(revision);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${dep.metadata.name}-${hash}`,
      namespace: dep.metadata.namespace,
      labels: { ...(dep.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
      annotations,
      generation: 1,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: dep.metadata.name,
          uid: dep.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      minReadySeconds: dep.spec.minReadySeconds ?? 0,
      selector: { matchLabels: { ...(dep.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
      template,
    },
    status: { replicas: 0, observedGeneration: 1 },
  };
}

export function podFromTemplate(rs: any, name: string): any {
  const t = rs.spec.template;
  const spec = defaultPodSpec(structuredClone(t.spec));
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.tolerations ??= [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec,
    status: { phase: 'Pending', qosClass: qosClass(spec) },
  };
}

export function qosClass(spec: any): string {
  let any = false;
  let guaranteed = true;
  for (const c of spec.containers ?? []) {
    const r = c.resources ?? {};
    if (r.requests || r.limits) any = true;
    const req = r.requests ?? r.limits ?? {};
    const lim = r.limits ?? {};
    if (!lim.cpu || !lim.memory || req.cpu !== lim.cpu || req.memory !== lim.memory) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function containerId(rng: Rng): string {
  return `containerd://${hex(rng, 64)}`;
}

export function imageId(image: string, rng: Rng): string {
  const repo = image.split(':')[0]!;
  const full = repo.includes('/') ? repo : `docker.io/library/${repo}`;
  return `${full}@sha256:${hex(rng, 64)}`;
}
