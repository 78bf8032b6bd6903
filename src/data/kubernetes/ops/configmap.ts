// Change one key of the configured ConfigMap (`kubernetes.configMap`: 'name' or
// 'namespace/name'): merge patch of data.KEY, old → new in the preview, dry run first.
import { defineOperation, type ActionEnv } from '../../../actions/operation.js';
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

function configured(env: ActionEnv, selNs?: string): { namespace: string; name: string } | undefined {
  const v = env.config.kubernetes?.configMap;
  if (!v) return undefined;
  return splitId(v) ?? { namespace: selNs ?? env.config.kubernetes?.namespaces?.[0] ?? 'default', name: v };
}

const id = 'kubernetes.configmap-set';
export const operation = defineOperation({
  id,
  title: 'Change a key of the ConfigMap',
  backend: 'kubernetes',
  risk: 'disruptive',
  key: { scope: 'deployments', key: 'C' },
  keywords: ['configmap', 'config', 'key', 'patch'],
  params: [
    {
      name: 'key',
      label: 'Key',
      kind: 'text',
      validate: (v) =>
        /^[-._a-zA-Z0-9]+$/.test(String(v)) ? undefined : 'a ConfigMap key (letters, digits, - _ .)',
    },
    { name: 'value', label: 'New value', kind: 'text' },
  ],
  appliesTo(sel, env) {
    if (!['deployments', 'pods'].includes(sel.pane) || !kubeEnabled(env)) return undefined;
    const cm = configured(env, splitId(sel.id)?.namespace);
    return cm ? kubeTarget(env, 'configmap', cm.namespace, cm.name, cm.name) : undefined;
  },
  permitted: (t, env) =>
    checkAccess(env, [{ verb: 'patch', resource: 'configmaps', namespace: t.namespace }]),
  async plan(target, params, env) {
    const { core, k } = await kubeApis(env);
    const ns = target.namespace!;
    const key = String(params.key);
    const value = String(params.value);
    const cm = await call(`read configmap ${target.name}`, () =>
      core.readNamespacedConfigMap({ name: target.name, namespace: ns }),
    );
    const old = cm.data?.[key];
    const body = { data: { [key]: value } };
    const opts = k.setHeaderOptions('Content-Type', k.PatchStrategy.MergePatch);
    const dryRun = await serverDryRun(() =>
      core.patchNamespacedConfigMap({ name: target.name, namespace: ns, body, dryRun: 'All' }, opts),
    );
    return {
      op: id,
      target,
      params: { key, value },
      risk: 'disruptive',
      impact: [
        `${target.name}.${key}: ${old === undefined ? '(new key)' : old} → ${value}`,
        'pods read ConfigMaps at start (env) or after the kubelet sync (volumes): restart the deployment to apply it at once',
      ],
      command: kubectl(target, [
        'patch',
        'configmap',
        target.name,
        '--type',
        'merge',
        '-p',
        JSON.stringify(body),
      ]),
      dryRun,
      ...(old === value ? { nothingToDo: `${key} is already ${value}` } : {}),
      data: { body },
    };
  },
  async run(plan, env) {
    const { core, k } = await kubeApis(env);
    const { body } = plan.data as { body: object };
    const opts = k.setHeaderOptions('Content-Type', k.PatchStrategy.MergePatch);
    await call(`patch configmap ${plan.target.name}`, () =>
      core.patchNamespacedConfigMap(
        { name: plan.target.name, namespace: plan.target.namespace!, body },
        opts,
      ),
    );
    return { ok: true, detail: `configmap/${plan.target.name} ${plan.params.key}=${plan.params.value}` };
  },
});
