// Status errors shaped like the real API server's (kind Status, reason, details, code).
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: any[] },
  ) {
    super(message);
  }
}

export function statusBody(err: HttpError): any {
  const body: any = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    code: err.code,
  };
  if (err.details) body.details = err.details;
  return body;
}

function gr(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound: (group: string, resource: string, name: string) =>
    new HttpError(404, 'NotFound', `${gr(group, resource)} "${name}" not found`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  alreadyExists: (group: string, resource: string, name: string) =>
    new HttpError(409, 'AlreadyExists', `${gr(group, resource)} "${name}" already exists`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  conflict: (group: string, resource: string, name: string) =>
    new HttpError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${gr(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: group || undefined, kind: resource },
    ),
  gone: (message = 'too old resource version') => new HttpError(410, 'Expired', message),
  unauthorized: () => new HttpError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (
    user: string,
    verb: string,
    group: string,
    resource: string,
    namespace?: string,
    name?: string,
  ) =>
    new HttpError(
      403,
      'Forbidden',
      `${gr(group, resource.split('/')[0]!)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${
        namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
      }`,
      { name, group: group || undefined, kind: resource.split('/')[0] },
    ),
  unsupportedMediaType: (type: string) =>
    new HttpError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`,
    ),
  invalid: (kind: string, name: string, field: string, message: string, group = '') =>
    new HttpError(422, 'Invalid', `${kind} "${name}" is invalid: ${field}: ${message}`, {
      name,
      group: group || undefined,
      kind,
      causes: [{ reason: 'FieldValueInvalid', message, field }],
    }),
  badRequest: (message: string) => new HttpError(400, 'BadRequest', message),
  methodNotAllowed: () =>
    new HttpError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
};
