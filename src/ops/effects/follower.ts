// Follows the effect of one action that ran: reads its declared signals (signals.ts) from the
// store's snapshot taken just before the run ("before") and then every tick from the live
// store, and decides once every judged signal has been good for the settle window (settled),
// or at the deadline: ✓ effective (what was bad is good), ▲ no improvement, ✖ worse (a good
// signal went bad and no bad one turned good); ? when no signal could be read. The result carries one line with before → after
// figures, e.g. `rollout-undo backend: rollout progressing → complete within 12 s; ready 0/3 →
// 3/3 within 14 s; error rate 36/min → 0/min within 20 s; health 2/3 up (down: api) → 3/3 up
// within 9 s`. UI-free; the runner starts it through effects/port.ts.
import type { AppState, AppStore } from '../../store/store.js';
import type { ActionEnv, EffectSpec, Plan, SignalId, SignalReading, Target } from '../operation.js';
import { DEFAULT_LIMITS, scopeOf, SIGNALS, type EffectScope, type SignalLimits } from './signals.js';

export type Verdict = 'effective' | 'no improvement' | 'worse' | 'unknown';

export interface SignalOutcome {
  signal: SignalId;
  label: string;
  before?: string;
  after?: string;
  /** Good at the end. */
  ok: boolean;
  /** Good before the action. */
  wasOk?: boolean;
  /** Seconds from the run until it was good for good (when it turned good). */
  okAfterSeconds?: number;
  info?: boolean;
}

export interface EffectResult {
  /** The action record's id (the journal's action event carries it as `record`). */
  record: string;
  operation: string;
  target: string;
  verdict: Verdict;
  /** One line: the signals before → after. */
  text: string;
  /** Seconds from the run to the verdict. */
  afterSeconds: number;
  /** Decided because the signals settled (else at the deadline). */
  settled: boolean;
  signals: SignalOutcome[];
  /** Stopped before a verdict (the console closed): not written. */
  interrupted?: boolean;
}

export interface FollowOptions {
  spec: EffectSpec;
  target: Target;
  plan: Plan;
  env: ActionEnv;
  /** The outcome's ref (the CDN invalidation id). */
  ref?: string;
  store: AppStore;
  /** The store's state just before the run. */
  before: AppState;
  record: string;
  operation: string;
  settleMs: number;
  deadlineMs: number;
  tickMs?: number;
  limits?: SignalLimits;
  now?: () => number;
}

export interface EffectFollow {
  done: Promise<EffectResult>;
  stop(): void;
}

interface Track {
  id: SignalId;
  before?: SignalReading;
  last?: SignalReading;
  okSince?: number;
  memo: Map<string, unknown>;
}

const BETTER_MARGIN = 0.1;

function better(id: SignalId, a: number, b: number): boolean {
  const d = SIGNALS[id].better === 'lower' ? b - a : a - b;
  return d > Math.max(BETTER_MARGIN * Math.abs(b), 0);
}

