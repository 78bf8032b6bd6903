// The one route to Operation.run. In order: parameters are validated, read-only mode (global
// `actions.readOnly` / `--read-only`, and the per-context `kubernetes.readOnly`) and RBAC are
// applied, the plan (preview + server-side dry run) is built, the responder confirms through a
// port the UI implements (typing the target's short name, and the context for destructive
// actions or production contexts), the operation runs, and the outcome is recorded (fsynced)
// before it is returned. Safe operations (that change nothing) run at once. Never imports ink.
import { randomUUID } from 'node:crypto';
import { errorText } from '../util/redact.js';
import {
  parseParams,
  type ActionEnv,
  type Operation,
  type Outcome,
  type Params,
  type Plan,
  type Risk,
  type Target,
} from './operation.js';
import { currentActor, getRecorder, makeRecord, type ActionRecorder, type RecordOutcome } from './record.js';
import { startEffect } from './effects/port.js';
import type { EffectResult } from './effects/follower.js';
import { DEFAULT_LIMITS } from './effects/signals.js';
import { checkActing, holderText, type ActingCheck } from './inflight/lock.js';
import { actingSink, actingWhat } from './inflight/port.js';
import type { AppState } from '../store/store.js';

/** Defaults of incident.effectDeadlineSeconds / effectSettleSeconds. */
export const EFFECT_DEADLINE_SECONDS = 300;
export const EFFECT_SETTLE_SECONDS = 20;

export interface ConfirmRequest {
  plan: Plan;
  /** The short target name the responder must type. */
  requireName: string;
  /** The context name, also required for destructive plans and production contexts. */
  requireContext?: string;
  /**
   * Other responders acting on the same target now ('alice@bastion-1: rollout undo backend
   * (running)'): the responder must confirm once more (ConfirmAnswer.overrideOthers).
   */
  others?: string[];
  /** Why others acting on it could not be checked (the shared database unreachable). */
  unchecked?: string;
}

export interface ConfirmAnswer {
  confirmed: boolean;
  typedName?: string;
  typedContext?: string;
  /** Confirmed once more, knowing that others are acting on the same target. */
  overrideOthers?: boolean;
}

/** Implemented by the UI (the confirm dialog) and by tests. */
export interface ConfirmPort {
  confirm(req: ConfirmRequest, signal: AbortSignal): Promise<ConfirmAnswer>;
}

export type Phase = 'checking' | 'planning' | 'confirming' | 'running';

export interface RunRequest {
  op: Operation;
  target: Target;
  /** Raw form values (validated here) or already-typed params. */
  params: Params | Record<string, string>;
  env: ActionEnv;
  confirm: ConfirmPort;
  recorder?: ActionRecorder;
  signal?: AbortSignal;
  onPhase?: (phase: Phase, plan?: Plan) => void;
}

export interface RunResult {
  outcome: RecordOutcome;
  detail: string;
  plan?: Plan;
  follow?: Outcome['follow'];
  /** The action record's id. */
  record?: string;
  /** The effect being followed (a successful run of an operation that declares its signals). */
  effect?: Promise<EffectResult>;
}

/** Why an operation may not run here, before anyone tries (read-only); undefined when it may. */
export function readOnlyReason(op: Operation, target: Target, env: ActionEnv): string | undefined {
  if (op.risk === 'safe') return undefined;
  if (env.readOnly) return 'read-only mode (--read-only or actions.readOnly): nothing is changed';
  if (target.readOnly) return `context ${target.context} is read-only (kubernetes.readOnly)`;
  return undefined;
}

/** Whether confirming needs the context name too. */
export function needsContext(risk: Risk, target: Target): boolean {
  return risk === 'destructive' || !!target.production;
}

