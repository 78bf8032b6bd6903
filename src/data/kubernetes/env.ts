// A container's environment as a responder may see it: every variable's name, and its value
// unless the value comes from a Secret or another reference (then where it comes from) or looks
// like a secret (by its name, or a URL carrying credentials). Used by pod describe and by the
// set-env form (its list, completion and the new-variable warning).
import type { V1Container, V1EnvVar } from '@kubernetes/client-node';

export interface EnvShown {
  name: string;
  /** The value, `(hidden)`, or where it comes from: `(from secret db.password)`. */
  shown: string;
  /** The value is not shown (a Secret, or it looks secret). */
  hidden: boolean;
}

const SECRET_NAME =
  /pass(word|wd)?|secret|token|api[_-]?key|private|credential|auth|cookie|session|signature|salt|(^|_)key$|dsn/i;

/** A value not to show: its name says so, or it is a URL with a password in it. */
export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value);
}

function fromRef(e: V1EnvVar): string {
  const f = e.valueFrom!;
  if (f.secretKeyRef) return `(from secret ${f.secretKeyRef.name}.${f.secretKeyRef.key})`;
  if (f.configMapKeyRef) return `(from configmap ${f.configMapKeyRef.name}.${f.configMapKeyRef.key})`;
  if (f.fieldRef) return `(from field ${f.fieldRef.fieldPath})`;
  if (f.resourceFieldRef) return `(from resource ${f.resourceFieldRef.resource})`;
  return '(from a reference)';
}

export function envShown(e: V1EnvVar): EnvShown {
  if (e.valueFrom) return { name: e.name, shown: fromRef(e), hidden: !e.valueFrom.configMapKeyRef };
  const value = e.value ?? '';
  return looksSecret(e.name, value)
    ? { name: e.name, shown: '(hidden)', hidden: true }
    : { name: e.name, shown: value, hidden: false };
}

/** A container's variables in order, and the ConfigMaps/Secrets it imports whole (envFrom). */
export function containerEnv(c: Pick<V1Container, 'env' | 'envFrom'>): { vars: EnvShown[]; from: string[] } {
  return {
    vars: (c.env ?? []).map(envShown),
    from: (c.envFrom ?? []).map((f) => {
      const prefix = f.prefix ? ` (prefix ${f.prefix})` : '';
      if (f.configMapRef) return `configmap ${f.configMapRef.name}${prefix}`;
      if (f.secretRef) return `secret ${f.secretRef.name}${prefix}`;
      return `a reference${prefix}`;
    }),
  };
}