export function followEffect(o: FollowOptions): EffectFollow {
  const now = o.now ?? Date.now;
  const start = now();
  const limits = o.limits ?? DEFAULT_LIMITS;
  const scope: EffectScope = scopeOf(o.target, o.before);
  const tracks: Track[] = o.spec.signals.map((id) => ({ id, memo: new Map() }));
  const ctx = (t: Track) => ({ scope, limits, now: now(), windowMs: o.settleMs, memo: t.memo });
  for (const t of tracks) {
    try {
      t.before = SIGNALS[t.id].read(o.before, { ...ctx(t), memo: new Map() });
    } catch {
      t.before = undefined;
    }
  }
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let finish!: (r: EffectResult) => void;
  const done = new Promise<EffectResult>((resolve) => (finish = resolve));
  let over = false;

  const read = async () => {
    const st = o.store.getState();
    for (const t of tracks) {
      let r: SignalReading | undefined;
      try {
        r =
          t.id === 'cdnInvalidation' && o.spec.probe
            ? await o.spec.probe(o.ref, o.plan, o.env, ac.signal)
            : SIGNALS[t.id].read(st, ctx(t));
      } catch {
        r = undefined;
      }
      if (!r) continue;
      if (r.ok && !t.last?.ok) t.okSince = now();
      if (!r.ok) t.okSince = undefined;
      t.last = r;
      // A probed signal has no before: it is the action's own object, bad until it completes.
      t.before ??= t.id === 'cdnInvalidation' ? { value: 0, ok: false, text: 'InProgress' } : undefined;
    }
  };

  const end = (r: EffectResult) => {
    if (over) return;
    over = true;
    if (timer) clearTimeout(timer);
    ac.abort();
    finish(r);
  };

  const step = async () => {
    try {
      await read();
    } catch {
      // a reading failed: the next tick reads again
    }
    if (over) return;
    const t = now();
    const judged = tracks.filter((x) => x.last && !SIGNALS[x.id].info);
    const allOk = judged.length > 0 && judged.every((x) => x.last!.ok);
    const settled = allOk && judged.every((x) => x.okSince !== undefined && t - x.okSince >= o.settleMs);
    if (settled || t - start >= o.deadlineMs) {
      end(judge(o, tracks, start, t, settled));
      return;
    }
    timer = setTimeout(() => void step(), o.tickMs ?? 1000);
    timer.unref?.();
  };
  void step();

  return {
    done,
    stop() {
      if (over) return;
      end({ ...judge(o, tracks, start, now(), false), interrupted: true });
    },
  };
}

function judge(o: FollowOptions, tracks: Track[], start: number, t: number, settled: boolean): EffectResult {
  const judged = tracks.filter((x) => x.last && !SIGNALS[x.id].info);
  const wasBad = judged.some((x) => x.before && !x.before.ok);
  const allOk = judged.length > 0 && judged.every((x) => x.last!.ok);
  const improved = judged.filter(
    (x) =>
      x.before &&
      ((!x.before.ok && x.last!.ok) ||
        (x.before.ok === x.last!.ok && better(x.id, x.last!.value, x.before.value))),
  );
  // Worse: the action broke something that was good, and mended nothing. A bad figure that
  // grew (40 idle in transaction again) is no improvement, not the action's harm.
  const broke = judged.filter((x) => x.before?.ok && !x.last!.ok);
  const mended = improved.filter((x) => !x.before!.ok && x.last!.ok);
  let verdict: Verdict;
  if (!judged.length) verdict = 'unknown';
  else if (allOk && wasBad) verdict = 'effective';
  else if (broke.length && !mended.length) verdict = 'worse';
  else verdict = 'no improvement';

  const signals: SignalOutcome[] = tracks.map((x) => ({
    signal: x.id,
    label: SIGNALS[x.id].label,
    ...(x.before ? { before: x.before.text, wasOk: x.before.ok } : {}),
    ...(x.last ? { after: x.last.text } : {}),
    ok: !!x.last?.ok,
    ...(x.last?.ok && x.okSince !== undefined && x.before && !x.before.ok
      ? { okAfterSeconds: Math.max(0, Math.round((x.okSince - start) / 1000)) }
      : {}),
    ...(SIGNALS[x.id].info ? { info: true } : {}),
  }));
  const phrases = signals.filter((s) => s.after !== undefined).map(phrase);
  const short = o.operation.replace(/^[a-z]+\./, '');
  const name = o.target.name;
  const none = !judged.length ? 'no signal could be read (sources not configured or no data yet)' : '';
  const already = verdict === 'no improvement' && !wasBad && allOk ? 'every signal was already good; ' : '';
  return {
    record: o.record,
    operation: o.operation,
    target: name,
    verdict,
    text: `${short} ${name}: ${already}${none || phrases.join('; ')}`,
    afterSeconds: Math.round((t - start) / 1000),
    settled,
    signals,
  };
}

function phrase(s: SignalOutcome): string {
  if (s.before === undefined || s.before === s.after)
    return s.ok || s.info ? `${s.label} ${s.after}` : `${s.label} still ${s.after}`;
  return `${s.label} ${s.before} → ${s.after}${s.okAfterSeconds !== undefined ? ` within ${s.okAfterSeconds} s` : ''}`;
}
