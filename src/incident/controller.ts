// The incident controller: one per console. It owns the open journal, derives the `incident`
// store slice from it (always from what was read back from disk), runs the detections over
// the store's source snapshots while an incident is open, records actions from the palette,
// and writes status updates. No UI here: the root component and dialogs call these methods.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { AppState, AppStore } from '../store/store.js';
import { getSlice, setSlice } from '../store/store.js';
import { privateDir, writePrivateFile } from '../util/private-files.js';
import { redact } from '../util/redact.js';
import { checklistPassed, evaluate, figures, recoveryChecklist } from './adapters.js';
import { Debouncer, DEFAULT_THRESHOLDS, DETECTOR_ACTOR, type Thresholds } from './detect.js';
import {
  defaultActor,
  incidentsDir,
  Journal,
  journalPath,
  listJournals,
  loadJournal,
  stateDir,
  type JournalProblem,
} from './journal.js';
import {
  DEFAULT_CADENCE,
  reduce,
  type Cadence,
  type CheckItem,
  type EventBody,
  type IncidentState,
  type Naming,
  type Phase,
  type ReviewField,
  type Role,
  type Severity,
  type TemplateKind,
} from './model.js';
import { fillTemplate } from './templates.js';
import { DEFAULT_ESCALATION, nextEscalation, reminderEvent, type EscalationPolicy } from './escalation.js';
import { Replicator, type SharedStatus } from './shared/replicator.js';
import { isShareable } from './shared/script.js';
import { changeText, clusterChanges } from './changes.js';
import { DEPLOYMENTS_SOURCE, type DeploymentsData } from '../data/kubernetes/types.js';
import { SourceRecorder } from './recording/recorder.js';
import { recordingPath } from './recording/format.js';

export const INCIDENT = 'incident';
/** Cluster changes this long before the impact started are part of "what changed". */
export const CHANGES_BEFORE_MS = 2 * 3600_000;

export interface OpenIncident {
  id: string;
  title: string;
  severity: Severity;
  path: string;
}

declare module '../store/store.js' {
  interface Slices {
    incident: IncidentSlice;
  }
}

export interface IncidentSlice {
  /** The incident this console follows, derived from its journal. */
  state?: IncidentState;
  path?: string;
  /** Problems found reading the journal (torn last line, invalid lines). */
  problems: JournalProblem[];
  /** Open incidents found at start-up that the console offers to resume. */
  offer?: OpenIncident[];
  naming: Naming;
  cadence: Cadence;
  escalation: EscalationPolicy;
  actor: string;
  /** The shared journal's state, when `incident.shared` is configured and an incident is open. */
  shared?: SharedStatus;
  /** Bumped on every change, for cheap selectors. */
  rev: number;
  /** A replay: the incident as it was at the moment shown (the header); `state` is the whole journal. */
  asOf?: IncidentState;
}

export interface IncidentOptions {
  state: string;
  actor: string;
  naming: Naming;
  cadence: Cadence;
  thresholds: Thresholds;
  /** The escalation ladder (default: the runbooks'). */
  escalation?: EscalationPolicy;
  now?: () => number;
  /** How often detections are re-evaluated without store changes (ms). */
  tickMs?: number;
  /** The shared journal (incident.shared). */
  shared?: { url: string; pollMs?: number };
  /** Record the sources while an incident is open (incident.recording; default on). */
  recording?: boolean;
}

export function optionsFromConfig(config: Config, env: NodeJS.ProcessEnv = process.env): IncidentOptions {
  const inc = config.incident;
  const th: Partial<Thresholds> | undefined = inc?.thresholds;
  return {
    state: stateDir(inc?.stateDir, env),
    actor: defaultActor(inc?.handle, env),
    naming: inc?.naming ?? 'SEV',
    cadence: { ...DEFAULT_CADENCE, ...inc?.cadenceMinutes } as Cadence,
    thresholds: { ...DEFAULT_THRESHOLDS, ...th },
    escalation: {
      levels: inc?.escalation?.levels ?? DEFAULT_ESCALATION.levels,
      afterMinutes: { ...DEFAULT_ESCALATION.afterMinutes, ...inc?.escalation?.afterMinutes },
    },
    shared: inc?.shared,
    recording: inc?.recording,
  };
}

