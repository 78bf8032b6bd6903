import { actionKeys } from '../../actions/keys.js';
import { scoped } from '../../ui/bindings.js';

export const keys = scoped('deployments', [
  ['deployments.history', ['h'], 'Show or hide the rollout history of the selected deployment'],
]);

/** The actions this pane's keys run (UPPERCASE). */
export const actions = actionKeys('deployments', {
  U: 'kubernetes.rollout-undo',
  R: 'kubernetes.rollout-restart',
  X: 'kubernetes.scale',
  E: 'kubernetes.set-env',
  L: 'kubernetes.set-resources',
  P: 'kubernetes.pause-resume',
  F: 'kubernetes.rollout-status',
  C: 'kubernetes.configmap-set',
  M: 'kubernetes.maintenance-on',
  N: 'kubernetes.maintenance-off',
});
