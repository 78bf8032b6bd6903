// Fidelity: the real kubectl (1.32) against the simulator. Read paths (get, describe, top,
// events, logs), write paths (scale, rollout restart/undo/status/history, set env, apply and
// delete, delete pod, dry-run=server), authorisation (auth can-i, RBAC 403, 401), and the
// console's pod status agreeing with what kubectl prints.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { podStatus, rolloutState } from '../../src/data/kubernetes/status.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
/** A controller that only moves when the test says so (cluster.tick()). */
const FROZEN = { tickMs: 3_600_000 };

function table(out: string): Record<string, string>[] {
  const lines = out.trimEnd().split('\n');
  const header = lines[0]!;
  const starts: number[] = [];
  const names: string[] = [];
  const re = /(\S+(?: \S+)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header))) {
    starts.push(m.index);
    names.push(m[1]!);
  }
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    names.forEach((n, i) => (row[n] = line.slice(starts[i], starts[i + 1]).trim()));
    return row;
  });
}

describe('kubectl reads', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv(FROZEN);
    env.sim.cluster.setFaultRule((_pod, dep) => {
      if (dep?.metadata.name === 'worker') return 'CrashLoopBackOff';
      if (dep?.metadata.name === 'frontend') return 'OOMKilled';
      return null;
    });
    env.sim.cluster.createDeployment(NS, 'reports', {
      replicas: 1,
      image: 'ghcr.io/web3-marketplace/reports:0.1.0',
    });
    env.sim.cluster.setFaultRule((pod, dep) => {
      if (dep?.metadata.name === 'worker') return 'CrashLoopBackOff';
      if (dep?.metadata.name === 'frontend') return 'OOMKilled';
      if (dep?.metadata.name === 'reports') return 'Pending';
      return null;
    });
    // Tick until the workers sit in CrashLoopBackOff and the frontends have been OOM-killed.
    const c = env.sim.cluster;
    const waiting = (app: string) =>
      c
        .listPods(NS)
        .filter((p) => p.metadata.labels.app === app)
        .every((p) => p.status.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
    for (let i = 0; i < 60 && !(waiting('worker') && waiting('frontend')); i++) c.tick();
    expect(waiting('worker') && waiting('frontend')).toBe(true);
  });
  afterAll(() => env?.close());

  it('get pods -A lists every pod with kubectl columns, and the console status agrees', async () => {
    const r = await env.kubectl(['get', 'pods', '-A']);
    expect(r.code, r.stderr).toBe(0);
    const rows = table(r.stdout);
    const pods = env.sim.cluster.listPods();
    expect(rows.map((x) => `${x.NAMESPACE}/${x.NAME}`).sort()).toEqual(
      pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort(),
    );
    expect(Object.keys(rows[0]!)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const json = JSON.parse((await env.kubectl(['get', 'pods', '-A', '-o', 'json'])).stdout);
    const statuses = new Set<string>();
    for (const pod of json.items) {
      const row = rows.find((x) => x.NAME === pod.metadata.name)!;
      const s = podStatus(pod);
      statuses.add(row.STATUS!);
      expect(row.STATUS, pod.metadata.name).toBe(s.reason);
      expect(row.READY, pod.metadata.name).toBe(`${s.ready}/${s.total}`);
      expect(Number(row.RESTARTS!.split(' ')[0]), pod.metadata.name).toBe(s.restarts);
    }
    // The scenario shows the states people meet in incidents.
    expect([...statuses].sort()).toEqual(['CrashLoopBackOff', 'Pending', 'Running']);
  });

  it('get pods -o wide adds IP and NODE', async () => {
    const r = await env.kubectl(['get', 'pods', '-n', NS, '-o', 'wide', '-l', 'app=backend']);
    const rows = table(r.stdout);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.IP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(row.NODE).toMatch(/^node-\d+$/);
    }
  });

  it('get deploy shows READY, UP-TO-DATE, AVAILABLE', async () => {
    const r = await env.kubectl(['get', 'deploy', '-n', NS]);
    expect(r.code, r.stderr).toBe(0);
    const rows = table(r.stdout);
    const backend = rows.find((x) => x.NAME === 'backend')!;
    expect(backend).toMatchObject({ READY: '3/3', 'UP-TO-DATE': '3', AVAILABLE: '3' });
    const worker = rows.find((x) => x.NAME === 'worker')!;
    expect(worker.READY).toBe('0/2');
  });

  it('describe pod shows containers, last state OOMKilled with exit code 137, and events', async () => {
    const pod = env.sim.cluster.listPods(NS).find((p) => p.metadata.name.startsWith('frontend-'))!;
    const r = await env.kubectl(['describe', 'pod', '-n', NS, pod.metadata.name]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Name:             ${pod.metadata.name}`);
    expect(r.stdout).toContain('Controlled By:  ReplicaSet/frontend-');
    expect(r.stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled\n\s+Exit Code:\s+137/);
    expect(r.stdout).toMatch(/Restart Count:\s+[1-9]/);
    expect(r.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(r.stdout).toContain('Back-off restarting failed container frontend');
  });

  it('describe pod of an unschedulable pod shows PodScheduled False and FailedScheduling', async () => {
    const pod = env.sim.cluster.listPods(NS).find((p) => p.metadata.name.startsWith('reports-'))!;
    const r = await env.kubectl(['describe', 'pod', '-n', NS, pod.metadata.name]);
    expect(r.stdout).toMatch(/Status:\s+Pending/);
    expect(r.stdout).toMatch(/PodScheduled\s+False/);
    expect(r.stdout).toContain('FailedScheduling');
  });

  it('top pods and top nodes read metrics.k8s.io', async () => {
    const pods = await env.kubectl(['top', 'pods', '-n', NS]);
    expect(pods.code, pods.stderr).toBe(0);
    const rows = table(pods.stdout);
    expect(rows.some((x) => x.NAME!.startsWith('backend-'))).toBe(true);
    for (const row of rows) {
      expect(row['CPU(cores)']).toMatch(/^\d+m$/);
      expect(row['MEMORY(bytes)']).toMatch(/^\d+Mi$/);
    }
    const nodes = await env.kubectl(['top', 'nodes']);
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(table(nodes.stdout).map((x) => x.NAME)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('top pods without metrics.k8s.io says the metrics API is not available', async () => {
    env.sim.setMetricsAvailable(false);
    try {
      const r = await env.kubectl(['top', 'pods', '-n', NS]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Metrics API not available');
    } finally {
      env.sim.setMetricsAvailable(true);
    }
  });

  it('get events shows folded warnings with their count', async () => {
    const r = await env.kubectl(['get', 'events', '-n', NS]);
    expect(r.code, r.stderr).toBe(0);
    const rows = table(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    const backoff = rows.find((x) => x.REASON === 'BackOff' && x.OBJECT!.startsWith('pod/worker-'));
    expect(backoff?.TYPE).toBe('Warning');
    env.sim.cluster.addEvent(NS, { kind: 'Deployment', name: 'backend' }, 'Warning', 'Probe', 'ready?');
    env.sim.cluster.addEvent(NS, { kind: 'Deployment', name: 'backend' }, 'Warning', 'Probe', 'ready?');
    const again = table((await env.kubectl(['get', 'events', '-n', NS])).stdout);
    expect(again.find((x) => x.REASON === 'Probe')?.['LAST SEEN']).toMatch(/\(x2 over /);
  });

  it('logs --previous gives the crashed container, logs --tail and --timestamps format lines', async () => {
    const pod = env.sim.cluster.listPods(NS).find((p) => p.metadata.name.startsWith('worker-'))!;
    expect(pod.status.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
    const prev = await env.kubectl(['logs', '-n', NS, pod.metadata.name, '--previous']);
    expect(prev.code, prev.stderr).toBe(0);
    expect(prev.stdout).toContain('panic: runtime error');
    env.sim.cluster.appendLog(NS, 'backend-x', 'backend', 'ignored');
    const b = env.sim.cluster.listPods(NS).find((p) => p.metadata.name.startsWith('backend-'))!;
    // The containers are quiet meanwhile: otherwise a second passing between the appends and the
    // read lets the container log a line of its own after them (as a real one would).
    const generator = env.sim.cluster.logs.generator;
    env.sim.cluster.setLogGenerator(null);
    env.sim.cluster.appendLog(NS, b.metadata.name, 'backend', 'first line');
    env.sim.cluster.appendLog(NS, b.metadata.name, 'backend', 'second line');
    const tail = await env.kubectl(['logs', '-n', NS, b.metadata.name, '--tail=2', '--timestamps']);
    env.sim.cluster.setLogGenerator(generator);
    expect(tail.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z first line\n\S+ second line\n$/);
    const none = await env.kubectl(['logs', '-n', NS, b.metadata.name, '--previous']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('previous terminated container "backend"');
  });

  it('kubectl get -w prints pods as they change', async () => {
    const s = env.kubectlStream(['get', 'pods', '-n', NS, '-l', 'app=backend', '-w']);
    await s.waitFor('backend-');
    const victim = env.sim.cluster.listPods(NS).find((p) => p.metadata.name.startsWith('backend-'))!;
    env.sim.cluster.deletePod(NS, victim.metadata.name);
    await s.waitFor(new RegExp(`${victim.metadata.name}\\s+1/1\\s+Terminating`));
    s.kill();
  });
});

describe('kubectl writes', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv({ tickMs: 100 });
  });
  afterAll(() => env?.close());

  const images = () =>
    env.sim.cluster
      .listPods(NS)
      .filter((p) => p.metadata.labels.app === 'backend' && !p.metadata.deletionTimestamp)
      .map((p) => p.spec.containers[0].image);

  it('scale changes the replicas and the pods follow', async () => {
    const r = await env.kubectl(['scale', '-n', NS, 'deploy/backend', '--replicas=5']);
    expect(r.stdout).toContain('deployment.apps/backend scaled');
    const status = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/backend', '--timeout=20s']);
    expect(status.stdout).toContain('successfully rolled out');
    await waitFor(
      () => images().length,
      (n) => n === 5,
      { what: '5 backend pods' },
    );
    expect(env.sim.mutations().some((m) => m.subresource === 'scale' && m.name === 'backend')).toBe(true);
  });

  it('--dry-run=server changes nothing', async () => {
    const before = env.sim.mutations().length;
    const r = await env.kubectl(['scale', '-n', NS, 'deploy/backend', '--replicas=9', '--dry-run=server']);
    expect(r.stdout).toContain('(server dry run)');
    const e = await env.kubectl(['set', 'env', '-n', NS, 'deploy/backend', 'X=1', '--dry-run=server']);
    expect(e.code, e.stderr).toBe(0);
    expect(env.sim.cluster.getDeployment(NS, 'backend').spec.replicas).toBe(5);
    expect(
      env.sim.cluster.getDeployment(NS, 'backend').spec.template.spec.containers[0].env,
    ).not.toContainEqual({
      name: 'X',
      value: '1',
    });
    expect(env.sim.mutations().length).toBe(before);
    expect(env.sim.requests.some((q) => q.dryRun && q.verb === 'patch')).toBe(true);
  });

  it('set image then rollout undo returns the pods to the earlier image; history lists revisions', async () => {
    await env.kubectl([
      'set',
      'image',
      '-n',
      NS,
      'deploy/backend',
      'backend=ghcr.io/web3-marketplace/backend:1.9.0',
    ]);
    await env.kubectl([
      'annotate',
      '-n',
      NS,
      'deploy/backend',
      'kubernetes.io/change-cause=bump to 1.9.0',
      '--overwrite',
    ]);
    await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/backend', '--timeout=20s']);
    await waitFor(images, (i) => i.length === 5 && i.every((x) => x.endsWith(':1.9.0')), {
      what: 'new image',
    });
    const hist = await env.kubectl(['rollout', 'history', '-n', NS, 'deploy/backend']);
    expect(hist.stdout).toMatch(/1\s+deploy backend 1\.8\.2/);
    expect(hist.stdout).toMatch(/2\s+bump to 1\.9\.0/);
    const undo = await env.kubectl(['rollout', 'undo', '-n', NS, 'deploy/backend']);
    expect(undo.stdout).toContain('rolled back');
    const st = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/backend', '--timeout=20s']);
    expect(st.stdout).toContain('successfully rolled out');
    await waitFor(images, (i) => i.length === 5 && i.every((x) => x.endsWith(':1.8.2')), {
      what: 'old image back',
    });
    const after = await env.kubectl(['rollout', 'history', '-n', NS, 'deploy/backend']);
    // The rolled-back ReplicaSet becomes revision 3; revision 1 is gone (as in a real cluster).
    expect(after.stdout).toMatch(/2\s+bump to 1\.9\.0/);
    expect(after.stdout).toMatch(/3\s+deploy backend 1\.8\.2/);
    expect(after.stdout).not.toMatch(/^1\s/m);
    expect(
      env.sim.cluster.getDeployment(NS, 'backend').metadata.annotations['deployment.kubernetes.io/revision'],
    ).toBe('3');
  });

  it('rollout restart makes a new ReplicaSet and replaces every pod', async () => {
    const old = new Set(
      env.sim.cluster
        .listPods(NS)
        .filter((p) => p.metadata.labels.app === 'frontend')
        .map((p) => p.metadata.name),
    );
    const r = await env.kubectl(['rollout', 'restart', '-n', NS, 'deploy/frontend']);
    expect(r.stdout).toContain('deployment.apps/frontend restarted');
    const st = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/frontend', '--timeout=20s']);
    expect(st.stdout).toContain('successfully rolled out');
    await waitFor(
      () => env.sim.cluster.listPods(NS).filter((p) => p.metadata.labels.app === 'frontend'),
      (ps) => ps.length === 2 && ps.every((p) => !old.has(p.metadata.name)),
      { what: 'new frontend pods' },
    );
    const t = env.sim.cluster.getDeployment(NS, 'frontend').spec.template.metadata.annotations;
    expect(t['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
    expect(
      env.sim.cluster.listReplicaSets(NS).filter((x) => x.metadata.name.startsWith('frontend-')),
    ).toHaveLength(2);
  });

  it('set env merges env by name (strategic merge patch)', async () => {
    const r = await env.kubectl([
      'set',
      'env',
      '-n',
      NS,
      'deploy/worker',
      'CONCURRENCY=8',
      'LOG_LEVEL=debug',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const envs = env.sim.cluster.getDeployment(NS, 'worker').spec.template.spec.containers[0].env;
    expect(envs).toEqual([
      { name: 'QUEUE', value: 'orders' },
      { name: 'CONCURRENCY', value: '8' },
      { name: 'LOG_LEVEL', value: 'debug' },
    ]);
    const rm = await env.kubectl(['set', 'env', '-n', NS, 'deploy/worker', 'LOG_LEVEL-']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(
      env.sim.cluster
        .getDeployment(NS, 'worker')
        .spec.template.spec.containers[0].env.map((e: any) => e.name),
    ).toEqual(['QUEUE', 'CONCURRENCY']);
  });

  it('rollout pause and resume set spec.paused; rollout status reports a paused deployment', async () => {
    expect((await env.kubectl(['rollout', 'pause', '-n', NS, 'deploy/worker'])).stdout).toContain('paused');
    expect(env.sim.cluster.getDeployment(NS, 'worker').spec.paused).toBe(true);
    await env.kubectl([
      'set',
      'image',
      '-n',
      NS,
      'deploy/worker',
      'worker=ghcr.io/web3-marketplace/worker:2.0.0',
    ]);
    const undo = await env.kubectl(['rollout', 'undo', '-n', NS, 'deploy/worker']);
    expect(undo.code).not.toBe(0);
    expect(undo.stderr).toContain('paused');
    expect((await env.kubectl(['rollout', 'resume', '-n', NS, 'deploy/worker'])).stdout).toContain('resumed');
    await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/worker', '--timeout=20s']);
    await waitFor(
      () =>
        env.sim.cluster
          .listPods(NS)
          .filter((p) => p.metadata.labels.app === 'worker' && !p.metadata.deletionTimestamp),
      (ps) => ps.length === 2 && ps.every((p) => p.spec.containers[0].image.endsWith(':2.0.0')),
      { what: 'worker on 2.0.0' },
    );
  });

  it('delete pod: the ReplicaSet replaces it', async () => {
    const victim = env.sim.cluster
      .listPods(NS)
      .find((p) => p.metadata.labels.app === 'worker' && !p.metadata.deletionTimestamp)!;
    const r = await env.kubectl(['delete', 'pod', '-n', NS, victim.metadata.name]);
    expect(r.stdout).toContain(`pod "${victim.metadata.name}" deleted`);
    expect(env.sim.cluster.listPods(NS).some((p) => p.metadata.name === victim.metadata.name)).toBe(false);
    await waitFor(
      () =>
        env.sim.cluster
          .listPods(NS)
          .filter((p) => p.metadata.labels.app === 'worker' && !p.metadata.deletionTimestamp),
      (ps) => ps.length === 2,
      { what: 'a replacement pod' },
    );
  });

  it('apply -f a ConfigMap and a Deployment, apply again, then delete -f (maintenance mode)', async () => {
    const manifest = env.file(
      'maintenance.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: maintenance
  namespace: ${NS}
data:
  enabled: "true"
  message: "Back soon: maintenance in progress"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: maintenance-page
  namespace: ${NS}
spec:
  replicas: 2
  selector:
    matchLabels: {app: maintenance-page}
  template:
    metadata:
      labels: {app: maintenance-page}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`,
    );
    const a = await env.kubectl(['apply', '-f', manifest]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('configmap/maintenance created');
    expect(a.stdout).toContain('deployment.apps/maintenance-page created');
    const cm = await env.kubectl([
      'get',
      'configmap',
      '-n',
      NS,
      'maintenance',
      '-o',
      'jsonpath={.data.message}',
    ]);
    expect(cm.stdout).toBe('Back soon: maintenance in progress');
    await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/maintenance-page', '--timeout=20s']);
    const again = await env.kubectl(['apply', '-f', manifest.replace('x', 'x')]);
    expect(again.stdout).toContain('configmap/maintenance unchanged');
    const changed = env.file(
      'm2.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: maintenance\n  namespace: ${NS}\ndata:\n  enabled: "false"\n`,
    );
    const c = await env.kubectl(['apply', '-f', changed]);
    expect(c.stdout).toContain('configmap/maintenance configured');
    const data = JSON.parse(
      (await env.kubectl(['get', 'cm', '-n', NS, 'maintenance', '-o', 'json'])).stdout,
    ).data;
    // Client-side apply removes the key the manifest dropped (three-way merge with last-applied).
    expect(data).toEqual({ enabled: 'false' });
    const d = await env.kubectl(['delete', '-f', manifest]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('configmap "maintenance" deleted');
    expect(d.stdout).toContain('deployment.apps "maintenance-page" deleted');
    await waitFor(
      () => env.sim.cluster.listPods(NS).filter((p) => p.metadata.labels.app === 'maintenance-page'),
      (ps) => ps.length === 0,
      { what: 'maintenance pods gone' },
    );
    expect(
      env.sim.cluster.listReplicaSets(NS).some((r) => r.metadata.name.startsWith('maintenance-page-')),
    ).toBe(false);
  });

  it('apply --server-side creates and updates', async () => {
    const f = env.file(
      'ssa.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n  namespace: ${NS}\ndata:\n  a: "1"\n`,
    );
    const r = await env.kubectl(['apply', '--server-side', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('serverside-applied');
    const g = await env.kubectl(['get', 'cm', '-n', NS, 'flags', '-o', 'jsonpath={.data.a}']);
    expect(g.stdout).toBe('1');
  });
});

describe('kubectl authorisation and failures', () => {
  let env: KubeTestEnv;
  afterEach(async () => {
    await env?.close();
  });

  it('auth can-i answers from the RBAC rules (SelfSubjectAccessReview)', async () => {
    env = await startKubeEnv(FROZEN);
    env.sim.deny('delete', 'pods', NS);
    env.sim.deny('patch', 'deployments/scale');
    const yes = await env.kubectl(['auth', 'can-i', 'get', 'pods', '-n', NS]);
    expect(yes.stdout.trim()).toBe('yes');
    const no = await env.kubectl(['auth', 'can-i', 'delete', 'pods', '-n', NS]);
    expect(no.stdout.trim()).toBe('no');
    expect(no.code).toBe(1);
    expect((await env.kubectl(['auth', 'can-i', 'delete', 'pods', '-n', 'default'])).stdout.trim()).toBe(
      'yes',
    );
    expect(
      (
        await env.kubectl(['auth', 'can-i', 'patch', 'deployments', '--subresource=scale', '-n', NS])
      ).stdout.trim(),
    ).toBe('no');
  });

  it('RBAC 403 is shown by kubectl as Forbidden with the real message', async () => {
    env = await startKubeEnv(FROZEN);
    env.sim.deny('list', 'pods', NS);
    const r = await env.kubectl(['get', 'pods', '-n', NS]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `Error from server (Forbidden): pods is forbidden: User "sim-user" cannot list resource "pods" in API group "" in the namespace "${NS}"`,
    );
    // Other resources keep working.
    expect((await env.kubectl(['get', 'deploy', '-n', NS])).code).toBe(0);
    env.sim.deny('patch', 'deployments/scale');
    const s = await env.kubectl(['scale', '-n', NS, 'deploy/backend', '--replicas=1']);
    expect(s.stderr).toContain('Forbidden');
    expect(env.sim.cluster.getDeployment(NS, 'backend').spec.replicas).toBe(3);
    env.sim.deny('get', 'pods/log');
    const pod = env.sim.cluster.listPods(NS)[0]!.metadata.name;
    const l = await env.kubectl(['logs', '-n', NS, pod]);
    expect(l.stderr).toContain(`pods "${pod}" is forbidden: User "sim-user" cannot get resource "pods/log"`);
    env.sim.allowAll();
    expect((await env.kubectl(['get', 'pods', '-n', NS])).code).toBe(0);
  });

  it('a generated cluster of 5000 pods in 50 namespaces lists completely through kubectl', async () => {
    env = await startKubeEnv({ ...FROZEN, pods: 5000, namespaces: 50 });
    const pods = env.sim.cluster.listPods();
    expect(pods.length).toBeGreaterThan(4900);
    expect(pods.length).toBeLessThan(5100);
    const r = await env.kubectl(['get', 'pods', '-A', '--no-headers', '--chunk-size=500']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(pods.length);
    // team-01 … team-50, plus kube-system.
    expect(new Set(rows.map((x) => x.split(/\s+/)[0])).size).toBe(51);
  });

  it('a wrong token gets 401 and kubectl says so (a simulator with a token serves TLS)', async () => {
    env = await startKubeEnv({ ...FROZEN, token: 'right-token' });
    expect(env.sim.url).toMatch(/^https:/);
    const ok = await env.kubectl(['get', 'pods', '-n', NS]);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = env.sim.writeKubeconfig(`${env.dir}/bad`, { token: 'wrong-token' });
    const r = await env.kubectl(['get', 'pods', '-n', NS], { kubeconfig: bad });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/You must be logged in to the server|Unauthorized/);
    expect(r.stderr).not.toContain('wrong-token');
  });

  it('an unreachable API server gives kubectl a connection refused', async () => {
    env = await startKubeEnv(FROZEN);
    await env.sim.close();
    const r = await env.kubectl(['get', 'pods', '--request-timeout=5s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('connection refused');
  });

  it('very long names and unusual characters survive a round trip', async () => {
    env = await startKubeEnv(FROZEN);
    const long = `svc-${'a'.repeat(40)}`;
    env.sim.cluster.createDeployment(NS, long, {
      replicas: 1,
      image: 'ghcr.io/x/y:1',
      env: { GREETING: 'héllo ✓ "quoted" \u001b[31mred' },
    });
    env.sim.cluster.tick();
    env.sim.cluster.tick();
    const r = await env.kubectl(['get', 'pods', '-n', NS, '-l', `app=${long}`]);
    expect(r.stdout).toContain(long);
    const envs = JSON.parse((await env.kubectl(['get', 'deploy', '-n', NS, long, '-o', 'json'])).stdout).spec
      .template.spec.containers[0].env;
    expect(envs[0].value).toBe('héllo ✓ "quoted" \u001b[31mred');
    const bad = env.file(
      'bad.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: ${NS}\n`,
    );
    const c = await env.kubectl(['create', '-f', bad]);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain('is invalid');
  });
});

describe('rollouts that fail', () => {
  let env: KubeTestEnv;
  afterAll(() => env?.close());

  it('a stalled rollout: kubectl rollout status fails with the progress deadline, and the console says stalled', async () => {
    env = await startKubeEnv(FROZEN);
    const c = env.sim.cluster;
    c.createDeployment(NS, 'payments', { replicas: 2, image: 'pay:1', progressDeadlineSeconds: 5 });
    for (let i = 0; i < 3; i++) c.tick();
    const ok = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/payments', '--timeout=5s']);
    expect(ok.stdout).toContain('successfully rolled out');
    expect(rolloutState(c.getDeployment(NS, 'payments')).phase).toBe('complete');
    c.setFaultRule((p) => (p.spec.containers[0].image === 'pay:2' ? 'ImagePullBackOff' : null));
    const set = await env.kubectl(['set', 'image', '-n', NS, 'deploy/payments', 'payments=pay:2']);
    expect(set.code, set.stderr).toBe(0);
    for (let i = 0; i < 3; i++) c.tick();
    expect(rolloutState(c.getDeployment(NS, 'payments')).phase).toBe('progressing');
    const pods = table((await env.kubectl(['get', 'pods', '-n', NS, '-l', 'app=payments'])).stdout);
    expect(pods.map((p) => p.STATUS).sort()).toEqual(expect.arrayContaining(['ImagePullBackOff', 'Running']));
    for (let i = 0; i < 8; i++) c.tick();
    const r = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/payments', '--timeout=5s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('deployment "payments" exceeded its progress deadline');
    expect(rolloutState(c.getDeployment(NS, 'payments')).phase).toBe('stalled');
    // Undo brings the old ReplicaSet back and the rollout completes again.
    await env.kubectl(['rollout', 'undo', '-n', NS, 'deploy/payments']);
    await waitFor(
      () => {
        c.tick();
        return rolloutState(c.getDeployment(NS, 'payments')).phase;
      },
      (p) => p === 'complete',
      { what: 'the rollback to complete' },
    );
    const done = await env.kubectl(['rollout', 'status', '-n', NS, 'deploy/payments', '--timeout=5s']);
    expect(done.stdout).toContain('successfully rolled out');
  });
});

describe('kubectl logs -f', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv({ tickMs: 100 });
    env.sim.cluster.setLogGenerator(null);
  });
  afterAll(() => env?.close());

  it('streams new lines as they are appended, and ends when the container stops', async () => {
    const pod = env.sim.cluster.listPods(NS).find((p) => p.metadata.labels.app === 'worker')!;
    const name = pod.metadata.name;
    env.sim.cluster.appendLog(NS, name, 'worker', 'before follow');
    const s = env.kubectlStream(['logs', '-f', '-n', NS, name]);
    await s.waitFor('before follow');
    env.sim.cluster.appendLog(NS, name, 'worker', 'line while following 1');
    await s.waitFor('line while following 1');
    env.sim.cluster.appendLog(NS, name, 'worker', 'line while following 2');
    await s.waitFor('line while following 2');
    env.sim.cluster.setFaultRule((p) => (p.metadata.name === name ? 'Error' : null));
    expect(await s.exited()).toBe(0);
    expect(s.output()).toContain('panic: runtime error');
  });
});