/** Open (unresolved) incidents in the state directory, newest first. */
export function openIncidents(state: string): OpenIncident[] {
  const out: OpenIncident[] = [];
  for (const f of listJournals(state)) {
    try {
      const s = reduce(loadJournal(f.path).events);
      if (s && s.phase !== 'resolved')
        out.push({ id: s.id, title: s.title, severity: s.severity, path: f.path });
    } catch {
      // unreadable journal: `warroom incidents` reports it
    }
  }
  return out;
}

const controllers = new WeakMap<AppStore, IncidentController>();
export function controllerFor(store: AppStore): IncidentController | undefined {
  return controllers.get(store);
}

export interface DeclareInput {
  title: string;
  severity: Severity;
  impact: string;
  startedAt: number;
  roles?: Partial<Record<Role, string>>;
}

export class IncidentController {
  journal: Journal | undefined;
  /** The note a correction dialog is about (set by the timeline's `c`). */
  correcting: { id: string; text: string } | undefined;
  private debouncer: Debouncer;
  private readonly memos = new Map<string, Map<string, unknown>>();
  private unsubStore: (() => void) | undefined;
  private unsubJournal: (() => void) | undefined;
  private replicator: Replicator | undefined;
  private recorder: SourceRecorder | undefined;
  private recorderStopping: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private tick: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private lastSources: AppState['sources'] | undefined;
  readonly now: () => number;

  constructor(
    readonly store: AppStore,
    readonly opts: IncidentOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.debouncer = new Debouncer(opts.thresholds);
    controllers.set(store, this);
    setSlice(store, INCIDENT, () => ({
      problems: [],
      naming: opts.naming,
      cadence: opts.cadence,
      escalation: opts.escalation ?? DEFAULT_ESCALATION,
      actor: opts.actor,
      rev: 0,
    }));
  }

  get slice(): IncidentSlice {
    return getSlice(this.store, INCIDENT)!;
  }
  get state(): IncidentState | undefined {
    return this.slice.state;
  }
  get isOpen(): boolean {
    return !!this.state && this.state.phase !== 'resolved';
  }

  private patch(p: Partial<IncidentSlice>): void {
    setSlice(this.store, INCIDENT, (prev) => ({ ...prev!, ...p, rev: (prev?.rev ?? 0) + 1 }));
  }

  private refresh = (): void => {
    if (!this.journal) return;
    const state = reduce(this.journal.events);
    // Keep the debouncer in step with detections another console recorded.
    if (state) {
      for (const [key, e] of state.activeDetections)
        if (!this.debouncer.isActive(key)) this.debouncer.adopt(key, e.detector, e.text, Date.parse(e.ts));
    }
    this.patch({ state, path: this.journal.path, problems: [...this.journal.problems] });
    if (state?.phase === 'resolved') this.stopRecording();
  };

  /** The flight recorder (src/incident/recording/): the sources, once a second, while open. */
  private startRecording(j: Journal): void {
    if (this.opts.recording === false || this.recorder || !this.isOpen) return;
    const r = new SourceRecorder(this.store, {
      path: recordingPath(this.opts.state, j.id),
      now: this.now,
      onProblem: (text) => this.flash(text, 'warn'),
    });
    this.recorder = r;
    r.start();
  }
  private stopRecording(): void {
    const r = this.recorder;
    this.recorder = undefined;
    if (r) this.recorderStopping = r.stop();
  }

  private attach(j: Journal): void {
    this.detach();
    this.journal = j;
    this.debouncer = new Debouncer(this.opts.thresholds);
    this.unsubJournal = j.onEvents(() => this.refresh());
    j.watch();
    this.refresh();
    this.startRecording(j);
    this.startDetections();
    if (this.opts.shared && isShareable(this.opts.state, this.opts.shared.url, j.id))
      this.share(j, this.opts.shared);
  }

