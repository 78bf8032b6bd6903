// Runbook commands in pods (`actions.commands`): each configured command is an operation,
// `kubectl exec deployment/D [-c C] -- ARGV…` (or a pod by name). The plan picks the pod as
// kubectl does (a running, ready pod of the deployment, the oldest first) and the container
// (configured, else the pod's default-container annotation, else its first). Read-only commands
// are safe (run at once); mutating ones are disruptive, confirmed like every action, with the
// exact command line in the preview. The output streams to `env.output` as it comes; the
// outcome is the exit code, and the output's tail (the last lines) goes into the record, which
// is redacted like everything recorded.
import type { CommandSpec, Config } from '../../../config/schema.js';
import { defineOperation, type ActionEnv, type Operation, type Target } from '../../../ops/operation.js';
import { execErrorText, execInPod } from '../exec.js';
import { call, checkAccess, kubeApis, kubeEnabled, kubectl, kubeTarget } from './common.js';

/** Lines of output kept in the record and the incident's journal. */
export const OUTPUT_TAIL_LINES = 20;
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

interface PodLike {
  metadata?: {
    name?: string;
    creationTimestamp?: Date | string;
    deletionTimestamp?: unknown;
    annotations?: Record<string, string>;
  };
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

function namespaceOf(spec: CommandSpec, config: Config): string {
  return spec.namespace ?? config.kubernetes?.namespaces?.[0] ?? 'default';
}

/** `deployment/backend` or the pod's name, as kubectl exec takes it. */
function objectOf(spec: CommandSpec): string {
  return spec.deployment ? `deployment/${spec.deployment}` : spec.pod!;
}

/** The kubectl equivalent: `kubectl --context C -n NS exec deployment/D [-c C] -- ARGV…`. */
export function execCommandLine(target: Target, spec: CommandSpec): string {
  return kubectl(target, [
    'exec',
    objectOf(spec),
    ...(spec.container ? ['-c', spec.container] : []),
    '--',
    ...spec.argv,
  ]);
}

const ready = (p: PodLike) => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const created = (p: PodLike) => new Date(p.metadata?.creationTimestamp ?? 0).getTime();

/** The pod kubectl would pick: running before not, ready before not, older before newer. */
export function pickPod<T extends PodLike>(pods: T[]): T | undefined {
  const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
  const rank = (p: PodLike) => (p.status?.phase === 'Running' ? 0 : 2) + (ready(p) ? 0 : 1);
  return [...live].sort((a, b) => rank(a) - rank(b) || created(a) - created(b))[0];
}

function selectorText(sel: { matchLabels?: Record<string, string> } | undefined): string {
  return Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

interface Where {
  pod: string;
  container: string;
}

async function locate(target: Target, spec: CommandSpec, env: ActionEnv): Promise<Where> {
  const { apps, core } = await kubeApis(env);
  const namespace = target.namespace!;
  let pod: PodLike | undefined;
  if (spec.deployment) {
    const d = await call(`read deployment ${spec.deployment}`, () =>
      apps.readNamespacedDeployment({ name: spec.deployment!, namespace }),
    );
    const labelSelector = selectorText(d.spec?.selector);
    const pods = await call(`list the pods of deployment ${spec.deployment}`, () =>
      core.listNamespacedPod({ namespace, labelSelector }),
    );
    pod = pickPod(pods.items as PodLike[]);
    if (!pod) throw new Error(`deployment ${spec.deployment} has no pod to run the command in`);
  } else {
    pod = (await call(`read pod ${spec.pod}`, () =>
      core.readNamespacedPod({ name: spec.pod!, namespace }),
    )) as PodLike;
  }
  const name = pod.metadata?.name ?? '?';
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
    throw new Error(`pod ${name} has completed (${pod.status.phase}): nothing runs in it`);
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const container = spec.container ?? pod.metadata?.annotations?.[DEFAULT_CONTAINER] ?? containers[0];
  if (!container || !containers.includes(container))
    throw new Error(
      `pod ${name} has no container ${container ?? ''} (its containers: ${containers.join(', ') || 'none'})`,
    );
  return { pod: name, container };
}

/** Lines of text as they come in chunks: the last `keep` complete lines, plus the open one. */
export class LineTail {
  private lines: string[] = [];
  private open = '';
  count = 0;
  constructor(private readonly keep: number) {}
  push(text: string): void {
    const parts = (this.open + text).split('\n');
    this.open = parts.pop() ?? '';
    for (const l of parts) {
      this.lines.push(l.replace(/\r$/, ''));
      this.count++;
    }
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }
  tail(): string[] {
    const all = this.open ? [...this.lines, this.open] : this.lines;
    return all.slice(-this.keep);
  }
  total(): number {
    return this.count + (this.open ? 1 : 0);
  }
}

/** A stable id from the label (without its parenthesised part): `kubernetes.command.contracts-status`. */
function slug(label: string): string {
  return (
    label
      .replace(/\(.*?\)/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'command'
  );
}

export function commandOperation(spec: CommandSpec, id: string): Operation {
  const mutating = spec.risk === 'mutating';
  const targetOf = (env: ActionEnv): Target => {
    const name = spec.deployment ?? spec.pod!;
    return kubeTarget(env, spec.deployment ? 'deployment' : 'pod', namespaceOf(spec, env.config), name, name);
  };
  const kind = spec.deployment ? 'deployment' : 'pod';
  return defineOperation({
    id,
    title: spec.label,
    backend: 'kubernetes',
    risk: mutating ? 'disruptive' : 'safe',
    on: kind,
    prints: true,
    keywords: ['exec', 'command', 'runbook', spec.argv.join(' '), spec.deployment ?? spec.pod ?? ''],
    params: [],
    ...(mutating ? { effect: { signals: ['health', 'errorRate'] } } : {}),
    command: (target) => execCommandLine(target, spec),
    appliesTo(sel, env) {
      if (!kubeEnabled(env) || sel.kind !== kind) return undefined;
      const t = targetOf(env);
      // Its deployment (pod) as a whole, or its own row selected.
      return sel.id === undefined || sel.id === `${t.namespace}/${t.name}` ? t : undefined;
    },
    permitted: (t, env) =>
      checkAccess(env, [{ verb: 'create', resource: 'pods', subresource: 'exec', namespace: t.namespace }]),
    async plan(target, params, env) {
      const where = await locate(target, spec, env);
      return {
        op: id,
        target,
        params,
        risk: mutating ? 'disruptive' : 'safe',
        impact: [
          `runs \`${spec.argv.join(' ')}\` in pod ${where.pod} (container ${where.container})${spec.deployment ? ` of deployment ${spec.deployment}` : ''}`,
          mutating
            ? 'mutating: the command acts on the running service'
            : 'read-only: runs at once and changes nothing',
        ],
        command: execCommandLine(target, spec),
        data: where,
      };
    },
    async run(plan, env, signal) {
      const loc = plan.data as Where;
      const req = {
        namespace: plan.target.namespace!,
        pod: loc.pod,
        container: loc.container,
        argv: spec.argv,
      };
      const tail = new LineTail(OUTPUT_TAIL_LINES);
      // The first thing said on stderr says why a command failed ('command not found').
      let firstErr = '';
      const timeout = AbortSignal.timeout(spec.timeoutSeconds * 1000);
      const stop = AbortSignal.any([signal, timeout]);
      const { kc } = await kubeApis(env);
      let result;
      try {
        result = await execInPod(
          kc,
          req,
          (c) => {
            tail.push(c.text);
            if (c.stream === 'stderr' && !firstErr.includes('\n')) firstErr += c.text;
            env.output?.(c);
          },
          stop,
        );
      } catch (err) {
        return { ok: false, detail: execErrorText(err, req), output: tail.tail() };
      }
      const place = `in pod ${loc.pod} (container ${loc.container})`;
      const lines = `${tail.total()} line${tail.total() === 1 ? '' : 's'} of output`;
      if (result.code === undefined) {
        const why = timeout.aborted
          ? `stopped following after ${spec.timeoutSeconds} s`
          : signal.aborted
            ? 'stopped by the responder'
            : 'the stream ended without an exit status';
        return {
          ok: false,
          detail: `${why} ${place}: the command may still be running there (${lines})`,
          output: tail.tail(),
        };
      }
      if (result.code !== 0) {
        const why = firstErr.split('\n')[0]?.trim();
        return {
          ok: false,
          detail: `exit code ${result.code} ${place}${why ? `: ${why}` : ''}`,
          output: tail.tail(),
        };
      }
      return { ok: true, detail: `exit code 0 ${place}, ${lines}`, output: tail.tail() };
    },
  });
}

const made = new WeakMap<object, Operation[]>();

/** The operations of `actions.commands` (made once per configuration). */
export function commandOperations(config: Config): Operation[] {
  const specs = config.actions?.commands;
  if (!specs?.length) return [];
  const key = specs as object;
  let ops = made.get(key);
  if (!ops) {
    const seen = new Map<string, number>();
    ops = specs.map((s) => {
      const base = `kubernetes.command.${slug(s.label)}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return commandOperation(s, n === 1 ? base : `${base}-${n}`);
    });
    made.set(key, ops);
  }
  return ops;
}
