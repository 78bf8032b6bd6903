// `kubectl rollout restart`: a strategic merge patch of the pod template's
// kubectl.kubernetes.io/restartedAt annotation (RFC 3339 now); server-side dry run first.
import { kubectl, ROLLOUT_SIGNALS } from './common.js';
import { patchOperation } from './patch-op.js';

export const operation = patchOperation({
  id: 'kubernetes.rollout-restart',
  title: 'Rollout restart (replace every pod)',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
  keywords: ['rollout restart', 'restart', 'bounce', 'deployment'],
  command: (target) => kubectl(target, ['rollout', 'restart', `deployment/${target.name}`]),
  kind: 'deployment',
  patchType: 'strategic',
  change(d, target) {
    if (d.spec?.paused)
      throw new Error(`deployment ${target.name} is paused: resume it first (kubectl rollout resume)`);
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const strat = d.spec?.strategy;
    return {
      body: {
        spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
      },
      impact: [
        `replaces all ${d.spec?.replicas ?? 1} pods of ${target.name} with new ones (${strat?.type ?? 'RollingUpdate'}${strat?.rollingUpdate ? `, maxUnavailable ${strat.rollingUpdate.maxUnavailable ?? '25%'}, maxSurge ${strat.rollingUpdate.maxSurge ?? '25%'}` : ''})`,
        `images stay: ${(d.spec?.template.spec?.containers ?? []).map((c) => c.image).join(', ')}`,
      ],
      command: kubectl(target, ['rollout', 'restart', `deployment/${target.name}`]),
    };
  },
  done: (plan) => ({ detail: `deployment.apps/${plan.target.name} restarted`, follow: true }),
});
