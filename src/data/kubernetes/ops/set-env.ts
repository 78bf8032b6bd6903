// `kubectl set env deployment/NAME KEY=VALUE …`: a strategic merge patch (containers and env
// merge by name) of every container, or the one named. The preview shows old → new per
// container; server-side dry run first. Rolls the pods.
import { defineOperation } from '../../../actions/operation.js';
import { call, checkAccess, deploymentTarget, kubeApis, kubectl, serverDryRun, strategic } from './common.js';

const id = 'kubernetes.set-env';
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

export const operation = defineOperation({
  id,
  title: 'Set env on the deployment (feature flags, pool sizes)',
  backend: 'kubernetes',
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
  appliesTo: deploymentTarget,
  permitted: (t, env) =>
    checkAccess(env, [{ verb: 'patch', resource: 'deployments', group: 'apps', namespace: t.namespace }]),
  async plan(target, params, env) {
    const { apps, k } = await kubeApis(env);
    const ns = target.namespace!;
    const pairs = parsePairs(String(params.env));
    const d = await call(`read deployment ${target.name}`, () =>
      apps.readNamespacedDeployment({ name: target.name, namespace: ns }),
    );
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
    const body = {
      spec: { template: { spec: { containers: containers.map((c) => ({ name: c.name, env: pairs })) } } },
    };
    const dryRun = await serverDryRun(() =>
      apps.patchNamespacedDeployment({ name: target.name, namespace: ns, body, dryRun: 'All' }, strategic(k)),
    );
    const allSame = containers.every((c) =>
      pairs.every((p) => c.env?.find((e) => e.name === p.name)?.value === p.value),
    );
    return {
      op: id,
      target,
      params: {
        env: pairs.map((p) => `${p.name}=${p.value}`).join(' '),
        ...(only ? { container: only } : {}),
      },
      risk: 'disruptive',
      impact,
      command: kubectl(target, [
        'set',
        'env',
        `deployment/${target.name}`,
        ...(only ? [`--containers=${only}`] : []),
        ...pairs.map((p) => `${p.name}=${p.value}`),
      ]),
      dryRun,
      ...(allSame ? { nothingToDo: 'every variable already has that value' } : {}),
      data: { body },
    };
  },
  async run(plan, env) {
    const { apps, k } = await kubeApis(env);
    const { body } = plan.data as { body: object };
    await call(`patch deployment ${plan.target.name}`, () =>
      apps.patchNamespacedDeployment(
        { name: plan.target.name, namespace: plan.target.namespace!, body },
        strategic(k),
      ),
    );
    return {
      ok: true,
      detail: `deployment.apps/${plan.target.name} env updated (${plan.params.env})`,
      follow: { namespace: plan.target.namespace!, deployment: plan.target.name },
    };
  },
});