export async function runOperation(req: RunRequest): Promise<RunResult> {
  const { op, target, env } = req;
  const signal = req.signal ?? new AbortController().signal;
  const recorder = req.recorder ?? getRecorder(req.env.store);
  const actor = currentActor(env.config.incident?.handle);
  const recordId = randomUUID();
  let plan: Plan | undefined;
  let params: Params = {};
  let acting: ActingCheck | undefined;

  const finish = async (
    outcome: RecordOutcome,
    detail: string,
    follow?: Outcome['follow'],
    output?: string[],
  ): Promise<RunResult> => {
    // The plan may have refined the target (the key pattern, the backends a bulk action hits).
    const t = plan?.target ?? target;
    if (acting?.state === 'free') await acting.lease.release();
    const rec = makeRecord({
      id: recordId,
      actor,
      operation: op.id,
      title: op.title,
      risk: plan?.risk ?? op.risk,
      target: {
        backend: t.backend,
        context: t.context,
        ...(t.namespace ? { namespace: t.namespace } : {}),
        kind: t.kind,
        name: t.name,
      },
      params: plan?.params ?? params,
      // Refused before any preview: the command that would have run, when the op can say it.
      command: plan?.command ?? commandWithoutPlan(),
      ...(plan?.dryRun ? { dryRun: plan.dryRun } : {}),
      outcome,
      detail,
      ...(output?.length ? { output } : {}),
    });
    let shown = rec.detail;
    try {
      await recorder.append(rec);
    } catch (err) {
      shown = `${shown} (NOT recorded in the action log: ${errorText(err)})`;
    }
    return { outcome, detail: shown, plan, record: rec.id, ...(follow ? { follow } : {}) };
  };

  const commandWithoutPlan = () => {
    try {
      return op.command?.(target, params, env) ?? '';
    } catch {
      return '';
    }
  };

  // Parameters: raw strings from a form are parsed and validated; typed values re-validated.
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.params)) raw[k] = String(v);
  const parsed = parseParams(op, raw, env);
  req.onPhase?.('checking');
  // Read-only refuses whatever the parameters (the dialog refuses before its form is filled);
  // the parameters it was opened with, when valid, say the command that would have run.
  const ro = readOnlyReason(op, target, env);
  if (ro) {
    if (!('error' in parsed)) params = parsed.params;
    return finish('refused', `refused: ${ro}`);
  }
  if ('error' in parsed) return finish('refused', `refused: ${parsed.error}`);
  params = parsed.params;
  if (op.permitted && op.risk !== 'safe') {
    try {
      const p = await op.permitted(target, env, signal);
      if (!p.allowed) return finish('refused', `refused: ${p.reason ?? 'not permitted'}`);
    } catch (err) {
      return finish('refused', `refused: could not check permissions: ${errorText(err)}`);
    }
  }

  req.onPhase?.('planning');
  try {
    plan = await op.plan(target, params, env, signal);
  } catch (err) {
    return finish('failed', `failed before anything changed: ${errorText(err)}`);
  }
  if (signal.aborted) return finish('cancelled', 'cancelled while preparing the preview: nothing changed');
  if (plan.nothingToDo) return finish('cancelled', `nothing to do: ${plan.nothingToDo}`);
  if (plan.dryRun && !plan.dryRun.ok) {
    return finish('failed', `dry run rejected it, nothing changed: ${plan.dryRun.text}`);
  }

  const what = actingWhat(op.id, plan.target);
  let others: string[] | undefined;
  let unchecked: string | undefined;
  if (plan.risk !== 'safe') {
    // Who else is acting on this target, from the shared database's advisory locks; the lock
    // is ours from here until the action is recorded (finish releases it).
    const url = env.config.incident?.shared?.url;
    if (url) {
      acting = await checkActing({ url, target: plan.target, actor: actorName(actor), what });
      if (acting.state === 'held') others = acting.holders.map(holderText);
      if (acting.state === 'unchecked')
        unchecked = `could not check for other responders acting on it: ${acting.reason}`;
    }
    req.onPhase?.('confirming', plan);
    // The plan may refine the target (e.g. the number of backends a bulk action hits).
    const t = plan.target;
    const requireContext = needsContext(plan.risk, t) ? t.context : undefined;
    let answer: ConfirmAnswer;
    try {
      answer = await req.confirm.confirm(
        {
          plan,
          requireName: t.confirmName,
          ...(requireContext ? { requireContext } : {}),
          ...(others ? { others } : {}),
          ...(unchecked ? { unchecked } : {}),
        },
        signal,
      );
    } catch {
      answer = { confirmed: false };
    }
    // Defence in depth: the runner checks what was typed, not only the dialog.
    const typedOk =
      answer.confirmed &&
      answer.typedName === t.confirmName &&
      (!requireContext || answer.typedContext === requireContext);
    if (!typedOk) return finish('cancelled', 'cancelled: nothing changed');
    if (others && !answer.overrideOthers)
      return finish('cancelled', `cancelled: ${others.join('; ')} — nothing changed`);
  }

  req.onPhase?.('running', plan);
  if (plan.risk !== 'safe') {
    if (acting?.state === 'free') await acting.lease.running();
    try {
      actingSink(req.env.store)?.started({
        record: recordId,
        operation: op.id,
        what,
        target: plan.target,
        ...(others ? { others } : {}),
        ...(unchecked ? { unchecked } : {}),
      });
    } catch {
      // publishing is a courtesy to the others: the action runs whatever happens to it
    }
  }
  // What the signals looked like just before: the "before" of the effect.
  const before = env.store?.getState();
  let out: Outcome;
  try {
    out = await op.run(plan, env, signal);
  } catch (err) {
    out = { ok: false, detail: errorText(err) };
  }
  const res = await finish(
    out.ok ? 'succeeded' : 'failed',
    out.ok ? out.detail : `failed: ${out.detail}`,
    out.follow,
    out.output,
  );
  if (out.ok && op.effect && env.store && before && res.record) {
    const f = followEffectOf(op, plan, out, env, before, res.record);
    if (f) res.effect = f;
  }
  return res;
}

/** The actor as the journal names it: the handle, else user@host. */
function actorName(a: { user: string; host: string; handle?: string }): string {
  return a.handle ?? `${a.user}@${a.host}`;
}

/** Starts following the effect of a successful run (when an effect sink takes it). */
function followEffectOf(
  op: Operation,
  plan: Plan,
  out: Outcome,
  env: ActionEnv,
  before: AppState,
  record: string,
): Promise<EffectResult> | undefined {
  const inc = env.config.incident;
  const th = inc?.thresholds;
  const spec = op.effect!;
  const f = startEffect({
    spec,
    target: plan.target,
    plan,
    env,
    ...(out.ref ? { ref: out.ref } : {}),
    store: env.store!,
    before,
    record,
    operation: op.id,
    settleMs: spec.settleMs ?? (inc?.effectSettleSeconds ?? EFFECT_SETTLE_SECONDS) * 1000,
    deadlineMs: spec.deadlineMs ?? (inc?.effectDeadlineSeconds ?? EFFECT_DEADLINE_SECONDS) * 1000,
    tickMs: Math.min(1000, Math.max(100, ((inc?.effectSettleSeconds ?? EFFECT_SETTLE_SECONDS) * 1000) / 5)),
    limits: {
      errorRatePerMinute: th?.errorRateRecovered ?? DEFAULT_LIMITS.errorRatePerMinute,
      pgConnectionsHigh: th?.pgConnectionsHigh ?? DEFAULT_LIMITS.pgConnectionsHigh,
      redisMemoryHigh: th?.redisMemoryHigh ?? DEFAULT_LIMITS.redisMemoryHigh,
    },
  });
  return f?.done;
}
