// A kubeconfig that points kubectl and client-node at the simulator over plain HTTP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import YAML from 'yaml';

export function kubeconfigYaml(
  url: string,
  opts: { context?: string; namespace?: string; token?: string } = {},
): string {
  const context = opts.context ?? 'warroom-sim';
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': context,
    clusters: [{ name: context, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${context}-user`, user: opts.token ? { token: opts.token } : {} }],
    contexts: [
      {
        name: context,
        context: {
          cluster: context,
          user: `${context}-user`,
          ...(opts.namespace ? { namespace: opts.namespace } : {}),
        },
      },
    ],
  };
  return YAML.stringify(doc);
}

export function writeKubeconfig(
  path: string,
  url: string,
  opts: { context?: string; namespace?: string; token?: string } = {},
): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(url, opts), { mode: 0o600 });
  return path;
}