  private share(j: Journal, shared: { url: string; pollMs?: number }): void {
    const r = new Replicator({
      url: shared.url,
      pollMs: shared.pollMs,
      state: this.opts.state,
      journal: j,
      now: this.now,
      onStatus: (st) => {
        if (this.replicator !== r) return;
        const was = this.slice.shared?.state;
        if (st.state === 'offline' && was !== 'offline')
          this.flash(
            `shared journal offline: ${st.reason ?? 'unreachable'} — working on the local journal`,
            'warn',
          );
        if (st.state === 'online' && was === 'offline') this.flash('shared journal back: caught up', 'info');
        this.patch({ shared: st });
      },
    });
    this.replicator = r;
    this.patch({ shared: r.current });
    r.start();
  }

  private detach(): void {
    this.stopRecording();
    this.unsubJournal?.();
    this.unsubJournal = undefined;
    const r = this.replicator;
    const j = this.journal;
    this.replicator = undefined;
    this.journal = undefined;
    if (r) this.stopping = r.stop().then(() => j?.close());
    else j?.close();
  }

  declare(input: DeclareInput): IncidentState {
    const j = Journal.create(
      this.opts.state,
      this.opts.actor,
      {
        title: input.title.trim(),
        severity: input.severity,
        impact: input.impact.trim(),
        startedAt: new Date(input.startedAt).toISOString(),
        roles: input.roles,
      },
      this.now,
      !!this.opts.shared,
    );
    this.patch({ offer: undefined });
    this.attach(j);
    return this.state!;
  }

  /** Follows an existing incident (resume, --incident ID, or a second console). */
  open(idOrPath: string): IncidentState {
    const path = idOrPath.includes('/') ? idOrPath : journalPath(this.opts.state, idOrPath);
    if (!existsSync(path)) throw new Error(`no incident ${idOrPath} in ${incidentsDir(this.opts.state)}`);
    const j = Journal.open(path, this.opts.actor, this.now);
    this.patch({ offer: undefined });
    this.attach(j);
    if (!this.state) throw new Error(`${path} has no 'declared' event: not an incident journal`);
    return this.state;
  }

  offerResume(list: OpenIncident[]): void {
    this.patch({ offer: list.length ? list : undefined });
  }
  dismissOffer(): void {
    this.patch({ offer: undefined });
  }

  /** Appends an event as this console's user, or as `by` (the detector) from this console. */
  append(body: EventBody, by?: string): void {
    if (!this.journal) throw new Error('no incident is open: declare one first');
    this.journal.append(body, undefined, by);
  }

  note(text: string): void {
    const t = text.trim();
    if (!t) return;
    const review = parseReviewNote(t);
    this.append(review ?? { kind: 'note', text: redact(t) });
  }
  correct(of: string, text: string): void {
    if (text.trim()) this.append({ kind: 'correction', of, text: redact(text.trim()) });
  }
  setSeverity(to: Severity, reason?: string): void {
    const s = this.state;
    if (s && s.severity !== to) this.append({ kind: 'severity', from: s.severity, to, reason });
  }
  setPhase(to: Phase): void {
    const s = this.state;
    if (s && s.phase !== to) this.append({ kind: 'phase', from: s.phase, to });
  }
  setRole(role: Role, who: string): void {
    if (who.trim()) this.append({ kind: 'role', role, who: who.trim() });
  }
  setImpact(text: string): void {
    if (text.trim()) this.append({ kind: 'impact', text: redact(text.trim()) });
  }

  /** Fills a template from the incident's state and the panes' current figures. */
  template(kind: TemplateKind): string {
    const s = this.state;
    if (!s) throw new Error('no incident is open');
    return fillTemplate(kind, s, {
      now: this.now(),
      naming: this.opts.naming,
      cadence: this.opts.cadence,
      figures: figures(this.store.getState()),
    });
  }

