// `kubectl rollout restart`: a strategic merge patch of the pod template's
// kubectl.kubernetes.io/restartedAt annotation (RFC 3339 now); server-side dry run first.
import { defineOperation, type Target } from '../../../actions/operation.js';
import { call, checkAccess, deploymentTarget, kubeApis, kubectl, serverDryRun, strategic } from './common.js';

const id = 'kubernetes.rollout-restart';
const command = (target: Target) => kubectl(target, ['rollout', 'restart', `deployment/${target.name}`]);
export const operation = defineOperation({
  id,
  title: 'Rollout restart (replace every pod)',
  backend: 'kubernetes',
  risk: 'disruptive',
  key: { scope: 'deployments', key: 'R' },
  keywords: ['rollout restart', 'restart', 'bounce', 'deployment'],
  params: [],
  appliesTo: deploymentTarget,
  command,
  permitted: (t, env) =>
    checkAccess(env, [{ verb: 'patch', resource: 'deployments', group: 'apps', namespace: t.namespace }]),
  async plan(target, params, env) {
    const { apps, k } = await kubeApis(env);
    const ns = target.namespace!;
    const d = await call(`read deployment ${target.name}`, () =>
      apps.readNamespacedDeployment({ name: target.name, namespace: ns }),
    );
    if (d.spec?.paused)
      throw new Error(`deployment ${target.name} is paused: resume it first (kubectl rollout resume)`);
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body = {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
    };
    const dryRun = await serverDryRun(() =>
      apps.patchNamespacedDeployment({ name: target.name, namespace: ns, body, dryRun: 'All' }, strategic(k)),
    );
    const strat = d.spec?.strategy;
    return {
      op: id,
      target,
      params,
      risk: 'disruptive',
      impact: [
        `replaces all ${d.spec?.replicas ?? 1} pods of ${target.name} with new ones (${strat?.type ?? 'RollingUpdate'}${strat?.rollingUpdate ? `, maxUnavailable ${strat.rollingUpdate.maxUnavailable ?? '25%'}, maxSurge ${strat.rollingUpdate.maxSurge ?? '25%'}` : ''})`,
        `images stay: ${(d.spec?.template.spec?.containers ?? []).map((c) => c.image).join(', ')}`,
      ],
      command: command(target),
      dryRun,
      data: { body },
    };
  },
  async run(plan, env) {
    const { apps, k } = await kubeApis(env);
    const { body } = plan.data as { body: object };
    await call(`patch deployment ${plan.target.name}`, () =>
      apps.patchNamespacedDeployment(
        { name: plan.target.name, namespace: plan.target.namespace!, body },
        strategic(k),
      ),
    );
    return {
      ok: true,
      detail: `deployment.apps/${plan.target.name} restarted`,
      follow: { namespace: plan.target.namespace!, deployment: plan.target.name },
    };
  },
});
