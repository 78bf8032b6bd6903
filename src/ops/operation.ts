// The one Operation type every action is checked against (src/data/<backend>/ops/<name>.ts).
// An operation is data plus two functions: `plan` builds the preview (target, parameters,
// impact, blast radius, the exact equivalent command, the server-side dry run) and changes
// nothing; `run` performs it. Only the runner (src/ops/runner.ts) calls `run`.
// No import of ink or src/ui here: the data layer imports this file.
import type { Config } from '../config/schema.js';
import type { AppStore } from '../store/store.js';

export type Risk = 'safe' | 'disruptive' | 'destructive';
export type OpBackend = 'kubernetes' | 'postgres' | 'redis' | 'cdn';

/** What an operation acts on, captured when the key was pressed (never re-read at Enter). */
export interface Target {
  backend: OpBackend;
  /** Kubernetes context, Postgres database@host, Redis host:port, CDN distribution. */
  context: string;
  namespace?: string;
  /** e.g. 'deployment', 'pod', 'backend', 'database', 'keys', 'distribution'. */
  kind: string;
  /** The object (deployment name, pod name, pid, db index, key pattern, distribution id). */
  name: string;
  /** The short name the responder must type to confirm (shown in the dialog). */
  confirmName: string;
  /** The context is marked production in config (requires typing the context too). */
  production?: boolean;
  /** A per-context read-only setting applies (kubernetes.readOnly). */
  readOnly?: boolean;
}

export type ParamValue = string | number;
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  name: string;
  label: string;
  kind: 'int' | 'text';
  /** The default shown in the form (may depend on the target). */
  initial?(target: Target, env: ActionEnv): string | Promise<string>;
  /** A hint line under the field (e.g. the revisions available). */
  hint?(target: Target, env: ActionEnv): string | Promise<string>;
  /** Returns an error in words, or undefined when valid. */
  validate?(value: ParamValue, env: ActionEnv): string | undefined;
  /** Words Tab completes in the form, each with a note (e.g. variable names and their values). */
  complete?(target: Target, env: ActionEnv): Promise<Completion[]>;
}

export interface Completion {
  /** Inserted as typed, e.g. `DB_POOL_SIZE=`. */
  word: string;
  /** Shown beside it, e.g. the current value and where it is set. */
  note?: string;
}

export interface DryRun {
  ok: boolean;
  text: string;
}

/** The preview: everything the responder sees before typing the confirmation. */
export interface Plan {
  op: string;
  target: Target;
  params: Params;
  /** The risk of this particular plan (may be higher than the op's, e.g. scale to 0). */
  risk: Risk;
  /** What will happen, one line each (pids/users/queries, key count, replicas, image/env diff). */
  impact: string[];
  /** Shown in red for destructive plans. */
  blastRadius?: string;
  /** The exact equivalent command (redacted), to check and paste into the incident channel. */
  command: string;
  /** The server-side dry run, where the backend supports it. */
  dryRun?: DryRun;
  /** Nothing to do (e.g. no backend matches): the runner does not ask, it reports. */
  nothingToDo?: string;
  /** Operation-private data captured at plan time (pids, resourceVersion, the patch). */
  data?: unknown;
}

export interface Outcome {
  ok: boolean;
  /** The outcome in words (one line). */
  detail: string;
  /** Follow a rollout after this outcome (rollout-changing Kubernetes actions). */
  follow?: { namespace: string; deployment: string };
  /** What the effect follower needs besides the target (the CDN invalidation id). */
  ref?: string;
  /** The tail of what the operation printed (a command run in a pod), saved in its record. */
  output?: string[];
}

