// The UI side of actions without ink: which dialog is open (the 'actions' store slice and
// ui.modal), the parameter form, and the ConfirmPort the runner asks through. The target is
// captured when the key was pressed (or the palette opened) and travels with the flow; nothing
// re-reads the selection later. Outcomes show in the footer (ui.flash).
import type { Config } from '../config/schema.js';
import { getSelection } from '../store/selection.js';
import { getSlice, setSlice, type AppStore } from '../store/store.js';
import { errorText } from '../util/redact.js';
import type {
  ActionEnv,
  Completion,
  ObjectKind,
  Operation,
  Outcome,
  OutputChunk,
  Plan,
  Selection,
  Target,
} from '../ops/operation.js';
import { objectKindOf, paneOfKind } from '../panes/kinds.js';
import { operationsFor } from '../ops/registry.js';
import { followRollout as followKubeRollout } from '../data/kubernetes/ops/rollout-status.js';
import {
  readOnlyReason,
  runOperation,
  type ConfirmAnswer,
  type ConfirmPort,
  type ConfirmRequest,
  type Phase,
} from '../ops/runner.js';

export const ACTIONS = 'actions';

export interface ParamField {
  name: string;
  label: string;
  value: string;
  hint?: string;
  /** What Tab completes on (operation-provided, loaded when the form opens). */
  completions?: Completion[];
}

declare module '../store/store.js' {
  interface Slices {
    actions: ActionsSlice;
  }
}

export interface ActionsSlice {
  /** Most recently used operation ids, newest first. */
  recent: string[];
  /** The selection captured when the palette opened. */
  paletteSelection?: Selection;
  form?: { opId: string; target: Target; fields: ParamField[]; error?: string };
  busy?: { opId: string; title: string; phase: Phase; text: string };
  confirm?: { opId: string; title: string; request: ConfirmRequest };
  /** What an operation that prints (a command in a pod) has printed, shown while it runs and after. */
  output?: OutputView;
  /** A rollout being followed after a rollout-changing action. */
  follow?: { namespace: string; deployment: string; text: string; done: boolean };
}

export interface OutputLine {
  text: string;
  err: boolean;
}

export interface OutputView {
  opId: string;
  title: string;
  /** The equivalent command line (redacted), shown whole above the output. */
  command: string;
  /** Complete lines, the newest last (at most OUTPUT_KEEP_LINES). */
  lines: OutputLine[];
  /** The line still being printed (no newline yet). */
  partial?: OutputLine;
  /** Every line printed so far, kept or not. */
  total: number;
  /** The outcome, once the run is over. */
  done?: { tone: 'info' | 'warn' | 'error'; text: string };
}

/** Lines the output dialog keeps (the record keeps its own, shorter tail). */
export const OUTPUT_KEEP_LINES = 2000;

/** The view with a chunk of output added (pure). */
export function appendOutput(view: OutputView, chunk: OutputChunk): OutputView {
  const err = chunk.stream === 'stderr';
  const lines = [...view.lines];
  let partial = view.partial;
  let total = view.total;
  const parts = chunk.text.split('\n');
  parts.forEach((part, i) => {
    // A line in progress on the other stream ends where this stream starts.
    if (partial && partial.err !== err) {
      lines.push(partial);
      partial = undefined;
    }
    const text = (partial?.text ?? '') + part;
    if (i < parts.length - 1) {
      if (!partial) total++;
      lines.push({ text: text.replace(/\r$/, ''), err });
      partial = undefined;
    } else if (text) {
      if (!partial) total++;
      partial = { text, err };
    }
  });
  if (lines.length > OUTPUT_KEEP_LINES) lines.splice(0, lines.length - OUTPUT_KEEP_LINES);
  return { ...view, lines, total, ...(partial ? { partial } : { partial: undefined }) };
}

export function getActions(store: AppStore): ActionsSlice {
  return getSlice(store, ACTIONS) ?? { recent: [] };
}
function patch(store: AppStore, p: Partial<ActionsSlice>) {
  setSlice(store, ACTIONS, (prev) => ({ recent: [], ...prev, ...p }));
}
function setModal(store: AppStore, modal: string | undefined) {
  store.setState((s) => ({ ui: { ...s.ui, modal } }));
}
export function flash(store: AppStore, text: string, tone: 'info' | 'warn' | 'error') {
  store.setState((s) => ({ ui: { ...s.ui, flash: { text, tone, at: Date.now() } } }));
}

/** The env actions run with: the loaded config (store slice 'config') and read-only mode. */
export function envFrom(store: AppStore, overrides: Partial<ActionEnv> = {}): ActionEnv {
  const config = (getSlice(store, 'config') ?? {}) as Config;
  return { config, store, readOnly: !!config.actions?.readOnly, ...overrides };
}

/** What is focused and selected right now (captured once, at the key press). */
/** What is selected in the focused pane: the kind of object its rows are, and which one. */
export function currentSelection(store: AppStore): Selection {
  const pane = store.getState().ui.focus;
  const kind = objectKindOf(pane);
  return { ...(kind ? { kind } : {}), id: getSelection(store, pane) };
}

