// `kubectl rollout pause` / `resume`: flips spec.paused (strategic merge patch) of the
// selected deployment; which one it does is read from the deployment when previewing.
import type { Target } from '../../../ops/operation.js';
import { kubectl, ROLLOUT_SIGNALS } from './common.js';
import { patchOperation } from './patch-op.js';

const command = (target: Target, pause: boolean) =>
  kubectl(target, ['rollout', pause ? 'pause' : 'resume', `deployment/${target.name}`]);

export const operation = patchOperation({
  id: 'kubernetes.pause-resume',
  title: 'Pause / resume the rollout',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
  keywords: ['rollout pause', 'rollout resume', 'freeze'],
  // Without reading the deployment (a read-only refusal): which of the two it would be is unknown.
  command: (target) => `${command(target, true)}   # or resume, if it is paused`,
  kind: 'deployment',
  patchType: 'strategic',
  change(d, target) {
    const pause = !d.spec?.paused;
    return {
      body: { spec: { paused: pause } },
      params: { action: pause ? 'pause' : 'resume' },
      impact: [
        pause
          ? `pauses ${target.name}: template changes stop rolling out until resumed (running pods stay)`
          : `resumes ${target.name}: pending template changes roll out now`,
      ],
      command: command(target, pause),
      data: { pause },
    };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} ${plan.data.pause ? 'paused' : 'resumed'}`,
    follow: !plan.data.pause,
  }),
});
