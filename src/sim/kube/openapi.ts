// Just enough OpenAPI for kubectl apply/create validation: /openapi/v2 as an empty protobuf
// document (no schemas, so client-side validation is skipped), and /openapi/v3 with, per
// group-version, the PATCH operations that declare the fieldValidation query parameter (so
// kubectl leaves validation to the server).
import { RESOURCES, apiVersionOf } from './resources.js';

export const OPENAPI_V2_PROTO = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

export function openapiV2Json(): any {
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths: {}, definitions: {} };
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openapiV3Root(): any {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES) {
    if (r.virtual) continue;
    const p = gvPath(r.group, r.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=5a1b2c3d4e` };
  }
  return { paths };
}

export function openapiV3Doc(path: string): any | undefined {
  const rs = RESOURCES.filter((r) => !r.virtual && gvPath(r.group, r.version) === path);
  if (!rs.length) return undefined;
  const paths: Record<string, any> = {};
  for (const r of rs) {
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const params = [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ];
    paths[base] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        parameters: params,
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: { schemas: {} },
    'x-group-version': apiVersionOf(rs[0]!),
  };
}