  /** Writes an update to `<incidents>/<id>.updates/`; returns the file. */
  saveUpdate(kind: TemplateKind, text: string): string {
    const s = this.state;
    if (!s) throw new Error('no incident is open');
    const dir = join(incidentsDir(this.opts.state), `${s.id}.updates`);
    privateDir(dir);
    const stamp = new Date(this.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const file = join(dir, `${stamp}Z-${kind}.txt`);
    writePrivateFile(file, redact(text));
    return file;
  }

  /** Records an update as sent (resets the cadence timer). */
  markSent(kind: TemplateKind, text: string, file?: string): void {
    this.append({ kind: 'update', template: kind, text: redact(text), file });
  }

  /**
   * The runbooks' resolution criteria from live data (recoveryChecklist: pods, health, error
   * rate under 1 % of log lines and under the threshold, backends) plus no active detection.
   */
  checklist(): CheckItem[] {
    const items = recoveryChecklist(this.store.getState(), this.opts.thresholds);
    const active = [...(this.state?.activeDetections.values() ?? [])];
    // With nothing watched no detection could fire: that proves nothing either way.
    const watched = items.some((i) => i.ok !== null);
    items.push({
      name: 'No active detection',
      ok: active.length ? false : watched ? true : null,
      detail: active.length
        ? `${active.length} active: ${active
            .slice(0, 3)
            .map((d) => d.text)
            .join('; ')}`
        : watched
          ? 'none active'
          : 'no source watched',
    });
    return items;
  }

  /** Evaluates the recovery checklist, records it, and resolves (unless it failed and !force). */
  resolve(force = false, summary?: string): { passed: boolean; items: CheckItem[]; resolved: boolean } {
    const items = this.checklist();
    const passed = checklistPassed(items);
    this.append({ kind: 'checklist', items, passed });
    if (!passed && !force) return { passed, items, resolved: false };
    this.append({ kind: 'resolved', summary: summary?.trim() ? redact(summary.trim()) : undefined });
    return { passed, items, resolved: true };
  }

  get escalation(): EscalationPolicy {
    return this.opts.escalation ?? DEFAULT_ESCALATION;
  }

  /** Writes the reminder of an escalation step that has fallen due (every tick). */
  checkEscalation(): void {
    const s = this.state;
    if (!this.journal || !s || s.phase === 'resolved') return;
    const next = nextEscalation(s, this.escalation);
    if (next && next.dueAt <= this.now())
      this.append(reminderEvent(s, next, this.escalation, this.opts.naming), DETECTOR_ACTOR);
  }

  /**
   * Records the cluster's own changes (deployment revisions from its ReplicaSets, scales and
   * ConfigMap edits from managedFields) made from two hours before the impact started on, once
   * each: the review's "What changed".
   */
  recordChanges(): void {
    const s = this.state;
    if (!this.journal || !s || s.phase === 'resolved') return;
    const src = this.store.getState().sources[DEPLOYMENTS_SOURCE];
    if (!src || src.status !== 'ok' || !src.data) return;
    const known = new Set(s.events.flatMap((e) => (e.kind === 'change' ? [e.key] : [])));
    for (const c of clusterChanges(src.data as DeploymentsData)) {
      if (known.has(c.key) || c.at < s.startedAt - CHANGES_BEFORE_MS) continue;
      this.append(
        {
          kind: 'change',
          key: c.key,
          ...(c.kind !== 'rollout' ? { change: c.kind } : {}),
          ...(c.by ? { by: redact(c.by) } : {}),
          at: new Date(c.at).toISOString(),
          text: redact(changeText(c)),
          deployment: `${c.namespace}/${c.deployment}`,
          revision: c.revision,
          images: c.images.map(redact),
          ...(c.changeCause ? { changeCause: redact(c.changeCause) } : {}),
        },
        DETECTOR_ACTOR,
      );
    }
  }

  /** Records an escalation a responder made (to `level`, calling `who`). */
  escalate(level: number, who: string): void {
    const text = who.trim() || this.escalation.levels[level - 1] || `level ${level}`;
    this.append({ kind: 'escalation', reminder: false, level, text: redact(text) });
  }

  /** Runs detections now (also called on store changes, throttled, and every tick). */
  evaluateDetections(): void {
    const s = this.state;
    if (!this.journal || !s || s.phase === 'resolved') return;
    const now = this.now();
    const { conditions, scope } = evaluate(
      this.store.getState(),
      this.debouncer.isActive,
      this.opts.thresholds,
      this.memos,
      now,
    );
    let symptoms: string[] | undefined;
    for (const t of this.debouncer.step(conditions, now, scope)) {
      const cur = this.state;
      // Another console on the same incident may already have recorded this transition.
      const already = cur?.activeDetections.has(t.key);
      if ((t.state === 'start' && already) || (t.state === 'end' && !already)) continue;
      // A start records the panes' figures at that moment (the initial update's symptoms).
      if (t.state === 'start') symptoms ??= figures(this.store.getState()).map(redact);
      this.append(
        {
          kind: 'detection',
          detector: t.detector,
          key: t.key,
          state: t.state,
          text: redact(t.text),
          ...(t.state === 'start' && symptoms?.length ? { figures: symptoms } : {}),
        },
        DETECTOR_ACTOR,
      );
    }
  }

  private startDetections(): void {
    if (this.unsubStore) return;
    this.unsubStore = this.store.subscribe((st) => {
      if (st.sources === this.lastSources) return;
      this.lastSources = st.sources;
      if (this.pending) return;
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.safeEvaluate();
      }, 250);
      this.pending.unref?.();
    });
    this.tick = setInterval(() => this.safeEvaluate(), this.opts.tickMs ?? 1000);
    this.tick.unref?.();
  }

  private safeEvaluate(): void {
    try {
      this.evaluateDetections();
      this.checkEscalation();
      this.recordChanges();
    } catch (err) {
      this.flash(`detections: ${(err as Error).message}`);
    }
  }

  flash(text: string, tone: 'info' | 'warn' | 'error' = 'error'): void {
    this.store.setState((s) => ({ ui: { ...s.ui, flash: { text: redact(text), tone, at: Date.now() } } }));
  }

  /** Stops detections and the replicator (what is not pushed yet stays waiting in the journal). */
  close(): Promise<void> {
    this.unsubStore?.();
    this.unsubStore = undefined;
    if (this.tick) clearInterval(this.tick);
    if (this.pending) clearTimeout(this.pending);
    this.tick = this.pending = undefined;
    this.detach();
    return Promise.all([this.stopping, this.recorderStopping]).then(() => undefined);
  }
}

