// The one skeleton of the Kubernetes patch-style operations (restart, pause/resume, set env,
// scale, ConfigMap key, rollout undo): read the object, let the operation say what changes
// (the patch body, the impact, the kubectl command), dry-run the patch server-side for the
// preview, and send the very same patch when confirmed. RBAC is a SelfSubjectAccessReview of
// the patch (and whatever else the operation reads).
import type { V1ConfigMap, V1Deployment, V1Scale } from '@kubernetes/client-node';
import {
  defineOperation,
  type ActionEnv,
  type Operation,
  type Params,
  type Plan,
  type Risk,
  type Target,
} from '../../../ops/operation.js';
import { call, checkAccess, deploymentTarget, kubeApis, serverDryRun, type KubeApis } from './common.js';

interface Objects {
  deployment: V1Deployment;
  'deployment-scale': V1Scale;
  configmap: V1ConfigMap;
}
type Kind = keyof Objects;
type PatchType = 'strategic' | 'merge' | 'json';
type Req = { name: string; namespace: string; body: object; dryRun?: string };

interface KindSpec {
  read(a: KubeApis, name: string, namespace: string): Promise<unknown>;
  patch(a: KubeApis, req: Req, patchType: PatchType): Promise<unknown>;
  readWhat: string;
  patchWhat: string;
  access: { verb: string; resource: string; group?: string; subresource?: string };
}

const headers = (a: KubeApis, t: PatchType) =>
  a.k.setHeaderOptions(
    'Content-Type',
    t === 'strategic'
      ? a.k.PatchStrategy.StrategicMergePatch
      : t === 'json'
        ? a.k.PatchStrategy.JsonPatch
        : a.k.PatchStrategy.MergePatch,
  );

const KINDS: Record<Kind, KindSpec> = {
  deployment: {
    read: (a, name, namespace) => a.apps.readNamespacedDeployment({ name, namespace }),
    patch: (a, req, t) => a.apps.patchNamespacedDeployment(req, headers(a, t)),
    readWhat: 'read deployment',
    patchWhat: 'patch deployment',
    access: { verb: 'patch', resource: 'deployments', group: 'apps' },
  },
  'deployment-scale': {
    read: (a, name, namespace) => a.apps.readNamespacedDeploymentScale({ name, namespace }),
    patch: (a, req, t) => a.apps.patchNamespacedDeploymentScale(req, headers(a, t)),
    readWhat: 'read scale of',
    patchWhat: 'scale deployment',
    access: { verb: 'patch', resource: 'deployments', subresource: 'scale', group: 'apps' },
  },
  configmap: {
    read: (a, name, namespace) => a.core.readNamespacedConfigMap({ name, namespace }),
    patch: (a, req, t) => a.core.patchNamespacedConfigMap(req, headers(a, t)),
    readWhat: 'read configmap',
    patchWhat: 'patch configmap',
    access: { verb: 'patch', resource: 'configmaps' },
  },
};

/** What an operation makes of the object it read. */
export interface Change {
  /** The patch; none means there is nothing to send (no dry run either). */
  body?: object;
  impact: string[];
  command: string;
  /** The parameters as they will be shown and journaled (default: as given). */
  params?: Params;
  /** This plan's risk when higher than the operation's. */
  risk?: Risk;
  blastRadius?: string;
  nothingToDo?: string;
  /** More plan-time data for `done`. */
  data?: Record<string, unknown>;
}

export interface PatchOpSpec<K extends Kind, R> {
  id: string;
  title: string;
  risk: Risk;
  keywords: string[];
  effect: NonNullable<Operation['effect']>;
  params?: Operation['params'];
  /** The equivalent command from the target and parameters alone (what a refusal records). */
  command?: Operation['command'];
  kind: K;
  patchType: PatchType;
  /** Default: the selected deployment. */
  appliesTo?: Operation['appliesTo'];
  /** What it needs selected (default: a deployment). */
  on?: Operation['on'];
  /** Reads needed besides the patch, for RBAC. */
  alsoReads?: { verb: string; resource: string; group?: string }[];
  /** Reads what the change is made from (default: the object itself). */
  read?(target: Target, env: ActionEnv): Promise<R>;
  change(current: R, target: Target, params: Params, env: ActionEnv): Change | Promise<Change>;
  /** The outcome line, and whether to follow the rollout it starts. */
  done(plan: Plan & { data: Record<string, unknown> }): { detail: string; follow?: boolean };
}

export function patchOperation<K extends Kind, R = Objects[K]>(spec: PatchOpSpec<K, R>): Operation {
  const kind = KINDS[spec.kind];
  const read =
    spec.read ??
    (async (t: Target, env: ActionEnv) => {
      const a = await kubeApis(env);
      return (await call(`${kind.readWhat} ${t.name}`, () => kind.read(a, t.name, t.namespace!))) as R;
    });
  return defineOperation({
    id: spec.id,
    title: spec.title,
    backend: 'kubernetes',
    risk: spec.risk,
    on: spec.on ?? 'deployment',
    keywords: spec.keywords,
    effect: spec.effect,
    params: spec.params ?? [],
    ...(spec.command ? { command: spec.command } : {}),
    appliesTo: spec.appliesTo ?? deploymentTarget,
    permitted: (t, env) =>
      checkAccess(
        env,
        [kind.access, ...(spec.alsoReads ?? [])].map((c) => ({ ...c, namespace: t.namespace })),
      ),
    async plan(target, params, env) {
      const current = await read(target, env);
      const c = await spec.change(current, target, params, env);
      const a = await kubeApis(env);
      const body = c.body;
      const dryRun = body
        ? await serverDryRun(() =>
            kind.patch(
              a,
              { name: target.name, namespace: target.namespace!, body, dryRun: 'All' },
              spec.patchType,
            ),
          )
        : undefined;
      return {
        op: spec.id,
        target,
        params: c.params ?? params,
        risk: c.risk ?? spec.risk,
        impact: c.impact,
        ...(c.blastRadius ? { blastRadius: c.blastRadius } : {}),
        command: c.command,
        ...(dryRun ? { dryRun } : {}),
        ...(c.nothingToDo ? { nothingToDo: c.nothingToDo } : {}),
        ...(body ? { data: { ...c.data, body } } : {}),
      };
    },
    async run(plan, env) {
      const a = await kubeApis(env);
      const data = plan.data as { body: object } & Record<string, unknown>;
      const t = plan.target;
      await call(`${kind.patchWhat} ${t.name}`, () =>
        kind.patch(a, { name: t.name, namespace: t.namespace!, body: data.body }, spec.patchType),
      );
      const d = spec.done({ ...plan, data });
      return {
        ok: true,
        detail: d.detail,
        ...(d.follow ? { follow: { namespace: t.namespace!, deployment: t.name } } : {}),
      };
    },
  });
}
