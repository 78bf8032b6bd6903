// Kubernetes: reach and authenticate (/version), RBAC for what the panes read (list/watch on
// each resource, get pods/log, metrics.k8s.io) and for the actions (patch deployments, delete
// pods, update scale, patch configmaps) via SelfSubjectAccessReview, and a server-side dry run
// of a restart patch on the first configured deployment.
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

const READS: [verb: string, resource: string, group: string, subresource?: string][] = [
  ['list', 'pods', ''],
  ['watch', 'pods', ''],
  ['list', 'nodes', ''],
  ['list', 'events', ''],
  ['list', 'deployments', 'apps'],
  ['watch', 'deployments', 'apps'],
  ['list', 'replicasets', 'apps'],
  ['get', 'pods', '', 'log'],
];
const ACTIONS: [verb: string, resource: string, group: string, subresource?: string][] = [
  ['patch', 'deployments', 'apps'],
  ['update', 'deployments', 'apps', 'scale'],
  ['delete', 'pods', ''],
  ['patch', 'configmaps', ''],
];

export async function checkKubernetes(config: Config, push: Push): Promise<void> {
  const k = config.kubernetes!;
  const { kubeConnection } = await import('../data/kubernetes/connection.js');
  const client = await import('@kubernetes/client-node');
  let conn;
  try {
    conn = kubeConnection({ kubeconfig: k.kubeconfig, context: k.context });
  } catch (err) {
    push({
      check: 'kubeconfig',
      level: 'fail',
      detail: errorText(err),
      fix: 'set KUBECONFIG or kubernetes.kubeconfig, and kubernetes.context',
      required: true,
    });
    return;
  }
  push({ check: 'kubeconfig', level: 'ok', detail: `context ${conn.context}`, required: true });
  const { version, authz, apps } = await conn.typed();
  try {
    const v = await version.getCode();
    push({
      check: 'reach + authenticate',
      level: 'ok',
      detail: `API server ${v.gitVersion}`,
      required: true,
    });
  } catch (err) {
    const code = (err as { code?: number }).code;
    const words =
      code === 401 ? 'the credentials were refused (401)' : code === 403 ? 'forbidden (403)' : errorText(err);
    push({
      check: 'reach + authenticate',
      level: 'fail',
      detail: words,
      fix:
        code === 401
          ? 'refresh the credentials (e.g. aws eks update-kubeconfig, or a new token)'
          : 'check the server address and network path to the API server',
      required: true,
    });
    return;
  }
  const namespaces = k.namespaces?.length ? k.namespaces : [undefined];
  const can = async (
    verb: string,
    resource: string,
    group: string,
    subresource: string | undefined,
    namespace: string | undefined,
  ) => {
    const r = await authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, resource, group, subresource, namespace } },
      },
    });
    return !!r.status?.allowed;
  };
  const readOnly = !!config.actions?.readOnly || !!k.readOnly;
  for (const [list, required] of [
    [READS, true],
    [ACTIONS, !readOnly],
  ] as const) {
    for (const [verb, resource, group, sub] of list) {
      for (const ns of resource === 'nodes' ? [undefined] : namespaces) {
        const name = `${verb} ${resource}${sub ? `/${sub}` : ''}${group ? `.${group}` : ''}${ns ? ` in ${ns}` : ''}`;
        try {
          const ok = await can(verb, resource, group, sub, ns);
          push({
            check: `RBAC ${name}`,
            level: ok ? 'ok' : required ? 'fail' : 'warn',
            detail: ok ? 'allowed' : 'denied',
            fix: ok
              ? undefined
              : `grant '${verb}' on '${resource}${sub ? `/${sub}` : ''}' to this user (Role/ClusterRole binding)`,
            required,
          });
        } catch (err) {
          push({
            check: `RBAC ${name}`,
            level: 'warn',
            detail: `SelfSubjectAccessReview failed: ${errorText(err)}`,
            required: false,
          });
        }
      }
    }
  }
  // metrics.k8s.io is optional: the top pane says when it is missing.
  try {
    const metrics = new client.Metrics(conn.target.kc);
    await metrics.getNodeMetrics();
    push({ check: 'metrics.k8s.io', level: 'ok', detail: 'node metrics readable', required: false });
  } catch (err) {
    push({
      check: 'metrics.k8s.io',
      level: 'warn',
      detail: `not available: ${errorText(err)}`,
      fix: 'install metrics-server for the top pane',
      required: false,
    });
  }
  // A server-side dry run of what `rollout restart` sends, on the first configured deployment.
  const dep = k.deployments?.[0];
  const ns = k.namespaces?.[0];
  if (dep && ns && !readOnly) {
    try {
      await apps.patchNamespacedDeployment(
        {
          name: dep,
          namespace: ns,
          dryRun: 'All',
          body: {
            spec: {
              template: {
                metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } },
              },
            },
          },
        },
        client.setHeaderOptions('Content-Type', client.PatchStrategy.StrategicMergePatch),
      );
      push({
        check: `dry run: rollout restart deployment/${dep}`,
        level: 'ok',
        detail: `accepted by the API server in ${ns} (nothing changed)`,
        required: true,
      });
    } catch (err) {
      const code = (err as { code?: number }).code;
      push({
        check: `dry run: rollout restart deployment/${dep}`,
        level: 'fail',
        detail:
          code === 404
            ? `deployment ${dep} not found in ${ns}`
            : code === 403
              ? 'forbidden (403)'
              : errorText(err),
        fix:
          code === 404
            ? 'check kubernetes.deployments and kubernetes.namespaces'
            : `grant 'patch' on deployments in ${ns}`,
        required: true,
      });
    }
  }
}
