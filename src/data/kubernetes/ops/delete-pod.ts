// `kubectl delete pod`: the selected pod (pods pane: 'namespace/name'); confirmed by typing
// its distinguishing suffix. A pod no controller owns does not come back: destructive then.
import { defineOperation, type Target } from '../../../ops/operation.js';
import {
  call,
  checkAccess,
  kubeApis,
  kubeEnabled,
  kubectl,
  kubeTarget,
  serverDryRun,
  splitId,
} from './common.js';

/** The part of a pod name that tells it apart from its siblings (the last dash-separated part). */
export function podSuffix(name: string): string {
  const parts = name.split('-');
  const last = parts.at(-1) ?? name;
  return parts.length > 1 && last.length >= 3 ? last : name;
}

const id = 'kubernetes.delete-pod';
const command = (target: Target) => kubectl(target, ['delete', 'pod', target.name]);
export const operation = defineOperation({
  id,
  title: 'Delete the pod (its controller replaces it)',
  backend: 'kubernetes',
  risk: 'disruptive',
  on: 'pod',
  effect: { signals: ['replacement', 'restarts', 'health'] },
  keywords: ['delete pod', 'kill', 'evict', 'pod'],
  params: [],
  command,
  appliesTo(sel, env) {
    if (sel.kind !== 'pod' || !kubeEnabled(env)) return undefined;
    const p = splitId(sel.id);
    return p ? kubeTarget(env, 'pod', p.namespace, p.name, podSuffix(p.name)) : undefined;
  },
  permitted: (t, env) => checkAccess(env, [{ verb: 'delete', resource: 'pods', namespace: t.namespace }]),
  async plan(target, params, env) {
    const { core } = await kubeApis(env);
    const ns = target.namespace!;
    const pod = await call(`read pod ${target.name}`, () =>
      core.readNamespacedPod({ name: target.name, namespace: ns }),
    );
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
    const dryRun = await serverDryRun(() =>
      core.deleteNamespacedPod({ name: target.name, namespace: ns, dryRun: 'All' }),
    );
    const restarts = (pod.status?.containerStatuses ?? []).reduce((a, c) => a + (c.restartCount ?? 0), 0);
    return {
      op: id,
      target,
      params,
      risk: owner ? 'disruptive' : 'destructive',
      impact: [
        `pod ${target.name} on ${pod.spec?.nodeName ?? '(unscheduled)'}: ${pod.status?.phase ?? '?'}, ${restarts} restarts`,
        owner
          ? `owned by ${owner.kind} ${owner.name}: a replacement pod is created`
          : 'owned by NO controller: it is gone for good',
      ],
      ...(owner
        ? {}
        : { blastRadius: `pod ${target.name} is not managed by a controller and will not come back` }),
      command: command(target),
      dryRun,
      data: { uid: pod.metadata?.uid },
    };
  },
  async run(plan, env) {
    const { core } = await kubeApis(env);
    const { uid } = plan.data as { uid?: string };
    // Preconditions: only the very pod previewed (a same-named replacement is left alone).
    await call(`delete pod ${plan.target.name}`, () =>
      core.deleteNamespacedPod({
        name: plan.target.name,
        namespace: plan.target.namespace!,
        ...(uid ? { body: { preconditions: { uid } } } : {}),
      }),
    );
    return { ok: true, detail: `pod ${plan.target.name} deleted` };
  },
});