const REVIEW_PREFIXES: Record<string, ReviewField> = {
  rootcause: 'rootCause',
  cause: 'rootCause',
  factor: 'factor',
  well: 'wentWell',
  wrong: 'wentWrong',
  lesson: 'lesson',
  action: 'actionItem',
  todo: 'actionItem',
};

/**
 * Notes that feed the review: `/rootcause …`, `/factor …`, `/well …`, `/wrong …`, `/lesson …`,
 * `/action … @owner due:YYYY-MM-DD`.
 */
export function parseReviewNote(text: string): EventBody | undefined {
  const m = /^\/([a-z]+)\s+([\s\S]+)$/i.exec(text.trim());
  if (!m) return undefined;
  const field = REVIEW_PREFIXES[m[1]!.toLowerCase()];
  if (!field) return undefined;
  let body = m[2]!.trim();
  let owner: string | undefined;
  let due: string | undefined;
  if (field === 'actionItem') {
    const d = /\s*\bdue:(\S+)/i.exec(body);
    if (d) {
      due = d[1];
      body = body.replace(d[0], '');
    }
    const o = /\s*(?:^|\s)(@[\w.-]+)/.exec(body);
    if (o) {
      owner = o[1];
      body = body.replace(o[0], '');
    }
    body = body.trim();
  }
  return { kind: 'review', field, text: redact(body), ...(owner ? { owner } : {}), ...(due ? { due } : {}) };
}

/** Start-up: which incident to follow (--incident ID, --resume, or offer the open ones). */
export function setupIncident(
  store: AppStore,
  opts: IncidentOptions,
  flags: { resume?: boolean; incident?: string },
): IncidentController {
  const c = new IncidentController(store, opts);
  if (flags.incident) c.open(flags.incident); // an unknown id stops start-up with its message
  try {
    if (!flags.incident) {
      const open = openIncidents(opts.state);
      if (flags.resume) {
        if (open[0]) c.open(open[0].path);
        else c.flash('--resume: no open incident to resume', 'warn');
      } else if (open.length) {
        c.offerResume(open);
        store.setState((s) => ({ ui: { ...s.ui, modal: 'incident.resume' } }));
      }
    }
  } catch (err) {
    c.flash(`incident: ${(err as Error).message}`);
  }
  const torn = c.journal?.torn;
  if (torn)
    c.flash(
      `journal ${c.journal!.id}: ${torn.reason} at line ${torn.line} ignored; every earlier event kept`,
      'warn',
    );
  return c;
}
