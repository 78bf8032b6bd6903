// `kubectl rollout pause` / `resume`: flips spec.paused (strategic merge patch) of the
// selected deployment; which one it does is read from the deployment when previewing.
import { defineOperation } from '../../../actions/operation.js';
import { call, checkAccess, deploymentTarget, kubeApis, kubectl, serverDryRun, strategic } from './common.js';

const id = 'kubernetes.pause-resume';
export const operation = defineOperation({
  id,
  title: 'Pause / resume the rollout',
  backend: 'kubernetes',
  risk: 'disruptive',
  key: { scope: 'deployments', key: 'P' },
  keywords: ['rollout pause', 'rollout resume', 'freeze'],
  params: [],
  appliesTo: deploymentTarget,
  permitted: (t, env) =>
    checkAccess(env, [{ verb: 'patch', resource: 'deployments', group: 'apps', namespace: t.namespace }]),
  async plan(target, params, env) {
    const { apps, k } = await kubeApis(env);
    const ns = target.namespace!;
    const d = await call(`read deployment ${target.name}`, () =>
      apps.readNamespacedDeployment({ name: target.name, namespace: ns }),
    );
    const pause = !d.spec?.paused;
    const body = { spec: { paused: pause } };
    const dryRun = await serverDryRun(() =>
      apps.patchNamespacedDeployment({ name: target.name, namespace: ns, body, dryRun: 'All' }, strategic(k)),
    );
    return {
      op: id,
      target,
      params: { action: pause ? 'pause' : 'resume' },
      risk: 'disruptive',
      impact: [
        pause
          ? `pauses ${target.name}: template changes stop rolling out until resumed (running pods stay)`
          : `resumes ${target.name}: pending template changes roll out now`,
      ],
      command: kubectl(target, ['rollout', pause ? 'pause' : 'resume', `deployment/${target.name}`]),
      dryRun,
      data: { body, pause },
    };
  },
  async run(plan, env) {
    const { apps, k } = await kubeApis(env);
    const { body, pause } = plan.data as { body: object; pause: boolean };
    await call(`patch deployment ${plan.target.name}`, () =>
      apps.patchNamespacedDeployment(
        { name: plan.target.name, namespace: plan.target.namespace!, body },
        strategic(k),
      ),
    );
    return {
      ok: true,
      detail: `deployment.apps/${plan.target.name} ${pause ? 'paused' : 'resumed'}`,
      ...(pause ? {} : { follow: { namespace: plan.target.namespace!, deployment: plan.target.name } }),
    };
  },
});
