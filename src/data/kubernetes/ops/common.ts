// Shared by the Kubernetes operations: the context name (known without loading the client),
// the target of a selection, the API clients (loaded on first use), RBAC through
// SelfSubjectAccessReview, kubectl command lines, server-side dry runs, and API errors in words.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ActionEnv, Permission, Selection, SignalId, Target } from '../../../ops/operation.js';
import { shq } from '../../../ops/operation.js';
import { getSlice } from '../../../store/store.js';
import { errorText } from '../../../util/redact.js';
import type { TypedApis } from '../connection.js';

function kubeconfigPath(env: ActionEnv): string | undefined {
  if (env.kubeconfigPath) return env.kubeconfigPath;
  if (env.config.kubernetes?.kubeconfig) return env.config.kubernetes.kubeconfig;
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG.split(delimiter)[0];
  return join(process.env.HOME || homedir(), '.kube', 'config');
}

const ctxCache = new Map<string, string | undefined>();
/** The context actions act in: config / --context, else what the backend found, else the kubeconfig's. */
export function contextName(env: ActionEnv): string {
  if (env.config.kubernetes?.context) return env.config.kubernetes.context;
  const meta = env.store ? getSlice(env.store, 'meta') : undefined;
  if (meta?.context) return meta.context;
  const path = kubeconfigPath(env);
  if (path) {
    if (!ctxCache.has(path)) {
      try {
        const kc = parseYaml(readFileSync(path, 'utf8')) as { 'current-context'?: string } | null;
        ctxCache.set(path, kc?.['current-context'] || undefined);
      } catch {
        ctxCache.set(path, undefined);
      }
    }
    const c = ctxCache.get(path);
    if (c) return c;
  }
  return 'in-cluster';
}

export function kubeEnabled(env: ActionEnv): boolean {
  return !!env.config.kubernetes || !!env.kubeconfigPath || !!process.env.KUBECONFIG;
}

/** 'namespace/name' → parts. */
export function splitId(id: string | undefined): { namespace: string; name: string } | undefined {
  if (!id) return undefined;
  const i = id.indexOf('/');
  if (i <= 0 || i === id.length - 1) return undefined;
  return { namespace: id.slice(0, i), name: id.slice(i + 1) };
}

export function kubeTarget(
  env: ActionEnv,
  kind: string,
  namespace: string | undefined,
  name: string,
  confirmName: string,
): Target {
  return {
    backend: 'kubernetes',
    context: contextName(env),
    ...(namespace ? { namespace } : {}),
    kind,
    name,
    confirmName,
    production: !!env.config.kubernetes?.production,
    readOnly: !!env.config.kubernetes?.readOnly,
  };
}

/** The selected deployment ('ns/name'). */
export function deploymentTarget(sel: Selection, env: ActionEnv): Target | undefined {
  if (sel.kind !== 'deployment' || !kubeEnabled(env)) return undefined;
  const p = splitId(sel.id);
  return p ? kubeTarget(env, 'deployment', p.namespace, p.name, p.name) : undefined;
}

export type KubeModule = typeof import('@kubernetes/client-node');
let mod: Promise<KubeModule> | undefined;
export function kubeModule(): Promise<KubeModule> {
  mod ??= import('@kubernetes/client-node');
  return mod;
}

export interface KubeApis extends TypedApis {
  k: KubeModule;
  kc: import('@kubernetes/client-node').KubeConfig;
  context: string;
}

/** The typed clients of the context's shared connection (one per context, made once). */
export async function kubeApis(env: ActionEnv): Promise<KubeApis> {
  const k = await kubeModule();
  const { kubeConnection } = await import('../connection.js');
  const conn = kubeConnection({
    kubeconfig: env.kubeconfigPath ?? env.config.kubernetes?.kubeconfig,
    context: env.config.kubernetes?.context,
  });
  return { k, kc: conn.target.kc, context: conn.context, ...(await conn.typed()) };
}

/** An API error in words: status, reason and the server's message (403, 404, 409, 422…). */
export function kubeErrorText(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string };
  if (typeof e?.code === 'number' && e.code >= 300) {
    let msg: string;
    let reason = '';
    try {
      const b = (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as {
        message?: string;
        reason?: string;
      };
      msg = b?.message ?? '';
      reason = b?.reason ?? '';
    } catch {
      msg = typeof e.body === 'string' ? e.body.slice(0, 200) : '';
    }
    const words: Record<number, string> = {
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found (the object is gone)',
      409: 'Conflict (the object changed meanwhile; look again and retry)',
      422: 'Invalid',
    };
    return errorText(`${e.code} ${words[e.code] ?? reason ?? 'error'}${msg ? `: ${msg}` : ''}`);
  }
  return errorText(err);
}

/** Wraps an API call so failures carry words, not stacks. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new Error(`${what}: ${kubeErrorText(err)}`, { cause: err });
  }
}

/** RBAC: SelfSubjectAccessReview for each (verb, resource) the op needs. */
export async function checkAccess(
  env: ActionEnv,
  checks: { verb: string; resource: string; group?: string; subresource?: string; namespace?: string }[],
): Promise<Permission> {
  const { authz } = await kubeApis(env);
  for (const c of checks) {
    const r = await call('SelfSubjectAccessReview', () =>
      authz.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: c.verb,
              resource: c.resource,
              group: c.group ?? '',
              ...(c.subresource ? { subresource: c.subresource } : {}),
              ...(c.namespace ? { namespace: c.namespace } : {}),
            },
          },
        },
      }),
    );
    if (!r.status?.allowed) {
      const what = `${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.namespace ? ` in ${c.namespace}` : ''}`;
      return {
        allowed: false,
        reason: `RBAC does not allow you to ${what}${r.status?.reason ? ` (${r.status.reason})` : ''}`,
      };
    }
  }
  return { allowed: true };
}

/** `kubectl --context C -n NS ARGS…` */
export function kubectl(t: Target, args: string[]): string {
  return ['kubectl', '--context', t.context, ...(t.namespace ? ['-n', t.namespace] : []), ...args]
    .map(shq)
    .join(' ');
}

/** Images of a pod template: 'container=image' each. */
export function images(
  tpl: { spec?: { containers?: { name: string; image?: string }[] } } | undefined,
): string[] {
  return (tpl?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? '?'}`);
}

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Runs a call with dryRun=All and reports the server's verdict as the preview's dry run. */
export async function serverDryRun(fn: () => Promise<unknown>, okText = 'server-side dry run accepted it') {
  try {
    await fn();
    return { ok: true, text: okText };
  } catch (err) {
    return { ok: false, text: `server-side dry run refused it: ${kubeErrorText(err)}` };
  }
}

/** The signals of a rollout-changing action: its rollout, its pods, its logs, the health checks. */
export const ROLLOUT_SIGNALS: SignalId[] = ['rollout', 'ready', 'restarts', 'errorRate', 'health'];
