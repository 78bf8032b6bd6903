// `kubectl set env deployment/NAME KEY=VALUE …`: a strategic merge patch (containers and env
// merge by name) of every container, or the one named. The preview shows old → new per
// container; server-side dry run first. Rolls the pods.
import { kubectl } from './common.js';
import { patchOperation } from './patch-op.js';

const PAIR = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/;

function parsePairs(s: string): { name: string; value: string }[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => {
      const m = PAIR.exec(p);
      return m ? { name: m[1]!, value: m[2]! } : { name: '', value: p };
    });
}

export const operation = patchOperation({
  id: 'kubernetes.set-env',
  title: 'Set env on the deployment (feature flags, pool sizes)',
  risk: 'disruptive',
  key: { scope: 'deployments', key: 'E' },
  keywords: ['set env', 'environment', 'feature flag', 'FEATURE_', 'DB_POOL_SIZE'],
  params: [
    {
      name: 'env',
      label: 'KEY=VALUE (several separated by spaces)',
      kind: 'text',
      hint: () => 'e.g. FEATURE_X_ENABLED=false DB_POOL_SIZE=50',
      validate: (v) => {
        const pairs = parsePairs(String(v));
        if (!pairs.length) return 'at least one KEY=VALUE';
        const bad = pairs.find((p) => !p.name);
        return bad ? `${bad.value}: expected KEY=VALUE` : undefined;
      },
    },
    { name: 'container', label: 'Container (empty = every container)', kind: 'text' },
  ],
  kind: 'deployment',
  patchType: 'strategic',
  change(d, target, params) {
    const pairs = parsePairs(String(params.env));
    const all = d.spec?.template.spec?.containers ?? [];
    const only = String(params.container ?? '').trim();
    const containers = only ? all.filter((c) => c.name === only) : all;
    if (!containers.length)
      throw new Error(
        `container ${only} not found in ${target.name} (have: ${all.map((c) => c.name).join(', ')})`,
      );
    const impact: string[] = [];
    for (const c of containers)
      for (const p of pairs) {
        const cur = c.env?.find((e) => e.name === p.name);
        if (cur?.valueFrom)
          throw new Error(`${c.name}: ${p.name} comes from a reference (valueFrom); change it there`);
        const old = cur ? (cur.value ?? '') : undefined;
        impact.push(
          `${c.name}: ${p.name} ${old === undefined ? '(unset)' : old} → ${p.value}${old === p.value ? ' (unchanged)' : ''}`,
        );
      }
    impact.push(`a new rollout replaces the ${d.spec?.replicas ?? 1} pods`);
    const allSame = containers.every((c) =>
      pairs.every((p) => c.env?.find((e) => e.name === p.name)?.value === p.value),
    );
    return {
      body: {
        spec: { template: { spec: { containers: containers.map((c) => ({ name: c.name, env: pairs })) } } },
      },
      params: {
        env: pairs.map((p) => `${p.name}=${p.value}`).join(' '),
        ...(only ? { container: only } : {}),
      },
      impact,
      command: kubectl(target, [
        'set',
        'env',
        `deployment/${target.name}`,
        ...(only ? [`--containers=${only}`] : []),
        ...pairs.map((p) => `${p.name}=${p.value}`),
      ]),
      ...(allSame ? { nothingToDo: 'every variable already has that value' } : {}),
    };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} env updated (${plan.params.env})`,
    follow: true,
  }),
});
