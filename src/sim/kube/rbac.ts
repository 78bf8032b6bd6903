// RBAC for the simulator: everything is allowed except the (verb, resource, namespace) rules
// a test denies. Resources may name a subresource ('pods/log', 'deployments/scale'); '*'
// matches anything. SelfSubjectAccessReview answers from the same rules.
export const SIM_USER = 'sim-user';

export interface DenyRule {
  verb: string;
  resource: string;
  namespace?: string;
}

function match(pattern: string | undefined, value: string | undefined): boolean {
  return pattern === undefined || pattern === '*' || pattern === value;
}

export class Rbac {
  private rules: DenyRule[] = [];

  deny(verb: string, resource: string, namespace?: string): void {
    this.rules.push({ verb, resource, namespace });
  }

  allowAll(): void {
    this.rules = [];
  }

  /** resource may be 'pods' or 'pods/log'; a rule on 'pods' does not cover 'pods/log'. */
  allowed(verb: string, resource: string, namespace?: string): boolean {
    return !this.rules.some((r) => {
      if (!match(r.verb, verb)) return false;
      if (!(
        r.resource === '*' ||
        r.resource === resource ||
        (r.resource.endsWith('/*') && resource.startsWith(r.resource.slice(0, -1)))
      ))
        return false;
      if (r.namespace !== undefined && r.namespace !== '*' && r.namespace !== namespace) return false;
      return true;
    });
  }

  review(body: any): any {
    const attrs = body?.spec?.resourceAttributes ?? {};
    const resource = attrs.subresource
      ? `${attrs.resource}/${attrs.subresource}`
      : String(attrs.resource ?? '');
    const ok = body?.spec?.nonResourceAttributes
      ? true
      : this.allowed(String(attrs.verb ?? ''), resource, attrs.namespace || undefined);
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: body?.spec ?? {},
      status: ok
        ? {
            allowed: true,
            reason:
              'RBAC: allowed by ClusterRoleBinding "sim-admin" of ClusterRole "cluster-admin" to User "sim-user"',
          }
        : { allowed: false },
    };
  }
}
