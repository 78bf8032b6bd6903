// `kubectl rollout undo`, done the way kubectl does it: list the deployment's ReplicaSets (by
// its selector, owned by it), take the one with the target revision (default: the previous
// one), refuse if paused, strip pod-template-hash, and JSON-patch /spec/template and
// /metadata/annotations (the ReplicaSet's annotations such as change-cause; the deployment
// keeps its own revision bookkeeping). The preview shows what changes (images, env,
// change-cause); a server-side dry run comes first.
import type { ActionEnv, Target } from '../../../ops/operation.js';
import { call, CHANGE_CAUSE, images, kubeApis, kubectl, REVISION, ROLLOUT_SIGNALS } from './common.js';
import { patchOperation } from './patch-op.js';

// kubectl's annotationsToSkip (pkg/polymorphichelpers/rollback.go).
const SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

type Obj = {
  metadata?: {
    name?: string;
    uid?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { uid: string; controller?: boolean }[];
  };
  spec?: any;
};

async function history(t: Target, env: ActionEnv) {
  const { apps } = await kubeApis(env);
  const ns = t.namespace!;
  const d = await call(`read deployment ${t.name}`, () =>
    apps.readNamespacedDeployment({ name: t.name, namespace: ns }),
  );
  const sel = d.spec?.selector?.matchLabels ?? {};
  const labelSelector = Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await call('list replicasets', () =>
    apps.listNamespacedReplicaSet({ namespace: ns, labelSelector }),
  );
  const owned = (list.items as Obj[])
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid))
    .map((rs) => ({ rs, rev: Number(rs.metadata?.annotations?.[REVISION] ?? 0) }))
    .filter((x) => x.rev > 0)
    .sort((a, b) => b.rev - a.rev);
  return { d, owned };
}

function envOf(tpl: any): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of tpl?.spec?.containers ?? [])
    for (const e of c.env ?? []) m.set(`${c.name}:${e.name}`, e.value ?? (e.valueFrom ? '(from ref)' : ''));
  return m;
}

function sameTemplate(a: any, b: any): boolean {
  const strip = (t: any) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    return JSON.stringify(c, Object.keys(flatten(c)).sort());
  };
  return strip(a) === strip(b);
}
function flatten(o: any, out: Record<string, true> = {}): Record<string, true> {
  if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) {
      out[k] = true;
      flatten(v, out);
    }
  return out;
}

const command = (target: Target, revision: number) =>
  kubectl(target, [
    'rollout',
    'undo',
    `deployment/${target.name}`,
    ...(revision > 0 ? [`--to-revision=${revision}`] : []),
  ]);

export const operation = patchOperation({
  id: 'kubernetes.rollout-undo',
  title: 'Rollout undo (to the previous or a chosen revision)',
  risk: 'disruptive',
  effect: { signals: ROLLOUT_SIGNALS },
  keywords: ['rollout undo', 'rollback', 'revert', 'revision', 'deployment'],
  params: [
    {
      name: 'revision',
      label: 'To revision (0 = the previous one)',
      kind: 'int',
      initial: async (t, env) => {
        const { owned } = await history(t, env);
        return String(owned[1]?.rev ?? 0);
      },
      hint: async (t, env) => {
        const { owned } = await history(t, env);
        return (
          'revisions: ' +
          owned
            .slice(0, 6)
            .map(
              (x, i) =>
                `${x.rev}${i === 0 ? ' (current)' : ''} ${images(x.rs.spec?.template).join(',')}${x.rs.metadata?.annotations?.[CHANGE_CAUSE] ? ` "${x.rs.metadata.annotations[CHANGE_CAUSE]}"` : ''}`,
            )
            .join(' · ')
        );
      },
      validate: (v) => (typeof v === 'number' && v >= 0 ? undefined : 'a revision number (0 = previous)'),
    },
  ],
  command: (target, params) => command(target, Number(params.revision ?? 0)),
  kind: 'deployment',
  patchType: 'json',
  alsoReads: [{ verb: 'list', resource: 'replicasets', group: 'apps' }],
  read: history,
  change({ d, owned }, target, params) {
    if (d.spec?.paused)
      throw new Error(`deployment ${target.name} is paused: resume it before undoing (kubectl refuses too)`);
    const wanted = Number(params.revision);
    const current = owned[0];
    const pick = wanted === 0 ? owned[1] : owned.find((x) => x.rev === wanted);
    if (!pick)
      throw new Error(
        wanted === 0
          ? `no previous revision of ${target.name} to go back to`
          : `revision ${wanted} of ${target.name} not found (have: ${owned.map((x) => x.rev).join(', ') || 'none'})`,
      );
    const tpl = structuredClone(pick.rs.spec?.template ?? {});
    if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
    const annotations: Record<string, string> = {};
    for (const [kk, v] of Object.entries(d.metadata?.annotations ?? {}))
      if (SKIP.has(kk)) annotations[kk] = v;
    for (const [kk, v] of Object.entries(pick.rs.metadata?.annotations ?? {}))
      if (!SKIP.has(kk)) annotations[kk] = v;
    const patch = [
      { op: 'replace', path: '/spec/template', value: tpl },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ];
    const toRev = pick.rev;
    const undo = command(target, toRev);
    if (sameTemplate(d.spec?.template, tpl))
      return {
        params: { revision: toRev },
        impact: [],
        command: undo,
        nothingToDo: `the current template already matches revision ${toRev}`,
      };
    const impact: string[] = [
      `revision ${current?.rev ?? '?'} → ${toRev} (a new rollout replaces the ${d.spec?.replicas ?? 1} pods)`,
    ];
    const from = images(d.spec?.template as any);
    const to = images(tpl);
    impact.push(
      `images: ${from.join(', ')} → ${to.join(', ')}${from.join() === to.join() ? ' (unchanged)' : ''}`,
    );
    const e1 = envOf(d.spec?.template);
    const e2 = envOf(tpl);
    for (const key of new Set([...e1.keys(), ...e2.keys()])) {
      const a = e1.get(key);
      const b = e2.get(key);
      if (a !== b) impact.push(`env ${key}: ${a ?? '(unset)'} → ${b ?? '(unset)'}`);
    }
    const cc1 = d.metadata?.annotations?.[CHANGE_CAUSE];
    const cc2 = pick.rs.metadata?.annotations?.[CHANGE_CAUSE];
    if (cc1 || cc2) impact.push(`change-cause: ${cc1 ?? '(none)'} → ${cc2 ?? '(none)'}`);
    return { body: patch, params: { revision: toRev }, impact, command: undo, data: { toRev } };
  },
  done: (plan) => ({
    detail: `deployment.apps/${plan.target.name} rolled back to revision ${plan.data.toRev}`,
    follow: true,
  }),
});
