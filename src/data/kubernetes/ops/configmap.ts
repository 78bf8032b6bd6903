// Change one key of the configured ConfigMap (`kubernetes.configMap`: 'name' or
// 'namespace/name'): merge patch of data.KEY, old → new in the preview, dry run first.
import type { ActionEnv, Target } from '../../../ops/operation.js';
import { kubeEnabled, kubectl, kubeTarget, splitId } from './common.js';
import { patchOperation } from './patch-op.js';

/** The configured ConfigMap (`kubernetes.configMap`), its namespace defaulted. */
export function configured(env: ActionEnv, selNs?: string): { namespace: string; name: string } | undefined {
  const v = env.config.kubernetes?.configMap;
  if (!v) return undefined;
  return splitId(v) ?? { namespace: selNs ?? env.config.kubernetes?.namespaces?.[0] ?? 'default', name: v };
}

const command = (target: Target, body: object) =>
  kubectl(target, ['patch', 'configmap', target.name, '--type', 'merge', '-p', JSON.stringify(body)]);
const bodyOf = (key: string, value: string) => ({ data: { [key]: value } });

export const operation = patchOperation({
  id: 'kubernetes.configmap-set',
  title: 'Change a key of the ConfigMap',
  risk: 'disruptive',
  effect: { signals: ['restarts', 'errorRate', 'health'] },
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
    if ((sel.kind !== 'deployment' && sel.kind !== 'pod') || !kubeEnabled(env)) return undefined;
    const cm = configured(env, splitId(sel.id)?.namespace);
    return cm ? kubeTarget(env, 'configmap', cm.namespace, cm.name, cm.name) : undefined;
  },
  command: (target, params) => command(target, bodyOf(String(params.key), String(params.value))),
  kind: 'configmap',
  patchType: 'merge',
  change(cm, target, params) {
    const key = String(params.key);
    const value = String(params.value);
    const old = cm.data?.[key];
    const body = bodyOf(key, value);
    return {
      body,
      params: { key, value },
      impact: [
        `${target.name}.${key}: ${old === undefined ? '(new key)' : old} → ${value}`,
        'pods read ConfigMaps at start (env) or after the kubelet sync (volumes): restart the deployment to apply it at once',
      ],
      command: command(target, body),
      ...(old === value ? { nothingToDo: `${key} is already ${value}` } : {}),
    };
  },
  done: (plan) => ({ detail: `configmap/${plan.target.name} ${plan.params.key}=${plan.params.value}` }),
});
