// The Kubernetes operations against the API simulator, through the one runner: the effect is
// real (pods return to the earlier image, replicas change, env and ConfigMap keys change, the
// maintenance objects come and go), dry runs change nothing, RBAC refuses before anything is
// tried, and failures (403, object gone) are reported in words.
import { beforeEach, describe, expect, it } from 'vitest';
import { type ConfirmPort } from '../../src/ops/runner.js';
import type { ObjectKind, Operation, Selection } from '../../src/ops/operation.js';
import { operation as undo } from '../../src/data/kubernetes/ops/undo.js';
import { operation as restart } from '../../src/data/kubernetes/ops/restart.js';
import { operation as scale } from '../../src/data/kubernetes/ops/scale.js';
import { operation as setEnv } from '../../src/data/kubernetes/ops/set-env.js';
import { operation as pauseResume } from '../../src/data/kubernetes/ops/pause-resume.js';
import { operation as deletePod } from '../../src/data/kubernetes/ops/delete-pod.js';
import { operation as configMap } from '../../src/data/kubernetes/ops/configmap.js';
import { operation as maintOn } from '../../src/data/kubernetes/ops/maintenance-on.js';
import { operation as maintOff } from '../../src/data/kubernetes/ops/maintenance-off.js';
import { followRollout } from '../../src/data/kubernetes/ops/rollout-status.js';
import { waitFor } from '../helpers/wait.js';
import { typingConfirm, runOp, useKubeActions } from './helpers.js';