/** A piece of what an operation prints while it runs (a command's stdout or stderr). */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * The live signals that show whether an operation helped (read by src/ops/effects/ from the
 * store's source snapshots, or probed from the backend): one id each, defined in
 * src/ops/effects/signals.ts.
 */
export type SignalId =
  | 'rollout'
  | 'ready'
  | 'restarts'
  | 'errorRate'
  | 'health'
  | 'replacement'
  | 'pgBlocked'
  | 'pgIdleInTransaction'
  | 'pgConnections'
  | 'redisMemory'
  | 'redisEvictions'
  | 'redisHitRate'
  | 'cdnInvalidation';

/** How an operation's effect is followed after a successful run. */
export interface EffectSpec {
  signals: SignalId[];
  /** The signals must all be good this long to count as settled (default: config, 20 s). */
  settleMs?: number;
  /** Judged at the latest this long after the run (default: incident.effectDeadlineSeconds, 5 min). */
  deadlineMs?: number;
  /**
   * For signals no source publishes (the CDN invalidation's status): asks the backend, once per
   * follower tick. `ref` is the outcome's ref.
   */
  probe?(ref: string | undefined, plan: Plan, env: ActionEnv, signal: AbortSignal): Promise<SignalReading>;
}

/** One signal read once: its figure, whether it is good now, and the figure in words. */
export interface SignalReading {
  value: number;
  ok: boolean;
  text: string;
}

/** What operations get to reach their backend. Connections are short-lived and closed by the op. */
export interface ActionEnv {
  config: Config;
  store?: AppStore;
  /** Global read-only (`actions.readOnly`, `--read-only`). */
  readOnly: boolean;
  /** Overrides for tests and the demo (URLs, kubeconfig path). */
  postgresUrl?: string;
  redisUrl?: string;
  kubeconfigPath?: string;
  /** Where an operation that prints (a command in a pod) streams its output as it comes. */
  output?: (chunk: OutputChunk) => void;
}

/** What is focused and selected when the palette opens or a pane key is pressed. */
/**
 * The kinds of object a responder selects (a row of a pane is one of them; the UI says which).
 * Operations test the kind, never the pane: the same deployment selected anywhere is a deployment.
 */
export type ObjectKind = 'deployment' | 'pod' | 'pg-session' | 'redis-key' | 'endpoint';

export interface Selection {
  /** What kind of object the focused pane's rows are (none: the pane's rows are not objects). */
  kind?: ObjectKind;
  /** The selected object's id (deployment and pod 'ns/name', Postgres pid, Redis key). */
  id?: string;
}

export interface Permission {
  allowed: boolean;
  reason?: string;
}

export interface Operation {
  id: string;
  title: string;
  backend: OpBackend;
  risk: Risk;
  /**
   * The kind of object it acts on, from the selection: the palette offers it with a picker of
   * those objects when another kind is selected. None: it needs nothing selected (the CDN).
   * Which key runs it, in which pane, is the pane's business (src/panes/<pane>/keys.ts).
   */
  on?: ObjectKind;
  /** It prints while it runs (a command in a pod): the output dialog shows what `env.output` gets. */
  prints?: boolean;
  /** Words for the palette's search besides the title. */
  keywords?: string[];
  /** Whether this op applies; returns the target captured now, or undefined. */
  appliesTo(sel: Selection, env: ActionEnv): Target | undefined;
  params: ParamSpec[];
  /** RBAC and similar server-side permission checks (SelfSubjectAccessReview). */
  permitted?(target: Target, env: ActionEnv, signal: AbortSignal): Promise<Permission>;
  plan(target: Target, params: Params, env: ActionEnv, signal: AbortSignal): Promise<Plan>;
  /**
   * The equivalent command built from the target and parameters alone, without reaching the
   * backend: what a refusal (read-only) records as the command that would have run.
   */
  command?(target: Target, params: Params, env: ActionEnv): string;
  run(plan: Plan, env: ActionEnv, signal: AbortSignal): Promise<Outcome>;
  /** The signals that show its effect (every operation in the registry declares them). */
  effect?: EffectSpec;
}

/** Identity helper so each op file is checked against the one type. */
export function defineOperation(op: Operation): Operation {
  return op;
}

/** Parses and validates the raw form values of an op's params. */
export function parseParams(
  op: Operation,
  raw: Record<string, string>,
  env: ActionEnv,
): { params: Params } | { error: string } {
  const params: Params = {};
  for (const p of op.params) {
    const text = (raw[p.name] ?? '').trim();
    let value: ParamValue = text;
    if (p.kind === 'int') {
      if (!/^-?\d+$/.test(text)) return { error: `${p.label}: a whole number is needed` };
      value = Number(text);
    }
    const err = p.validate?.(value, env);
    if (err) return { error: `${p.label}: ${err}` };
    params[p.name] = value;
  }
  return { params };
}

/** Quotes a word for a POSIX shell command line shown to the responder. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
