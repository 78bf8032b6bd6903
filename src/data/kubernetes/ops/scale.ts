// `kubectl scale`: current → new replicas through the scale subresource (merge patch), bounds
// from actions.scale.{min,max}; scaling to 0 is destructive. Server-side dry run first.
import type { ActionEnv } from '../../../ops/operation.js';
import { kubeApis, kubectl, ROLLOUT_SIGNALS } from './common.js';
import { patchOperation } from './patch-op.js';

const bounds = (env: ActionEnv) => ({
  min: env.config.actions?.scale?.min ?? 0,
  max: env.config.actions?.scale?.max ?? 50,
});

export const operation = patchOperation({
  id: 'kubernetes.scale',
  title: 'Scale (set the number of replicas)',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
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
        const { min, max } = bounds(env);
        return `between ${min} and ${max} (actions.scale); 0 stops every pod`;
      },
      validate: (v, env) => {
        const { min, max } = bounds(env);
        return typeof v === 'number' && v >= min && v <= max
          ? undefined
          : `between ${min} and ${max} (actions.scale)`;
      },
    },
  ],
  command: (target, params) =>
    kubectl(target, ['scale', `deployment/${target.name}`, `--replicas=${Number(params.replicas)}`]),
  kind: 'deployment-scale',
  patchType: 'merge',
  change(s, target, params) {
    const n = Number(params.replicas);
    const cur = s.spec?.replicas ?? 0;
    const zero = n === 0;
    return {
      body: { spec: { replicas: n } },
      params: { replicas: n },
      ...(zero
        ? {
            risk: 'destructive',
            blastRadius: `every pod of ${target.name} stops: the service has NO backends until scaled up again`,
          }
        : {}),
      impact: [
        `replicas ${cur} → ${n}${n > cur ? ` (${n - cur} more pods)` : n < cur ? ` (${cur - n} pods stopped)` : ' (no change)'}`,
      ],
      ...(n === cur ? { nothingToDo: `${target.name} already has ${cur} replicas` } : {}),
      command: kubectl(target, ['scale', `deployment/${target.name}`, `--replicas=${n}`]),
    };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} scaled to ${plan.params.replicas}`,
    follow: true,
  }),
});