const NS = 'web3-marketplace';
const K = useKubeActions((kube) => ({
  configMap: `${NS}/app-config`,
  maintenanceManifest: kube.file(
    'maintenance.yaml',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: maintenance-page\n  namespace: ${NS}\ndata:\n  enabled: "true"\n`,
  ),
}));
beforeEach(() => K.sim.allowAll());

const sel = (kind: ObjectKind, id: string): Selection => ({ kind, id });
/** State-changing requests (SelfSubjectAccessReview creates change nothing). */
const mutations = () => K.sim.mutations().filter((r) => !/accessreviews$/.test(r.resource ?? ''));
const images = (name: string) =>
  K.sim.cluster
    .listPods(NS)
    .filter((p) => p.metadata.name.startsWith(`${name}-`) && !p.metadata.deletionTimestamp)
    .map((p) => p.spec.containers[0].image as string);

/** A confirm port that also checks nothing was mutated before confirmation (dry runs only). */
function confirmAfterNoMutation(): ConfirmPort & { mutationsAtConfirm: number[] } {
  const inner = typingConfirm();
  const out = {
    mutationsAtConfirm: [] as number[],
    async confirm(req: Parameters<ConfirmPort['confirm']>[0], s: AbortSignal) {
      out.mutationsAtConfirm.push(mutations().length);
      return inner.confirm(req, s);
    },
    asked: inner.asked,
  };
  return out;
}

async function go(
  op: Operation,
  selection: Selection,
  params: Record<string, string> = {},
  confirm: ConfirmPort = typingConfirm(),
) {
  const target = op.appliesTo(selection, K.env);
  expect(target, `${op.id} applies`).toBeTruthy();
  return runOp(op, target!, params, K.env, { confirm });
}

describe('kubernetes ops against the simulator', () => {
  it('rollout undo: preview shows the image and change-cause diff; pods return to the earlier image', async () => {
    K.sim.cluster.updateDeploymentImage(
      NS,
      'backend',
      'ghcr.io/web3-marketplace/backend:1.9.0',
      'deploy backend 1.9.0',
    );
    await waitFor(
      () => images('backend'),
      (im) => im.length === 3 && im.every((i) => i.endsWith(':1.9.0')),
      { what: 'rollout to 1.9.0' },
    );
    const before = mutations().length;
    const confirm = confirmAfterNoMutation();
    const res = await go(undo, sel('deployment', `${NS}/backend`), { revision: '0' }, confirm);
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(confirm.mutationsAtConfirm).toEqual([before]);
    const plan = res.plan!;
    expect(plan.command).toBe(
      `kubectl --context warroom-sim -n ${NS} rollout undo deployment/backend --to-revision=1`,
    );
    expect(plan.impact.join('\n')).toContain(
      'backend=ghcr.io/web3-marketplace/backend:1.9.0 → backend=ghcr.io/web3-marketplace/backend:1.8.2',
    );
    expect(plan.impact.join('\n')).toContain('change-cause: deploy backend 1.9.0 → deploy backend 1.8.2');
    expect(plan.dryRun?.ok).toBe(true);
    await waitFor(
      () => images('backend'),
      (im) => im.length === 3 && im.every((i) => i.endsWith(':1.8.2')),
      { what: 'pods back on 1.8.2' },
    );
    const dep = K.sim.cluster.getDeployment(NS, 'backend');
    expect(dep.metadata.annotations['kubernetes.io/change-cause']).toBe('deploy backend 1.8.2');
    // and the rollout is followed to completion
    const seen: string[] = [];
    await followRollout(
      K.env,
      { namespace: NS, deployment: 'backend' },
      new AbortController().signal,
      (t) => seen.push(t),
      { intervalMs: 50 },
    );
    expect(seen.at(-1)).toMatch(/successfully rolled out/);
  });

  it('the shown undo command is one kubectl accepts (server dry run, nothing changes)', async () => {
    const before = mutations().length;
    const stdout = await K.kubectl(
      NS,
      'rollout',
      'undo',
      'deployment/backend',
      '--to-revision=2',
      '--dry-run=server',
    );
    expect(stdout).toMatch(/rolled back \(server dry run\)/);
    expect(mutations().length).toBe(before);
  });

  it('rollout restart: restartedAt is set, pods are replaced', async () => {
    const uids = K.sim.cluster
      .listPods(NS)
      .filter((p) => p.metadata.name.startsWith('frontend-'))
      .map((p) => p.metadata.uid);
    const res = await go(restart, sel('deployment', `${NS}/frontend`));
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(res.follow).toEqual({ namespace: NS, deployment: 'frontend' });
    expect(
      K.sim.cluster.getDeployment(NS, 'frontend').spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toMatch(/Z$/);
    await waitFor(
      () =>
        K.sim.cluster
          .listPods(NS)
          .filter((p) => p.metadata.name.startsWith('frontend-') && !p.metadata.deletionTimestamp),
      (pods) => pods.length === 2 && pods.every((p) => !uids.includes(p.metadata.uid)),
      { what: 'frontend pods replaced' },
    );
  });

  it('scale: current → new; 0 is destructive and needs the context; bounds are enforced', async () => {
    const c = typingConfirm();
    const res = await go(scale, sel('deployment', `${NS}/worker`), { replicas: '4' }, c);
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(c.asked[0]!.plan.impact[0]).toBe('replicas 2 → 4 (2 more pods)');
    expect(c.asked[0]!.requireContext).toBeUndefined();
    await waitFor(
      () => images('worker').length,
      (n) => n === 4,
      { what: '4 workers' },
    );
    const c0 = typingConfirm({ context: 'nope' });
    const zero = await go(scale, sel('deployment', `${NS}/worker`), { replicas: '0' }, c0);
    expect(c0.asked[0]!.plan.risk).toBe('destructive');
    expect(c0.asked[0]!.requireContext).toBe('warroom-sim');
    expect(zero.outcome).toBe('cancelled');
    expect(K.sim.cluster.getDeployment(NS, 'worker').spec.replicas).toBe(4);
    const big = await go(scale, sel('deployment', `${NS}/worker`), { replicas: '99' });
    expect(big.outcome).toBe('refused');
    expect(big.detail).toMatch(/between 0 and 50/);
  });

  it('set env: feature flag and pool size land in the template', async () => {
    const c = typingConfirm();
    const res = await go(
      setEnv,
      sel('deployment', `${NS}/backend`),
      { env: 'FEATURE_X_ENABLED=false DB_POOL_SIZE=50', container: '' },
      c,
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(c.asked[0]!.plan.impact).toContain('backend: DB_POOL_SIZE 20 → 50');
    expect(c.asked[0]!.plan.command).toBe(
      `kubectl --context warroom-sim -n ${NS} set env deployment/backend FEATURE_X_ENABLED=false DB_POOL_SIZE=50`,
    );
    const envs = K.sim.cluster.getDeployment(NS, 'backend').spec.template.spec.containers[0].env;
    expect(envs).toEqual(
      expect.arrayContaining([
        { name: 'FEATURE_X_ENABLED', value: 'false' },
        { name: 'DB_POOL_SIZE', value: '50' },
      ]),
    );
    expect(envs.find((e: { name: string }) => e.name === 'NODE_ENV')).toBeTruthy();
  });

  it('set env: a name no container has is warned about; the form lists variables and ConfigMap keys', async () => {
    const c = typingConfirm();
    const res = await go(
      setEnv,
      sel('deployment', `${NS}/backend`),
      { env: 'FEATURE_Y_ENABLED=false DB_POOL_SIZE=30', container: '' },
      c,
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    const impact = c.asked[0]!.plan.impact;
    expect(impact).toContain('backend: FEATURE_Y_ENABLED (unset) → false');
    expect(impact).toContain('⚠ FEATURE_Y_ENABLED: new variable: not set on any container today');
    expect(impact.filter((l) => l.includes('new variable'))).toHaveLength(1);
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const { core } = await kubeApis(K.env);
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'info', API_SECRET: 's3cr3t' } },
    });
    try {
      const target = setEnv.appliesTo(sel('deployment', `${NS}/backend`), K.env)!;
      const words = await setEnv.params[0]!.complete!(target, K.env);
      expect(words).toEqual(
        expect.arrayContaining([
          { word: 'NODE_ENV=', note: 'production' },
          { word: 'DB_POOL_SIZE=', note: '30' },
          { word: 'LOG_LEVEL=', note: 'info (key of configmap app-config)' },
          { word: 'API_SECRET=', note: '(hidden) (key of configmap app-config)' },
        ]),
      );
    } finally {
      await core.deleteNamespacedConfigMap({ name: 'app-config', namespace: NS });
    }
  });

  it('pause then resume', async () => {
    const r1 = await go(pauseResume, sel('deployment', `${NS}/frontend`));
    expect(r1.plan!.command).toContain('rollout pause deployment/frontend');
    expect(K.sim.cluster.getDeployment(NS, 'frontend').spec.paused).toBe(true);
    const r2 = await go(pauseResume, sel('deployment', `${NS}/frontend`));
    expect(r2.plan!.command).toContain('rollout resume deployment/frontend');
    expect(K.sim.cluster.getDeployment(NS, 'frontend').spec.paused).toBeFalsy();
  });

  it('delete pod: typed suffix; the pod goes; a 403 at run time and a gone pod are reported in words', async () => {
    const pod = K.sim.cluster
      .listPods(NS)
      .find((p) => p.metadata.name.startsWith('worker-') && !p.metadata.deletionTimestamp)!;
    const name = pod.metadata.name as string;
    const c = typingConfirm();
    const res = await go(deletePod, sel('pod', `${NS}/${name}`), {}, c);
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(c.asked[0]!.requireName).toBe(name.split('-').at(-1));
    expect(c.asked[0]!.plan.impact[1]).toMatch(/owned by ReplicaSet/);
    await waitFor(
      () => K.sim.cluster.listPods(NS).some((p) => p.metadata.name === name),
      (x) => !x,
      { what: 'pod gone' },
    );
    const gone = await go(deletePod, sel('pod', `${NS}/${name}`));
    expect(gone.outcome).toBe('failed');
    expect(gone.detail).toMatch(/404 Not Found/);
    // 403 between the preview and the run
    const other = K.sim.cluster
      .listPods(NS)
      .find((p) => p.metadata.name.startsWith('worker-') && !p.metadata.deletionTimestamp)!;
    const denyingConfirm: ConfirmPort = {
      async confirm(req) {
        K.sim.deny('delete', 'pods');
        return { confirmed: true, typedName: req.requireName, typedContext: req.requireContext };
      },
    };
    const r403 = await go(deletePod, sel('pod', `${NS}/${other.metadata.name}`), {}, denyingConfirm);
    expect(r403.outcome).toBe('failed');
    expect(r403.detail).toMatch(/403 Forbidden/);
  });

  it('RBAC: a denied verb is refused before anything is tried', async () => {
    K.sim.deny('patch', 'deployments');
    const before = K.sim.requests.filter((r) => r.dryRun).length;
    const res = await go(restart, sel('deployment', `${NS}/backend`));
    expect(res.outcome).toBe('refused');
    expect(res.detail).toMatch(/RBAC does not allow you to patch deployments in web3-marketplace/);
    expect(K.sim.requests.filter((r) => r.dryRun).length).toBe(before);
  });

  it('ConfigMap key: old → new', async () => {
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const { core } = await kubeApis(K.env);
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'info' } },
    });
    const c = typingConfirm();
    const res = await go(
      configMap,
      sel('deployment', `${NS}/backend`),
      { key: 'LOG_LEVEL', value: 'debug' },
      c,
    );
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(c.asked[0]!.plan.impact[0]).toBe('app-config.LOG_LEVEL: info → debug');
    const cm = await core.readNamespacedConfigMap({ name: 'app-config', namespace: NS });
    expect(cm.data?.LOG_LEVEL).toBe('debug');
  });

  it('maintenance mode on and off (destructive: context required)', async () => {
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const { core } = await kubeApis(K.env);
    const c = typingConfirm();
    const on = await go(maintOn, sel('deployment', `${NS}/backend`), {}, c);
    expect(on.outcome, on.detail).toBe('succeeded');
    expect(c.asked[0]!.requireContext).toBe('warroom-sim');
    expect(c.asked[0]!.plan.impact).toEqual([`creates configmap/maintenance-page (ns ${NS})`]);
    expect(
      (await core.readNamespacedConfigMap({ name: 'maintenance-page', namespace: NS })).data?.enabled,
    ).toBe('true');
    const off = await go(maintOff, sel('deployment', `${NS}/backend`));
    expect(off.outcome, off.detail).toBe('succeeded');
    await expect(
      core.readNamespacedConfigMap({ name: 'maintenance-page', namespace: NS }),
    ).rejects.toMatchObject({ code: 404 });
  });
  it('409: an object created between the preview and the run is reported in words', async () => {
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const { core } = await kubeApis(K.env);
    const racing: ConfirmPort = {
      async confirm(req) {
        // someone else creates the object while the responder reads the preview
        await core.createNamespacedConfigMap({
          namespace: NS,
          body: { metadata: { name: 'maintenance-page' } },
        });
        return { confirmed: true, typedName: req.requireName, typedContext: req.requireContext };
      },
    };
    const res = await go(maintOn, sel('deployment', `${NS}/backend`), {}, racing);
    expect(res.outcome).toBe('failed');
    expect(res.detail).toMatch(/configmap\/maintenance-page.*409 Conflict/);
    await core.deleteNamespacedConfigMap({ name: 'maintenance-page', namespace: NS });
  });

  it('one connection per context: a rollback and a second preview reuse the same clients', async () => {
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const a = await kubeApis(K.env);
    // Previewed (current state read, dry run) and then declined: nothing changes.
    const declined: ConfirmPort = { confirm: async () => ({ confirmed: false }) };
    const res = await go(undo, sel('deployment', `${NS}/backend`), { revision: '0' }, declined);
    expect(res.outcome).toBe('cancelled');
    const b = await kubeApis(K.env);
    expect(b.kc).toBe(a.kc);
    expect(b.apps).toBe(a.apps);
    expect(b.authz).toBe(a.authz);
  });
});