export interface Candidate {
  op: Operation;
  /** The target captured now; undefined when the palette must ask for it (`pane`'s objects). */
  target?: Target;
  /** Applies to what is focused and selected (listed first). */
  here: boolean;
  /** The kind of object a target picker lists (an action on objects not selected here). */
  kind?: ObjectKind;
  /** The pane that shows those objects (what the palette names). */
  pane?: string;
}

function tryApply(op: Operation, sel: Selection, env: ActionEnv): Target | undefined {
  try {
    return op.appliesTo(sel, env);
  } catch {
    return undefined;
  }
}

/**
 * Every operation for the palette (issue 12 item 11): those that apply to the selection, with the
 * target captured now, first; then the other panes' actions, either with their pane-wide target
 * (a database, a Redis server) or, when they act on an object, for a target picker over that
 * pane's objects (`objects`). Operations that apply to nothing here are left out.
 */
export function candidates(
  sel: Selection,
  env: ActionEnv,
  objects: (kind: ObjectKind) => readonly { id: string }[] = () => [],
): Candidate[] {
  const here: Candidate[] = [];
  const elsewhere: Candidate[] = [];
  for (const op of operationsFor(env.config)) {
    const target = tryApply(op, sel, env);
    if (target) {
      here.push({ op, target, here: true });
      continue;
    }
    const kind = op.on;
    if (!kind) continue;
    const pane = paneOfKind(kind);
    const wide = tryApply(op, { kind }, env);
    if (wide) elsewhere.push({ op, target: wide, here: false, kind, pane });
    // Offered with a picker when it applies to one of those objects (configured, right kind).
    else if (objects(kind).some((o) => tryApply(op, { kind, id: o.id }, env)))
      elsewhere.push({ op, here: false, kind, pane });
  }
  return [...here, ...elsewhere];
}

/**
 * What the running action holds (not drawn): the pending confirmation's answer, the run's abort
 * and the followed rollout's abort. In the store, per console, not in module state.
 */
interface ActionHandles {
  answer?: (a: ConfirmAnswer) => void;
  running?: AbortController;
  following?: AbortController;
}
declare module '../store/store.js' {
  interface Slices {
    actionHandles: ActionHandles;
  }
}
const handles = (store: AppStore): ActionHandles => getSlice(store, 'actionHandles') ?? {};
const setHandles = (store: AppStore, h: Partial<ActionHandles>) =>
  setSlice(store, 'actionHandles', (prev) => ({ ...prev, ...h }));

const uiPort = (store: AppStore, op: Operation): ConfirmPort => ({
  confirm(request: ConfirmRequest, signal: AbortSignal) {
    return new Promise<ConfirmAnswer>((resolve) => {
      const answer = (a: ConfirmAnswer) => {
        if (handles(store).answer !== answer) return;
        setHandles(store, { answer: undefined });
        patch(store, { confirm: undefined });
        resolve(a);
      };
      setHandles(store, { answer });
      if (signal.aborted) {
        answer({ confirmed: false });
        return;
      }
      signal.addEventListener('abort', () => answer({ confirmed: false }), { once: true });
      patch(store, { confirm: { opId: op.id, title: op.title, request }, busy: undefined });
      setModal(store, 'confirm');
    });
  },
});

/** The confirm dialog's answer (typed text checked again by the runner). */
export function answerConfirm(store: AppStore, a: ConfirmAnswer): void {
  handles(store).answer?.(a);
}

export function isBusy(store: AppStore): boolean {
  const a = getActions(store);
  return !!(a.busy || a.confirm || a.form);
}

function remember(store: AppStore, opId: string) {
  const recent = [opId, ...getActions(store).recent.filter((x) => x !== opId)].slice(0, 20);
  patch(store, { recent });
}

/** Starts an operation on a captured target: the parameter form if it has params, else the run. */
export async function startOperation(store: AppStore, op: Operation, target: Target): Promise<void> {
  if (isBusy(store)) return;
  remember(store, op.id);
  const env = envFrom(store);
  if (!op.params.length) {
    await execute(store, op, target, {});
    return;
  }
  // Read-only refuses when the action is opened, not after its form is filled in: the runner
  // records the refusal, with the command the defaults would have run.
  if (readOnlyReason(op, target, env)) {
    const raw: Record<string, string> = {};
    for (const p of op.params)
      raw[p.name] = await Promise.resolve(p.initial?.(target, env) ?? '').catch(() => '');
    await execute(store, op, target, raw);
    return;
  }
  const fields: ParamField[] = [];
  for (const p of op.params) {
    let value = '';
    let hint: string | undefined;
    try {
      value = (await p.initial?.(target, env)) ?? '';
      hint = await p.hint?.(target, env);
    } catch (err) {
      hint = `(${errorText(err)})`;
    }
    // Completion is a help: a backend that cannot list the words leaves the field plain.
    const completions: Completion[] | undefined = await p.complete?.(target, env).catch(() => undefined);
    fields.push({
      name: p.name,
      label: p.label,
      value,
      ...(hint ? { hint } : {}),
      ...(completions?.length ? { completions } : {}),
    });
  }
  patch(store, { form: { opId: op.id, target, fields } });
  setModal(store, 'action-params');
}

