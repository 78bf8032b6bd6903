// Follow a rollout (`kubectl rollout status`): safe, runs at once. Also used after every
// rollout-changing action: the deployment is read every second until the rollout completes,
// stalls (ProgressDeadlineExceeded) or the deployment is paused, and each state is reported.
import { defineOperation, type ActionEnv } from '../../../ops/operation.js';
import { call, deploymentTarget, kubeApis, kubectl } from './common.js';

interface DepLike {
  metadata?: { generation?: number };
  spec?: { replicas?: number; paused?: boolean };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; reason?: string; status?: string }[];
  };
}

/** kubectl's rollout status words for a deployment; done when complete or stalled. */
export function rolloutState(name: string, d: DepLike): { text: string; done: boolean; ok: boolean } {
  const st = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  if (d.spec?.paused)
    return { text: `rollout ${name}: paused (resume it to continue)`, done: true, ok: false };
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0))
    return { text: `rollout ${name}: waiting for the spec update to be observed…`, done: false, ok: false };
  const prog = st.conditions?.find((c) => c.type === 'Progressing');
  if (prog?.reason === 'ProgressDeadlineExceeded')
    return { text: `✖ rollout ${name} STALLED: exceeded its progress deadline`, done: true, ok: false };
  const updated = st.updatedReplicas ?? 0;
  if (updated < want)
    return { text: `rollout ${name}: ${updated} of ${want} new replicas updated…`, done: false, ok: false };
  if ((st.replicas ?? 0) > updated)
    return {
      text: `rollout ${name}: ${(st.replicas ?? 0) - updated} old replicas pending termination…`,
      done: false,
      ok: false,
    };
  if ((st.availableReplicas ?? 0) < updated)
    return {
      text: `rollout ${name}: ${st.availableReplicas ?? 0} of ${updated} updated replicas available…`,
      done: false,
      ok: false,
    };
  return { text: `● rollout ${name}: successfully rolled out (${want}/${want})`, done: true, ok: true };
}

/** Reads the deployment every second and reports until done (or the signal aborts). */
export async function followRollout(
  env: ActionEnv,
  f: { namespace: string; deployment: string },
  signal: AbortSignal,
  report: (text: string, done: boolean) => void,
  { intervalMs = 1000, maxMs = 15 * 60_000 } = {},
): Promise<void> {
  const { apps } = await kubeApis(env);
  const start = Date.now();
  let last = '';
  while (!signal.aborted) {
    const d = await call(`read deployment ${f.deployment}`, () =>
      apps.readNamespacedDeployment({ name: f.deployment, namespace: f.namespace }),
    );
    const s = rolloutState(f.deployment, d as DepLike);
    if (s.text !== last || s.done) report(s.text, s.done);
    last = s.text;
    if (s.done) return;
    if (Date.now() - start > maxMs) {
      report(
        `rollout ${f.deployment}: stopped following after ${Math.round(maxMs / 60000)} min (${s.text})`,
        true,
      );
      return;
    }
    await new Promise<void>((r) => {
      const t = setTimeout(r, intervalMs);
      signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  }
}

const id = 'kubernetes.rollout-status';
export const operation = defineOperation({
  id,
  title: 'Follow the rollout (rollout status)',
  backend: 'kubernetes',
  risk: 'safe',
  on: 'deployment',
  effect: { signals: ['rollout', 'ready'] },
  keywords: ['rollout status', 'watch', 'follow'],
  params: [],
  appliesTo: deploymentTarget,
  async plan(target, params) {
    return {
      op: id,
      target,
      params,
      risk: 'safe',
      impact: ['changes nothing: follows the rollout until it completes or stalls'],
      command: kubectl(target, ['rollout', 'status', `deployment/${target.name}`]),
    };
  },
  async run(plan) {
    return {
      ok: true,
      detail: `following deployment/${plan.target.name}`,
      follow: { namespace: plan.target.namespace!, deployment: plan.target.name },
    };
  },
});
