// `kubectl set resources deployment/X [-c C] --limits=memory=1Gi,cpu=500m [--requests=…]`: the
// runbooks' fix for OOMKilled pods ("increase resources.limits.memory"). Strategic merge patch of
// the containers' resources, current → new per container in the preview, a limit below its
// request refused before the dry run; the change rolls the pods (a new ReplicaSet).
import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import type { Params, Target } from '../../../ops/operation.js';
import { kubeApis, kubectl, ROLLOUT_SIGNALS } from './common.js';
import { patchOperation } from './patch-op.js';
import { quantity } from '../status.js';

type Quantities = Record<string, string>;

const QUANTITY = /^\d+(\.\d+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;
/** A Kubernetes quantity as a number (memory in bytes, CPU in cores), for comparisons; only the
 * plain forms kubectl's users type (no sign, exponent, n or u), read by status.ts's `quantity`. */
export function quantityValue(q: string): number | undefined {
  return QUANTITY.test(q.trim()) ? quantity(q) : undefined;
}

/** `memory=1Gi,cpu=500m` → { memory: '1Gi', cpu: '500m' }; undefined entries are errors. */
export function parseQuantities(text: string): { values: Quantities; error?: string } {
  const values: Quantities = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(cpu|memory|ephemeral-storage)=(.+)$/.exec(part);
    if (!m) return { values, error: `${part}: expected cpu=…, memory=… or ephemeral-storage=…` };
    if (quantityValue(m[2]!) === undefined)
      return { values, error: `${m[2]}: not a quantity (e.g. 512Mi, 1Gi, 500m)` };
    values[m[1]!] = m[2]!;
  }
  return { values };
}

const show = (q: Quantities | undefined) =>
  q && Object.keys(q).length
    ? Object.entries(q)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '(none)';

function flags(params: Params): string[] {
  const limits = String(params.limits ?? '').trim();
  const requests = String(params.requests ?? '').trim();
  const container = String(params.container ?? '').trim();
  return [
    ...(container ? ['-c', container] : []),
    ...(limits ? [`--limits=${show(parseQuantities(limits).values)}`] : []),
    ...(requests ? [`--requests=${show(parseQuantities(requests).values)}`] : []),
  ];
}

const command = (target: Target, params: Params) =>
  kubectl(target, ['set', 'resources', `deployment/${target.name}`, ...flags(params)]);

const validQuantities = (v: unknown) => {
  const t = String(v ?? '').trim();
  return t ? parseQuantities(t).error : undefined;
};

export const operation = patchOperation({
  id: 'kubernetes.set-resources',
  title: 'Set resources (container limits and requests)',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
  keywords: ['set resources', 'limits', 'memory', 'cpu', 'oomkilled', 'requests'],
  params: [
    {
      name: 'limits',
      label: 'Limits (e.g. memory=1Gi,cpu=500m)',
      kind: 'text',
      hint: async (t, env) => {
        const { apps } = await kubeApis(env);
        const d = await apps.readNamespacedDeployment({ name: t.name, namespace: t.namespace! });
        return (
          'now: ' +
          (d.spec?.template.spec?.containers ?? [])
            .map(
              (c) => `${c.name} limits ${show(c.resources?.limits)} requests ${show(c.resources?.requests)}`,
            )
            .join(' · ')
        );
      },
      validate: (v) => (String(v ?? '').trim() ? validQuantities(v) : 'at least one limit, e.g. memory=1Gi'),
    },
    { name: 'requests', label: 'Requests (empty = unchanged)', kind: 'text', validate: validQuantities },
    { name: 'container', label: 'Container (empty = every container)', kind: 'text' },
  ],
  command,
  kind: 'deployment',
  patchType: 'strategic',
  change(d: V1Deployment, target, params) {
    const limits = parseQuantities(String(params.limits ?? '')).values;
    const requests = parseQuantities(String(params.requests ?? '')).values;
    const only = String(params.container ?? '').trim();
    const all = d.spec?.template.spec?.containers ?? [];
    const containers: V1Container[] = only ? all.filter((c) => c.name === only) : all;
    if (!containers.length)
      throw new Error(
        `container ${only} is not in ${target.name} (containers: ${all.map((c) => c.name).join(', ')})`,
      );
    const impact: string[] = [];
    let same = true;
    const patched = containers.map((c) => {
      const l0 = (c.resources?.limits ?? {}) as Quantities;
      const r0 = (c.resources?.requests ?? {}) as Quantities;
      const l1 = { ...l0, ...limits };
      const r1 = { ...r0, ...requests };
      for (const [k, v] of Object.entries(l1)) {
        const req = r1[k];
        if (req !== undefined && quantityValue(v)! < quantityValue(req)!)
          throw new Error(
            `${c.name}: the ${k} limit ${v} would be below its request ${req} (the API server refuses it)`,
          );
      }
      if (show(l0) !== show(l1) || show(r0) !== show(r1)) same = false;
      impact.push(
        `${c.name}: limits ${show(l0)} → ${show(l1)}${Object.keys(requests).length ? `; requests ${show(r0)} → ${show(r1)}` : ''}`,
      );
      return {
        name: c.name,
        resources: { limits: l1, ...(Object.keys(requests).length ? { requests: r1 } : {}) },
      };
    });
    impact.push(`a new rollout replaces the ${d.spec?.replicas ?? 1} pods of ${target.name}`);
    return {
      body: { spec: { template: { spec: { containers: patched } } } },
      params: {
        limits: show(limits),
        ...(Object.keys(requests).length ? { requests: show(requests) } : {}),
        ...(only ? { container: only } : {}),
      },
      impact,
      command: command(target, params),
      ...(same ? { nothingToDo: 'every container already has these resources' } : {}),
    };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} resource requirements updated (${plan.params.limits})`,
    follow: true,
  }),
});