export function updateForm(store: AppStore, fields: ParamField[], error?: string): void {
  const form = getActions(store).form;
  if (!form) return;
  patch(store, { form: { ...form, fields, ...(error ? { error } : { error: undefined }) } });
}

export function cancelForm(store: AppStore): void {
  patch(store, { form: undefined });
  setModal(store, undefined);
  flash(store, 'cancelled: nothing changed', 'info');
}

export async function submitForm(store: AppStore): Promise<void> {
  const form = getActions(store).form;
  if (!form) return;
  const op = operationsFor(envFrom(store).config).find((o) => o.id === form.opId);
  if (!op) return;
  patch(store, { form: undefined });
  const raw = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
  await execute(store, op, form.target, raw);
}

const PHASE_TEXT: Record<Phase, string> = {
  checking: 'checking read-only mode and permissions…',
  planning: 'building the preview (server-side dry run)…',
  confirming: 'waiting for confirmation…',
  running: 'running…',
};

/** Runs through the one runner; the outcome (recorded first) shows in the footer. */
export async function execute(
  store: AppStore,
  op: Operation,
  target: Target,
  raw: Record<string, string>,
): Promise<{ outcome: string; detail: string; plan?: Plan; follow?: Outcome['follow'] }> {
  // An operation that prints streams into the output dialog, opened when it starts running.
  const output = (c: OutputChunk) => {
    const v = getActions(store).output;
    if (v?.opId === op.id && !v.done) patch(store, { output: appendOutput(v, c) });
  };
  const env = envFrom(store, op.prints ? { output } : {});
  const running = new AbortController();
  setHandles(store, { running });
  patch(store, {
    busy: { opId: op.id, title: op.title, phase: 'checking', text: PHASE_TEXT.checking },
    output: undefined,
  });
  setModal(store, 'action-busy');
  const res = await runOperation({
    op,
    target,
    params: raw,
    env,
    confirm: uiPort(store, op),
    signal: running.signal,
    onPhase: (phase, plan) => {
      if (phase === 'confirming') return;
      if (phase === 'running' && op.prints) {
        patch(store, {
          busy: undefined,
          output: { opId: op.id, title: op.title, command: plan?.command ?? '', lines: [], total: 0 },
        });
        setModal(store, 'action-output');
        return;
      }
      patch(store, { busy: { opId: op.id, title: op.title, phase, text: PHASE_TEXT[phase] } });
      setModal(store, 'action-busy');
    },
  });
  setHandles(store, { running: undefined });
  const tone = res.outcome === 'succeeded' ? 'info' : res.outcome === 'cancelled' ? 'warn' : 'error';
  const mark = res.outcome === 'succeeded' ? '●' : res.outcome === 'cancelled' ? '▲' : '✖';
  // The output stays on screen with its outcome until the responder closes it.
  const shown = getActions(store).output;
  const keep = shown?.opId === op.id;
  patch(store, {
    busy: undefined,
    confirm: undefined,
    form: undefined,
    ...(keep ? { output: { ...shown, done: { tone, text: `${mark} ${res.detail}` } } } : {}),
  });
  setModal(store, keep ? 'action-output' : undefined);
  // A rollout still followed from an earlier action must not overwrite this outcome.
  if (res.outcome !== 'cancelled') stopFollowing(store);
  flash(store, `${mark} ${op.title}: ${res.detail}`, tone);
  if (res.follow) followRollout(store, res.follow, `${mark} ${res.detail}`);
  return res;
}

/** Closes the output dialog (Escape once the run is over). */
export function closeOutput(store: AppStore): void {
  patch(store, { output: undefined });
  setModal(store, undefined);
}

/** Aborts a busy (planning/running) action: Escape in the busy dialog. */
export function abortRunning(store: AppStore): void {
  handles(store).running?.abort(new Error('stopped by the responder'));
}

function stopFollowing(store: AppStore): void {
  handles(store).following?.abort();
  setHandles(store, { following: undefined });
}

/** Follows a rollout after a rollout-changing action (kubectl rollout status), in the footer. */
export function followRollout(
  store: AppStore,
  f: { namespace: string; deployment: string },
  prefix?: string,
): void {
  handles(store).following?.abort();
  const ac = new AbortController();
  setHandles(store, { following: ac });
  const env = envFrom(store);
  patch(store, { follow: { ...f, text: `rollout ${f.deployment}: waiting…`, done: false } });
  void followKubeRollout(env, f, ac.signal, (text, done) => {
    if (ac.signal.aborted) return;
    patch(store, { follow: { ...f, text, done } });
    // Shown in place (the footer) after the outcome, until the rollout completes or stalls.
    flash(
      store,
      prefix ? `${prefix} · ${text}` : text,
      done && /stalled|failed|exceeded/i.test(text) ? 'error' : done ? 'info' : 'warn',
    );
  }).catch((err) => {
    if (!ac.signal.aborted) flash(store, `rollout ${f.deployment}: ${errorText(err)}`, 'error');
  });
}
