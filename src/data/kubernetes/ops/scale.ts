// `kubectl scale`: current → new replicas through the scale subresource (merge patch), bounds
// from actions.scale.{min,max}; scaling to 0 is destructive. Server-side dry run first.
import { defineOperation, type Params, type Target } from '../../../actions/operation.js';
import { call, checkAccess, deploymentTarget, kubeApis, kubectl, serverDryRun } from './common.js';

const id = 'kubernetes.scale';
const command = (target: Target, params: Params) =>
  kubectl(target, ['scale', `deployment/${target.name}`, `--replicas=${Number(params.replicas)}`]);
export const operation = defineOperation({
  id,
  title: 'Scale (set the number of replicas)',
  backend: 'kubernetes',
  risk: 'disruptive',
  key: { scope: 'deployments', key: 'X' },
  keywords: ['scale', 'replicas', 'deployment'],
  params: [
    {
      name: 'replicas',
      label: 'Replicas',
      kind: 'int',
      initial: async (t, env) => {
        const { apps } = await kubeApis(env);
        const s = await apps.readNamespacedDeploymentScale({ name: t.name, namespace: t.namespace! });
        return String(s.spec?.replicas ?? 0);
      },
      hint: (_t, env) => {
        const min = env.config.actions?.scale?.min ?? 0;
        const max = env.config.actions?.scale?.max ?? 50;
        return `between ${min} and ${max} (actions.scale); 0 stops every pod`;
      },
      validate: (v, env) => {
        const min = env.config.actions?.scale?.min ?? 0;
        const max = env.config.actions?.scale?.max ?? 50;
        return typeof v === 'number' && v >= min && v <= max
          ? undefined
          : `between ${min} and ${max} (actions.scale)`;
      },
    },
  ],
  appliesTo: deploymentTarget,
  command,
  permitted: (t, env) =>
    checkAccess(env, [
      { verb: 'patch', resource: 'deployments', subresource: 'scale', group: 'apps', namespace: t.namespace },
    ]),
  async plan(target, params, env) {
    const { apps, k } = await kubeApis(env);
    const ns = target.namespace!;
    const n = Number(params.replicas);
    const s = await call(`read scale of ${target.name}`, () =>
      apps.readNamespacedDeploymentScale({ name: target.name, namespace: ns }),
    );
    const cur = s.spec?.replicas ?? 0;
    const body = { spec: { replicas: n } };
    const opts = k.setHeaderOptions('Content-Type', k.PatchStrategy.MergePatch);
    const dryRun = await serverDryRun(() =>
      apps.patchNamespacedDeploymentScale({ name: target.name, namespace: ns, body, dryRun: 'All' }, opts),
    );
    const zero = n === 0;
    return {
      op: id,
      target,
      params: { replicas: n },
      risk: zero ? 'destructive' : 'disruptive',
      impact: [
        `replicas ${cur} → ${n}${n > cur ? ` (${n - cur} more pods)` : n < cur ? ` (${cur - n} pods stopped)` : ' (no change)'}`,
      ],
      ...(zero
        ? {
            blastRadius: `every pod of ${target.name} stops: the service has NO backends until scaled up again`,
          }
        : {}),
      ...(n === cur ? { nothingToDo: `${target.name} already has ${cur} replicas` } : {}),
      command: command(target, { replicas: n }),
      dryRun,
      data: { body },
    };
  },
  async run(plan, env) {
    const { apps, k } = await kubeApis(env);
    const { body } = plan.data as { body: object };
    const opts = k.setHeaderOptions('Content-Type', k.PatchStrategy.MergePatch);
    await call(`scale deployment ${plan.target.name}`, () =>
      apps.patchNamespacedDeploymentScale(
        { name: plan.target.name, namespace: plan.target.namespace!, body },
        opts,
      ),
    );
    return {
      ok: true,
      detail: `deployment.apps/${plan.target.name} scaled to ${plan.params.replicas}`,
      follow: { namespace: plan.target.namespace!, deployment: plan.target.name },
    };
  },
});
