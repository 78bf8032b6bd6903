// Maintenance mode: apply the configured manifest (`kubernetes.maintenanceManifest`, YAML,
// one or more objects) and remove it again. Apply = create, or merge-patch what exists
// (like `kubectl apply` without the last-applied bookkeeping); remove = delete each object.
// Destructive (it takes the service down for users): blast radius and context are required.
// Every object is dry-run on the server first.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defineOperation, shq, type ActionEnv, type Operation, type Target } from '../../../ops/operation.js';
import { errorText } from '../../../util/redact.js';
import { kubeApis, kubeEnabled, kubeErrorText, kubeTarget } from './common.js';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
  string,
  unknown
>;

async function loadManifest(env: ActionEnv): Promise<Obj[]> {
  const path = env.config.kubernetes?.maintenanceManifest;
  if (!path) throw new Error('no maintenance manifest configured (kubernetes.maintenanceManifest)');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the maintenance manifest ${path}: ${errorText(err)}`, { cause: err });
  }
  const docs = parseAllDocuments(text);
  const objs: Obj[] = [];
  for (const d of docs) {
    if (d.errors.length)
      throw new Error(`maintenance manifest ${path}: ${d.errors[0]!.message.split('\n')[0]}`);
    const o = d.toJS() as Obj | null;
    if (!o) continue;
    if (!o.apiVersion || !o.kind || !o.metadata?.name)
      throw new Error(`maintenance manifest ${path}: every object needs apiVersion, kind and metadata.name`);
    objs.push(o);
  }
  if (!objs.length) throw new Error(`maintenance manifest ${path} has no objects`);
  return objs;
}

const label = (o: Obj) =>
  `${o.kind.toLowerCase()}/${o.metadata.name}${o.metadata.namespace ? ` (ns ${o.metadata.namespace})` : ''}`;

const command = (mode: 'on' | 'off', target: Target, path: string) =>
  ['kubectl', '--context', target.context, mode === 'on' ? 'apply' : 'delete', '-f', path].map(shq).join(' ');

function maintenanceOp(mode: 'on' | 'off'): Operation {
  const id = mode === 'on' ? 'kubernetes.maintenance-on' : 'kubernetes.maintenance-off';
  return defineOperation({
    id,
    title:
      mode === 'on'
        ? 'Maintenance mode ON (apply the maintenance manifest)'
        : 'Maintenance mode OFF (remove the maintenance manifest)',
    backend: 'kubernetes',
    risk: 'destructive',
    on: 'deployment',
    effect: { signals: ['health'] },
    keywords: ['maintenance', 'maintenance mode', mode === 'on' ? 'apply' : 'remove', 'manifest'],
    params: [],
    command: (target, _params, env) =>
      command(mode, target, env.config.kubernetes?.maintenanceManifest ?? ''),
    appliesTo(sel, env) {
      const path = env.config.kubernetes?.maintenanceManifest;
      if (!path || !kubeEnabled(env) || (sel.kind !== 'deployment' && sel.kind !== 'pod')) return undefined;
      return kubeTarget(env, 'manifest', undefined, basename(path), 'maintenance');
    },
    async plan(target, params, env) {
      const objs = await loadManifest(env);
      const { k, objects: api } = await kubeApis(env);
      const impact: string[] = [];
      const exists: boolean[] = [];
      const problems: string[] = [];
      for (const o of objs) {
        let found = false;
        try {
          await api.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata });
          found = true;
        } catch (err) {
          if ((err as { code?: number }).code !== 404) problems.push(`${label(o)}: ${kubeErrorText(err)}`);
        }
        exists.push(found);
        try {
          if (mode === 'on') {
            if (found) await api.patch(o, undefined, 'All', 'warroom', undefined, k.PatchStrategy.MergePatch);
            else await api.create(o, undefined, 'All', 'warroom');
          } else if (found) await api.delete(o, undefined, 'All');
        } catch (err) {
          problems.push(`${label(o)}: ${kubeErrorText(err)}`);
        }
        impact.push(
          mode === 'on'
            ? `${found ? 'updates' : 'creates'} ${label(o)}`
            : found
              ? `deletes ${label(o)}`
              : `${label(o)} is not there (skipped)`,
        );
      }
      return {
        op: id,
        target,
        params,
        risk: 'destructive',
        impact,
        blastRadius:
          mode === 'on'
            ? 'users get the maintenance page / traffic is diverted until maintenance mode is turned off'
            : 'traffic returns to the application: make sure it is ready',
        command: command(mode, target, env.config.kubernetes!.maintenanceManifest!),
        dryRun: problems.length
          ? { ok: false, text: problems.join('; ') }
          : { ok: true, text: `server-side dry run accepted all ${objs.length} objects` },
        ...(mode === 'off' && !exists.some(Boolean)
          ? { nothingToDo: 'maintenance mode is not on (no object of the manifest exists)' }
          : {}),
        data: { objs, exists },
      };
    },
    async run(plan, env) {
      const { objs, exists } = plan.data as { objs: Obj[]; exists: boolean[] };
      const { k, objects: api } = await kubeApis(env);
      const done: string[] = [];
      for (const [i, o] of objs.entries()) {
        try {
          if (mode === 'on') {
            if (exists[i])
              await api.patch(o, undefined, undefined, 'warroom', undefined, k.PatchStrategy.MergePatch);
            else await api.create(o, undefined, undefined, 'warroom');
          } else if (exists[i]) await api.delete(o);
          done.push(label(o));
        } catch (err) {
          return {
            ok: false,
            detail: `${label(o)}: ${kubeErrorText(err)}${done.length ? ` (already done: ${done.join(', ')})` : ''}`,
          };
        }
      }
      return { ok: true, detail: `maintenance mode ${mode === 'on' ? 'ON' : 'OFF'}: ${done.join(', ')}` };
    },
  });
}

export const maintenanceOn = maintenanceOp('on');
export const maintenanceOff = maintenanceOp('off');
