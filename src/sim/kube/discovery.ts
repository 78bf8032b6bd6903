// Discovery as kubectl 1.32 and client-node read it: /version, classic /api and /apis group
// lists, per group-version resource lists, and aggregated discovery (apidiscovery.k8s.io/v2).
import { RESOURCES, apiVersionOf, type ResourceDef } from './resources.js';

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function version(): any {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.4',
    gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function visible(metrics: boolean): ResourceDef[] {
  return RESOURCES.filter((r) => metrics || r.group !== 'metrics.k8s.io');
}

function groups(metrics: boolean): { group: string; versions: string[] }[] {
  const out: { group: string; versions: string[] }[] = [];
  for (const r of visible(metrics)) {
    let g = out.find((x) => x.group === r.group);
    if (!g) {
      g = { group: r.group, versions: [] };
      out.push(g);
    }
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}

export function coreVersions(): any {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  };
}

export function groupList(metrics: boolean): any {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups(metrics)
      .filter((g) => g.group)
      .map((g) => groupDoc(g.group, g.versions)),
  };
}

function groupDoc(group: string, versions: string[]): any {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function group(name: string, metrics: boolean): any | undefined {
  const g = groups(metrics).find((x) => x.group === name && name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.group, g.versions) } : undefined;
}

export function resourceList(group: string, version: string, metrics: boolean): any | undefined {
  const rs = visible(metrics).filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  const resources: any[] = [];
  for (const r of rs) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const s of r.subresources ?? []) {
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.group ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

/** Aggregated discovery: /api answers the core group, /apis every other group. */
export function aggregated(core: boolean, metrics: boolean): any {
  const items = groups(metrics)
    .filter((g) => (core ? !g.group : !!g.group))
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: visible(metrics)
          .filter((r) => r.group === g.group && r.version === v)
          .map((r) => ({
            resource: r.resource,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular || r.resource.replace(/s$/, ''),
            verbs: r.verbs,
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            ...(r.categories ? { categories: r.categories } : {}),
            ...(r.subresources
              ? {
                  subresources: r.subresources.map((s) => ({
                    subresource: s.name,
                    responseKind: {
                      group: s.group ?? r.group,
                      version: s.version ?? r.version,
                      kind: s.kind,
                    },
                    verbs: s.verbs,
                  })),
                }
              : {}),
          })),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
