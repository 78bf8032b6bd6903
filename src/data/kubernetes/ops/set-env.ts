// `kubectl set env deployment/NAME KEY=VALUE …`: a strategic merge patch (containers and env
// merge by name) of every container, or the one named. The preview shows old → new per
// container, and warns about a name no container has today (a typo adds a variable nothing
// reads); server-side dry run first. Rolls the pods. The form lists the variables the
// containers have now (values hidden where they look secret or come from a Secret) and the keys
// of the ConfigMaps in play (the configured one, those imported with envFrom), and Tab
// completes on them.
import type { V1Deployment } from '@kubernetes/client-node';
import type { ActionEnv, Completion, Target } from '../../../ops/operation.js';
import { containerEnv, looksSecret } from '../env.js';
import { call, kubeApis, kubectl, ROLLOUT_SIGNALS } from './common.js';
import { configured } from './configmap.js';
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

interface EnvState {
  d: V1Deployment;
  /** Keys of the ConfigMaps the containers import whole (envFrom), with the ConfigMap's name. */
  imported: Map<string, { configMap: string; value: string }>;
  /** Keys of the configured ConfigMap, when it is not imported. */
  configKeys: Map<string, { configMap: string; value: string }>;
}

async function readEnv(t: Target, env: ActionEnv, withConfigKeys = false): Promise<EnvState> {
  const { apps, core } = await kubeApis(env);
  const ns = t.namespace!;
  const d = await call(`read deployment ${t.name}`, () =>
    apps.readNamespacedDeployment({ name: t.name, namespace: ns }),
  );
  const keysOf = async (name: string) => {
    const out = new Map<string, { configMap: string; value: string }>();
    try {
      const cm = await core.readNamespacedConfigMap({ name, namespace: ns });
      for (const [k, value] of Object.entries(cm.data ?? {})) out.set(k, { configMap: name, value });
    } catch {
      // not readable (RBAC, gone): the list is a help, the preview still works
    }
    return out;
  };
  const imported = new Map<string, { configMap: string; value: string }>();
  const envFrom = new Set<string>(
    (d.spec?.template.spec?.containers ?? []).flatMap((c) =>
      (c.envFrom ?? []).flatMap((f) => (f.configMapRef?.name && !f.prefix ? [f.configMapRef.name] : [])),
    ),
  );
  for (const name of envFrom) for (const [k, v] of await keysOf(name)) imported.set(k, v);
  const cm = configured(env, ns);
  const configKeys =
    withConfigKeys && cm && cm.namespace === ns && !envFrom.has(cm.name) ? await keysOf(cm.name) : new Map();
  return { d, imported, configKeys };
}

/** The form's list: current variables (per container when several), then ConfigMap keys. */
async function completions(t: Target, env: ActionEnv): Promise<Completion[]> {
  const { d, imported, configKeys } = await readEnv(t, env, true);
  const containers = d.spec?.template.spec?.containers ?? [];
  const out = new Map<string, Completion>();
  for (const c of containers)
    for (const e of containerEnv(c).vars)
      if (!out.has(e.name))
        out.set(e.name, {
          word: `${e.name}=`,
          note: containers.length > 1 ? `${e.shown} (${c.name})` : e.shown,
        });
  for (const [keys, how] of [
    [imported, 'imported from'],
    [configKeys, 'key of'],
  ] as const)
    for (const [k, v] of keys)
      if (!out.has(k) && PAIR.test(`${k}=`))
        out.set(k, {
          word: `${k}=`,
          note: `${looksSecret(k, v.value) ? '(hidden)' : v.value} (${how} configmap ${v.configMap})`,
        });
  return [...out.values()];
}

const command = (target: Target, pairs: { name: string; value: string }[], only: string) =>
  kubectl(target, [
    'set',
    'env',
    `deployment/${target.name}`,
    ...(only ? [`--containers=${only}`] : []),
    ...pairs.map((p) => `${p.name}=${p.value}`),
  ]);

export const operation = patchOperation({
  id: 'kubernetes.set-env',
  title: 'Set env on the deployment (feature flags, pool sizes)',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
  keywords: ['set env', 'environment', 'feature flag', 'FEATURE_', 'DB_POOL_SIZE'],
  params: [
    {
      name: 'env',
      label: 'KEY=VALUE (several separated by spaces)',
      kind: 'text',
      hint: () => 'e.g. FEATURE_X_ENABLED=false DB_POOL_SIZE=50 (Tab completes a name)',
      complete: completions,
      validate: (v) => {
        const pairs = parsePairs(String(v));
        if (!pairs.length) return 'at least one KEY=VALUE';
        const bad = pairs.find((p) => !p.name);
        return bad ? `${bad.value}: expected KEY=VALUE` : undefined;
      },
    },
    { name: 'container', label: 'Container (empty = every container)', kind: 'text' },
  ],
  command: (target, params) =>
    command(target, parsePairs(String(params.env ?? '')), String(params.container ?? '').trim()),
  kind: 'deployment',
  patchType: 'strategic',
  read: (t, env) => readEnv(t, env),
  change({ d, imported }, target, params) {
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
        const was = imported.get(p.name);
        impact.push(
          `${c.name}: ${p.name} ${old !== undefined ? old : was ? `(from configmap ${was.configMap})` : '(unset)'} → ${p.value}${old === p.value ? ' (unchanged)' : ''}`,
        );
      }
    const known = new Set(all.flatMap((c) => (c.env ?? []).map((e) => e.name)));
    for (const p of pairs)
      if (!known.has(p.name) && !imported.has(p.name))
        impact.push(`⚠ ${p.name}: new variable: not set on any container today`);
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
      command: command(target, pairs, only),
      ...(allSame ? { nothingToDo: 'every variable already has that value' } : {}),
    };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} env updated (${plan.params.env})`,
    follow: true,
  }),
});
