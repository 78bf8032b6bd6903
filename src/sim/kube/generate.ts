// The clusters the simulator starts with: a small demo cluster (the 'web3-marketplace'
// namespace with backend, frontend and worker, plus kube-system), or a big generated one
// (roughly N pods across M namespaces) for benchmarks.
import type { Cluster, SimCluster } from './cluster.js';
import { KEYS } from './objects.js';

export interface GenerateOptions {
  pods?: number;
  namespaces?: number;
  /** How long ago the generated objects were created (seconds). */
  ageSeconds?: number;
}

const SMALL = 3 + 2 + 2 + 2 + 1;

function kubeSystem(c: Cluster): void {
  c.createDeployment('kube-system', 'coredns', {
    replicas: 2,
    image: 'registry.k8s.io/coredns/coredns:v1.11.3',
    labels: { 'k8s-app': 'kube-dns' },
    resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
  });
  c.createDeployment('kube-system', 'metrics-server', {
    replicas: 1,
    image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
    labels: { 'k8s-app': 'metrics-server' },
    resources: { requests: { cpu: '100m', memory: '200Mi' } },
  });
}

const MARKETPLACE_LABELS = { 'app.kubernetes.io/part-of': 'marketplace' };

export function generate(c: Cluster, o: GenerateOptions): void {
  const pods = o.pods ?? SMALL;
  const nodeCount = Math.max(3, Math.ceil(pods / 100));
  c.instant = true;
  c.store.backdateMs = (o.ageSeconds ?? 0) * 1000;
  try {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) c.ensureNamespace(ns);
    for (let i = 1; i <= nodeCount; i++) c.addNode(`node-${i}`);
    kubeSystem(c);
    if (pods <= 40 && !o.namespaces) {
      const ns = 'web3-marketplace';
      marketplace(c, ns, {
        image: 'ghcr.io/web3-marketplace/backend:1.8.2',
        env: { NODE_ENV: 'production', DB_POOL_SIZE: '20', RPC_URL: 'http://chain-rpc:8545' },
      });
      // A few more to reach the requested size.
      for (let i = 0; pods > SMALL && i < Math.ceil((pods - SMALL) / 2); i++) {
        c.createDeployment(ns, `svc-${i + 1}`, {
          replicas: 2,
          image: `ghcr.io/web3-marketplace/svc:${i + 1}.0.0`,
          labels: MARKETPLACE_LABELS,
        });
      }
    } else {
      const nsCount = Math.max(1, o.namespaces ?? Math.ceil(pods / 100));
      const perDeployment = 5;
      const deployments = Math.max(1, Math.round((pods - 3) / perDeployment));
      for (let i = 0; i < deployments; i++) {
        const ns = `team-${String((i % nsCount) + 1).padStart(2, '0')}`;
        c.createDeployment(ns, `svc-${String(Math.floor(i / nsCount) + 1).padStart(3, '0')}`, {
          replicas: perDeployment,
          image: `ghcr.io/example/svc:${1 + (i % 7)}.${i % 10}.0`,
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        });
      }
    }
    c.reconcile();
    c.reconcile();
  } finally {
    c.instant = false;
    c.store.backdateMs = 0;
  }
  if (pods <= 40) startupEvents(c);
}

/** The events a fresh small cluster would show (the big one stays quiet to keep lists small). */
function startupEvents(c: Cluster): void {
  for (const d of c.store.list(KEYS.deployments)) {
    const rs = c.store.ownedBy(KEYS.replicasets, d.metadata.uid)[0];
    if (rs) {
      c.addEvent(
        d.metadata.namespace,
        { kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid },
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs.metadata.name} from 0 to ${d.spec.replicas}`,
        'deployment-controller',
      );
    }
  }
  for (const p of c.listPods()) {
    const ref = { kind: 'Pod', name: p.metadata.name, uid: p.metadata.uid };
    const ns = p.metadata.namespace;
    const image = p.spec.containers[0]?.image;
    const name = p.spec.containers[0]?.name;
    c.addEvent(
      ns,
      ref,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${p.metadata.name} to ${p.spec.nodeName}`,
      'default-scheduler',
    );
    c.addEvent(
      ns,
      ref,
      'Normal',
      'Pulled',
      `Container image "${image}" already present on machine`,
      'kubelet',
    );
    c.addEvent(ns, ref, 'Normal', 'Created', `Created container: ${name}`, 'kubelet');
    c.addEvent(ns, ref, 'Normal', 'Started', `Started container ${name}`, 'kubelet');
  }
}

/**
 * The runbooks' web3-marketplace services (backend 3 replicas, frontend 2, worker 2), as the
 * default small cluster and the demo create them; the backend's image and env are the caller's,
 * and the caller may add to the worker's env. They roll out a whole new ReplicaSet at once
 * (maxSurge 100%) and keep every old pod until a new one is ready (maxUnavailable 0): fast and
 * without downtime, and a release whose pods pass readiness for a moment before crashing
 * replaces every old pod (the bad-deploy drill).
 */
export function marketplace(
  c: Pick<SimCluster, 'createDeployment'>,
  ns: string,
  backend: { image: string; env: Record<string, string> },
  worker: { env?: Record<string, string> } = {},
): void {
  const common = MARKETPLACE_LABELS;
  const strategy = () => ({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } });
  c.createDeployment(ns, 'backend', {
    replicas: 3,
    image: backend.image,
    env: backend.env,
    labels: common,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    changeCause: 'deploy backend 1.8.2',
    strategy: strategy(),
  });
  c.createDeployment(ns, 'frontend', {
    replicas: 2,
    image: 'ghcr.io/web3-marketplace/frontend:2.4.0',
    labels: common,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    changeCause: 'deploy frontend 2.4.0',
    strategy: strategy(),
  });
  c.createDeployment(ns, 'worker', {
    replicas: 2,
    image: 'ghcr.io/web3-marketplace/worker:1.8.2',
    env: { QUEUE: 'orders', CONCURRENCY: '4', ...worker.env },
    labels: common,
    resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    changeCause: 'deploy worker 1.8.2',
    strategy: strategy(),
  });
}
