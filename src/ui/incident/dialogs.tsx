// The incident dialogs: declare, the incident menu (severity, phase, roles, impact, resolve,
// export), a note (or a correction), a status update, and the resume offer at start-up. Each
// owns the keyboard while open (dialog band) and closes by clearing `ui.modal`.
import { Box, Text } from 'ink';
import { useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useAppStore, useStoreApi } from '../hooks.js';
import { KeyContext, useKeys, type KeyEvent } from '../keys.js';
import type { OverlayProps } from '../overlays.js';
import { sanitize } from '../../util/sanitize.js';
import type { AppStore } from '../../store/store.js';
import { checklistPassed } from '../../incident/adapters.js';
import { copyToClipboard } from '../clipboard.js';
import {
  controllerFor,
  INCIDENT,
  IncidentController,
  optionsFromConfig,
  type IncidentSlice,
} from '../../incident/controller.js';
import { exportMarkdown } from '../../incident/export.js';
import { incidentsDir } from '../../incident/journal.js';
import { currentLevel } from '../../incident/escalation.js';
import {
  PHASES,
  ROLES,
  SEVERITIES,
  SEVERITY_IDS,
  TEMPLATES,
  phaseTitle,
  sevLabel,
  type CheckItem,
  type Role,
  type Severity,
  type TemplateKind,
} from '../../incident/model.js';
import { editText, explode, formatStart, parseStart } from './text.js';
import { rowCount, wrapRows } from '../dialog/wrap.js';
import type { Config } from '../../config/schema.js';

/** The console's controller; created from the config slice if start-up did not (tests). */
export function ensureController(store: AppStore): IncidentController {
  const c = controllerFor(store);
  if (c) return c;
  const config = (store.getState().slices.config as Config | undefined) ?? {};
  return new IncidentController(store, optionsFromConfig(config as Config));
}

export function closeModal(store: AppStore): void {
  store.setState((s) => ({ ui: { ...s.ui, modal: undefined } }));
}
export function openModal(store: AppStore, modal: string): void {
  store.setState((s) => ({ ui: { ...s.ui, modal, flash: undefined } }));
}
function flash(store: AppStore, text: string, tone: 'info' | 'warn' | 'error' = 'info') {
  store.setState((s) => ({ ui: { ...s.ui, flash: { text, tone, at: Date.now() } } }));
}

/**
 * State that handlers read live (`box.v`), not from the last render: a chunk of keys is handled
 * one key at a time, and the next key must see what the previous one did even if the dialog
 * has not re-rendered in between.
 */
function useLive<T>(init: T | (() => T)): [{ v: T }, (next: T | ((prev: T) => T)) => void] {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<{ v: T } | null>(null);
  if (!ref.current) ref.current = { v: typeof init === 'function' ? (init as () => T)() : init };
  const box = ref.current;
  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      box.v = typeof next === 'function' ? (next as (prev: T) => T)(box.v) : next;
      force();
    },
    [box],
  );
  return [box, set];
}

/**
 * A dialog owns the keyboard. A chunk of fast typing or a paste ("title\t2\r") is split into
 * its keys, each handled after the previous one has re-rendered, so a form sees them in order.
 */
function useDialogKeys(handler: (ev: KeyEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const mounted = useRef(true);
  const dispatcher = useContext(KeyContext);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  // One queue, handled in order, one key per render: a chunk's later keys never overtake it.
  const queue = useRef<KeyEvent[]>([]);
  const busy = useRef(false);
  const pump = () => {
    const e = queue.current.shift();
    if (!e) {
      busy.current = false;
      return;
    }
    // Keys typed after the one that closed this dialog go to whatever is open now.
    if (mounted.current) ref.current(e);
    else dispatcher.dispatch(e);
    if (queue.current.length) setTimeout(pump, 0);
    else busy.current = false;
  };
  useKeys('dialog', (ev) => {
    queue.current.push(...explode(ev));
    if (!busy.current) {
      busy.current = true;
      pump();
    }
    return true;
  });
}

function Frame({ width, height, title, children }: OverlayProps & { title: string; children: ReactNode }) {
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle="double"
      borderColor="magenta"
      overflow="hidden"
    >
      <Text bold wrap="wrap">
        {` ${title}`}
      </Text>
      {children}
    </Box>
  );
}

function Field({
  label,
  value,
  active,
  hint,
}: {
  label: string;
  value: string;
  active: boolean;
  hint?: string;
}) {
  return (
    <Text wrap="wrap">
      <Text
        color={active ? 'cyan' : undefined}
        bold={active}
      >{`${active ? '▶' : ' '} ${label.padEnd(20)} `}</Text>
      <Text inverse={active}>{sanitize(value, 500) || ' '}</Text>
      {active ? <Text color="cyan">▏</Text> : null}
      {hint && active ? <Text dimColor>{`  ${hint}`}</Text> : null}
    </Text>
  );
}

function SeverityTable({ selected, naming }: { selected: Severity; naming: 'SEV' | 'P' }) {
  return (
    <Box flexDirection="column">
      {SEVERITY_IDS.map((s, i) => {
        const info = SEVERITIES[s];
        const on = s === selected;
        return (
          <Text
            key={s}
            wrap="truncate"
            inverse={on}
            color={s === 'SEV1' ? 'red' : s === 'SEV2' ? 'yellow' : undefined}
          >
            {`   ${on ? '▶' : ' '} ${i + 1} ${sevLabel(s, naming).padEnd(16)} ${info.impact.padEnd(26)} respond: ${info.response[naming].padEnd(10)} e.g. ${info.examples}`}
          </Text>
        );
      })}
    </Box>
  );
}

// ---- declare --------------------------------------------------------------------------------

const DECLARE_FIELDS = ['title', 'severity', 'impact', 'started', 'ic', 'tech', 'comms', 'oncall'] as const;
type DeclareField = (typeof DECLARE_FIELDS)[number];

export function DeclareDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const naming = c.opts.naming;
  const [vB, setV] = useLive<Record<DeclareField, string>>(() => ({
    title: '',
    severity: 'SEV2',
    impact: '',
    started: formatStart(c.now()),
    ic: c.opts.actor,
    tech: '',
    comms: '',
    oncall: c.opts.actor,
  }));
  const [atB, setAt] = useLive(0);
  const [errorB, setError] = useLive<string | undefined>(undefined);
  const error = errorB.v;

  const submit = () => {
    const v = vB.v;
    if (!v.title.trim()) {
      setError('a title is required');
      setAt(0);
      return;
    }
    const started = parseStart(v.started, c.now());
    if (typeof started === 'string') {
      setError(started);
      setAt(3);
      return;
    }
    const roles: Partial<Record<Role, string>> = {};
    for (const r of ['ic', 'tech', 'comms', 'oncall'] as Role[]) if (v[r].trim()) roles[r] = v[r].trim();
    try {
      const s = c.declare({
        title: v.title,
        severity: v.severity as Severity,
        impact: v.impact,
        startedAt: started,
        roles,
      });
      closeModal(store);
      flash(store, `incident ${s.id} declared (${sevLabel(s.severity, naming)}); journal ${c.journal?.path}`);
    } catch (err) {
      setError(`cannot write the journal: ${(err as Error).message}`);
    }
  };

  const v = vB.v;
  const field = DECLARE_FIELDS[atB.v]!;

  useDialogKeys((ev: KeyEvent) => {
    const v = vB.v;
    const field = DECLARE_FIELDS[atB.v]!;
    if (ev.name === 'escape') {
      closeModal(store);
      return true;
    }
    if (ev.name === 'enter' || ev.name === 'ctrl+s') {
      submit();
      return true;
    }
    if (ev.name === 'tab' || ev.name === 'down') {
      setAt((a) => (a + 1) % DECLARE_FIELDS.length);
      return true;
    }
    if (ev.name === 'shift+tab' || ev.name === 'up') {
      setAt((a) => (a + DECLARE_FIELDS.length - 1) % DECLARE_FIELDS.length);
      return true;
    }
    if (field === 'severity') {
      const i = SEVERITY_IDS.indexOf(v.severity as Severity);
      let next: number | undefined;
      if (ev.name === 'left') next = Math.max(0, i - 1);
      else if (ev.name === 'right') next = Math.min(3, i + 1);
      else if (/^[1-4]$/.test(ev.name)) next = Number(ev.name) - 1;
      else if (naming === 'P' && /^[0-3]$/.test(ev.name)) next = Number(ev.name);
      if (next !== undefined) setV((x) => ({ ...x, severity: SEVERITY_IDS[next]! }));
      return true;
    }
    const nv = editText(v[field], ev);
    if (nv !== undefined) {
      setV((x) => ({ ...x, [field]: nv }));
      setError(undefined);
    }
    return true;
  });

  return (
    <Frame
      width={width}
      height={height}
      title="Declare an incident — Tab/↓ next field · ↑ previous · Enter declares · Esc cancels"
    >
      <Field label="Title" value={v.title} active={field === 'title'} hint="what is broken, in a few words" />
      <Field
        label="Severity"
        value={sevLabel(v.severity as Severity, naming)}
        active={field === 'severity'}
        hint={`←/→ or ${naming === 'P' ? '0-3' : '1-4'}`}
      />
      <SeverityTable selected={v.severity as Severity} naming={naming} />
      <Field label="Impact" value={v.impact} active={field === 'impact'} hint="who is affected and how" />
      <Field
        label="Started (UTC)"
        value={v.started}
        active={field === 'started'}
        hint="when the alert fired: YYYY-MM-DD HH:MM, HH:MM or -15m (^U clears)"
      />
      {ROLES.map((r) => (
        <Field key={r.id} label={r.title} value={v[r.id]} active={field === r.id} />
      ))}
      {error ? <Text color="red" wrap="wrap">{`✖ ${error}`}</Text> : null}
    </Frame>
  );
}

// ---- note / correction ----------------------------------------------------------------------

export function NoteDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const correcting = c.correcting;
  const [textB, setText] = useLive('');

  const text = textB.v;

  useDialogKeys((ev) => {
    const text = textB.v;
    if (ev.name === 'escape') {
      c.correcting = undefined;
      closeModal(store);
      return true;
    }
    if (ev.name === 'enter') {
      try {
        if (correcting) c.correct(correcting.id, text);
        else c.note(text);
        closeModal(store);
      } catch (err) {
        flash(store, (err as Error).message, 'error');
        closeModal(store);
      }
      c.correcting = undefined;
      return true;
    }
    const nv = editText(text, ev);
    if (nv !== undefined) setText(nv);
    return true;
  });
  return (
    <Frame
      width={width}
      height={height}
      title={
        correcting
          ? 'Correct a note — Enter appends the correction · Esc cancels'
          : 'Note — Enter adds it to the timeline · Esc cancels'
      }
    >
      {correcting ? <Text wrap="wrap" dimColor>{`  was: ${sanitize(correcting.text, 400)}`}</Text> : null}
      <Field label={correcting ? 'Corrected text' : 'Note'} value={text} active />
      <Text> </Text>
      {correcting ? (
        <Text dimColor wrap="wrap">
          {' '}
          The original note stays in the journal; the timeline and the review show the correction.
        </Text>
      ) : (
        <Text dimColor wrap="wrap">
          {
            '  For the review: /rootcause …, /factor …, /well …, /wrong …, /lesson …, /action … @owner due:YYYY-MM-DD'
          }
        </Text>
      )}
    </Frame>
  );
}

// ---- status update --------------------------------------------------------------------------

export function UpdateDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const [kindB, setKind] = useLive<TemplateKind | undefined>(undefined);
  const [linesB, setLines] = useLive<string[]>([]);
  const [rowB, setRow] = useLive(0);
  const [msgB, setMsg] = useLive<string | undefined>(undefined);
  const msg = msgB.v;

  const pick = (k: TemplateKind) => {
    setKind(k);
    const text = c.template(k).replace(/\n$/, '');
    setLines(text.split('\n'));
    setRow(0);
    setMsg(undefined);
  };

  const finish = (sent: boolean) => {
    const kind = kindB.v;
    const text = linesB.v.join('\n') + '\n';
    try {
      const file = c.saveUpdate(kind!, text);
      if (sent) c.markSent(kind!, text, file);
      closeModal(store);
      const said = (copied: string) =>
        sent
          ? `update marked sent (cadence timer reset); saved to ${file}; ${copied}`
          : `saved to ${file} (not marked sent); ${copied}`;
      flash(store, said('copying…'));
      // The flash says which path the copy took (tmux buffer, OSC 52, or not copied).
      void copyToClipboard(text).then((r) => flash(store, said(r.note), r.ok ? 'info' : 'warn'));
    } catch (err) {
      setMsg(`✖ ${(err as Error).message}`);
    }
  };

  const kind = kindB.v;
  const lines = linesB.v;
  const row = rowB.v;

  useDialogKeys((ev) => {
    const kind = kindB.v;
    const lines = linesB.v;
    const row = rowB.v;
    if (!c.state) {
      closeModal(store);
      return true;
    }
    if (!kind) {
      if (ev.name === 'escape') closeModal(store);
      const i = Number(ev.name) - 1;
      if (/^[1-5]$/.test(ev.name)) pick(TEMPLATES[i]!.id);
      return true;
    }
    switch (ev.name) {
      case 'escape':
        setKind(undefined);
        return true;
      case 'up':
        setRow((r) => Math.max(0, r - 1));
        return true;
      case 'down':
        setRow((r) => Math.min(lines.length - 1, r + 1));
        return true;
      case 'enter':
        setLines((ls) => [...ls.slice(0, row + 1), '', ...ls.slice(row + 1)]);
        setRow((r) => r + 1);
        return true;
      case 'ctrl+k':
        setLines((ls) => (ls.length > 1 ? ls.filter((_, i) => i !== row) : ['']));
        setRow((r) => Math.max(0, Math.min(r, lines.length - 2)));
        return true;
      case 'ctrl+s':
        finish(true);
        return true;
      case 'ctrl+y':
        finish(false);
        return true;
    }
    if (ev.name === 'backspace' && lines[row] === '' && lines.length > 1) {
      setLines((ls) => ls.filter((_, i) => i !== row));
      setRow((r) => Math.max(0, r - 1));
      return true;
    }
    const nv = editText(lines[row] ?? '', ev);
    if (nv !== undefined) setLines((ls) => ls.map((l, i) => (i === row ? nv : l)));
    return true;
  });

  if (!kind) {
    return (
      <Frame width={width} height={height} title="Status update — pick a template (1-5) · Esc closes">
        {TEMPLATES.map((t, i) => (
          <Text key={t.id} wrap="truncate">{`  ${i + 1}  ${t.title}`}</Text>
        ))}
        <Text> </Text>
        <Text dimColor wrap="wrap">
          {
            '  Filled from the incident (severity, status, impact, start, duration, roles, actions taken) and the panes’ current figures.'
          }
        </Text>
      </Frame>
    );
  }
  const title = TEMPLATES.find((t) => t.id === kind)!.title;
  const head = `${title} — ↑/↓ line · type to edit · Enter new line · ^K delete line · ^S copy+save+mark sent · ^Y copy+save · Esc back`;
  // Every line wraps (never cut): the window is counted in screen rows, the active line whole.
  const inner = width - 2;
  const body = Math.max(1, height - 3 - rowCount(` ${head}`, inner) - (msg ? rowCount(msg, inner) : 0));
  const wrapped = lines.map((l, i) =>
    wrapRows(`${sanitize(l, 1000)}${i === row ? '▏' : ''}`, inner, { first: i === row ? '▶ ' : '  ' }),
  );
  let start = row;
  let used = wrapped[row]?.length ?? 1;
  while (start > 0 && used + wrapped[start - 1]!.length <= Math.ceil(body / 2))
    used += wrapped[--start]!.length;
  const shown: { line: number; text: string }[] = [];
  for (let i = start; i < wrapped.length && shown.length < body; i++)
    for (const text of wrapped[i]!) if (shown.length < body) shown.push({ line: i, text });
  // Near the end: fill the window upwards.
  while (start > 0 && shown.length + wrapped[start - 1]!.length <= body)
    shown.unshift(...wrapped[--start]!.map((text) => ({ line: start, text })));
  return (
    <Frame width={width} height={height} title={head}>
      {shown.map((r, i) => (
        <Text key={i} wrap="truncate" inverse={r.line === row}>
          {r.text}
        </Text>
      ))}
      {msg ? (
        <Text color="red" wrap="wrap">
          {msg}
        </Text>
      ) : null}
    </Frame>
  );
}

// ---- the incident menu ----------------------------------------------------------------------

type MenuMode = 'main' | 'severity' | 'phase' | 'role' | 'roleName' | 'impact' | 'resolve';

function ChecklistView({ items }: { items: CheckItem[] }) {
  return (
    <Box flexDirection="column">
      {items.map((i) => (
        <Text key={i.name} wrap="wrap" color={i.ok === true ? 'green' : i.ok === false ? 'red' : 'gray'}>
          {`   ${i.ok === true ? '●' : i.ok === false ? '✖' : '·'} ${i.name.padEnd(28)} ${sanitize(i.detail, 300)}`}
        </Text>
      ))}
    </Box>
  );
}

export function MenuDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const slice = useAppStore((s) => s.slices[INCIDENT]) as IncidentSlice | undefined;
  const s = slice?.state;
  const naming = c.opts.naming;
  const [modeB, setMode] = useLive<MenuMode>('main');
  const [sevB, setSev] = useLive<Severity>(s?.severity ?? 'SEV2');
  const [roleB, setRole] = useLive<Role>('ic');
  const [textB, setText] = useLive('');
  const [itemsB, setItems] = useLive<CheckItem[]>([]);

  const act = (fn: () => void, done?: string) => {
    try {
      fn();
      if (done) flash(store, done);
    } catch (err) {
      flash(store, (err as Error).message, 'error');
    }
    closeModal(store);
  };

  const mode = modeB.v;
  const sev = sevB.v;
  const role = roleB.v;
  const text = textB.v;
  const items = itemsB.v;

  useDialogKeys((ev) => {
    const mode = modeB.v;
    const sev = sevB.v;
    const role = roleB.v;
    const text = textB.v;
    const items = itemsB.v;
    if (!s) {
      closeModal(store);
      return true;
    }
    if (ev.name === 'escape') {
      if (mode === 'main') closeModal(store);
      else setMode(mode === 'roleName' ? 'role' : 'main');
      return true;
    }
    switch (mode) {
      case 'main':
        switch (ev.name) {
          case 's':
            setSev(s.severity);
            setMode('severity');
            break;
          case 'p':
            setMode('phase');
            break;
          case 'r':
            setMode('role');
            break;
          case 'm':
            setText(s.impact);
            setMode('impact');
            break;
          case 'u':
            openModal(store, 'incident.update');
            break;
          case 'x':
            setItems(c.checklist());
            setText('');
            setMode('resolve');
            break;
          case 'l': {
            // Escalate to the next level of the ladder (incident.escalation): recorded in the journal.
            const to = Math.min(c.escalation.levels.length, currentLevel(s) + 1);
            const who = c.escalation.levels[to - 1] ?? `level ${to}`;
            act(() => c.escalate(to, who), `escalated to level ${to} (${who})`);
            break;
          }
          case 'e': {
            const file = join(incidentsDir(c.opts.state), `${s.id}.review.md`);
            act(
              () => writeFileSync(file, exportMarkdown(s, { naming, now: c.now() }), { mode: 0o600 }),
              `review written to ${file}`,
            );
            break;
          }
        }
        return true;
      case 'severity': {
        const i = SEVERITY_IDS.indexOf(sev);
        if (ev.name === 'left' || ev.name === 'up') setSev(SEVERITY_IDS[Math.max(0, i - 1)]!);
        else if (ev.name === 'right' || ev.name === 'down') setSev(SEVERITY_IDS[Math.min(3, i + 1)]!);
        else if (/^[1-4]$/.test(ev.name) && naming === 'SEV') setSev(SEVERITY_IDS[Number(ev.name) - 1]!);
        else if (/^[0-3]$/.test(ev.name) && naming === 'P') setSev(SEVERITY_IDS[Number(ev.name)]!);
        else if (ev.name === 'enter') act(() => c.setSeverity(sev), `severity: ${sevLabel(sev, naming)}`);
        return true;
      }
      case 'phase':
        if (/^[1-5]$/.test(ev.name)) {
          const p = PHASES[Number(ev.name) - 1]!.id;
          if (p === 'resolved') {
            setItems(c.checklist());
            setText('');
            setMode('resolve');
          } else act(() => c.setPhase(p), `phase: ${phaseTitle(p)}`);
        }
        return true;
      case 'role':
        if (/^[1-4]$/.test(ev.name)) {
          const r = ROLES[Number(ev.name) - 1]!.id;
          setRole(r);
          setText(s.roles[r] ?? '');
          setMode('roleName');
        }
        return true;
      case 'roleName':
      case 'impact': {
        if (ev.name === 'enter') {
          if (mode === 'impact') act(() => c.setImpact(text), 'impact updated');
          else act(() => c.setRole(role, text), `${ROLES.find((x) => x.id === role)!.title}: ${text}`);
          return true;
        }
        const nv = editText(text, ev);
        if (nv !== undefined) setText(nv);
        return true;
      }
      case 'resolve': {
        if (ev.name === 'enter') {
          // One Enter, as the dialog says: a failed checklist is shown in red above and recorded.
          const passed = checklistPassed(items);
          act(
            () => {
              const r = c.resolve(!passed, text);
              if (!r.resolved) throw new Error('not resolved: the recovery checklist failed');
            },
            passed
              ? `incident ${s.id} resolved; recovery checklist passed`
              : `incident ${s.id} resolved with the recovery checklist NOT passed (recorded)`,
          );
          return true;
        }
        if (ev.name === 'ctrl+r') {
          setItems(c.checklist());
          return true;
        }
        const nv = editText(text, ev);
        if (nv !== undefined) setText(nv);
        return true;
      }
    }
    return true;
  });

  if (!s) return <Frame width={width} height={height} title="No incident — ! declares one" children={null} />;
  const head = `Incident ${s.id} — ${sevLabel(s.severity, naming)} — ${phaseTitle(s.phase)} — ${sanitize(s.title, 200)}`;
  let body: ReactNode;
  switch (mode) {
    case 'main':
      body = (
        <Box flexDirection="column">
          <Text wrap="wrap">{`  Impact: ${sanitize(s.impact, 300) || '—'}`}</Text>
          <Text wrap="wrap">{`  Roles:  ${ROLES.map((r) => `${r.short} ${s.roles[r.id] ? sanitize(s.roles[r.id]!, 60) : '—'}`).join(' · ')}`}</Text>
          <Text> </Text>
          <Text>{'  s  change severity        p  change phase          r  assign a role'}</Text>
          <Text>
            {'  m  update impact          u  status update         x  resolve (recovery checklist)'}
          </Text>
          <Text>{'  e  export the post-incident review (Markdown)      Esc close'}</Text>
          <Text>{`  l  escalate to level ${Math.min(c.escalation.levels.length, currentLevel(s) + 1)}`}</Text>
        </Box>
      );
      break;
    case 'severity':
      body = (
        <Box flexDirection="column">
          <Text>{`  Severity — ↑/↓ or ${naming === 'P' ? '0-3' : '1-4'}, Enter sets, Esc back`}</Text>
          <SeverityTable selected={sev} naming={naming} />
        </Box>
      );
      break;
    case 'phase':
      body = (
        <Box flexDirection="column">
          <Text>{'  Phase — 1-5, Esc back'}</Text>
          {PHASES.map((p, i) => (
            <Text key={p.id} inverse={p.id === s.phase} wrap="truncate">{`   ${i + 1}  ${p.title}`}</Text>
          ))}
        </Box>
      );
      break;
    case 'role':
      body = (
        <Box flexDirection="column">
          <Text>{'  Assign a role — 1-4, Esc back'}</Text>
          {ROLES.map((r, i) => (
            <Text
              key={r.id}
              wrap="truncate"
            >{`   ${i + 1}  ${r.title.padEnd(22)} ${s.roles[r.id] ? sanitize(s.roles[r.id]!, 60) : '—'}`}</Text>
          ))}
        </Box>
      );
      break;
    case 'roleName':
      body = (
        <Field
          label={ROLES.find((r) => r.id === role)!.title}
          value={text}
          active
          hint="Enter sets · Esc back"
        />
      );
      break;
    case 'impact':
      body = <Field label="Impact" value={text} active hint="Enter sets · Esc back" />;
      break;
    case 'resolve': {
      const passed = checklistPassed(items);
      body = (
        <Box flexDirection="column">
          <Text>{'  Recovery checklist (live) — ^R re-evaluates'}</Text>
          <ChecklistView items={items} />
          <Field label="Resolution summary" value={text} active hint="optional" />
          {passed ? (
            <Text color="green" wrap="wrap">
              {'  ● checklist passed — Enter resolves, Esc back'}
            </Text>
          ) : (
            <Text color="red" bold wrap="wrap">
              {'  ✖ checklist NOT passed — Enter resolves anyway (recorded as such), Esc back'}
            </Text>
          )}
        </Box>
      );
      break;
    }
  }
  return (
    <Frame width={width} height={height} title={head}>
      {body}
    </Frame>
  );
}

// ---- resume offer ---------------------------------------------------------------------------

export function ResumeDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const slice = useAppStore((s) => s.slices[INCIDENT]) as IncidentSlice | undefined;
  const offer = slice?.offer ?? [];
  useDialogKeys((ev) => {
    const n = ev.name === 'enter' || ev.name === 'y' ? 1 : /^[1-9]$/.test(ev.name) ? Number(ev.name) : 0;
    if (n && offer[n - 1]) {
      try {
        const s = c.open(offer[n - 1]!.path);
        const torn = c.journal?.torn;
        flash(
          store,
          torn
            ? `resumed ${s.id}; journal: ${torn.reason} at line ${torn.line} ignored, every earlier event kept`
            : `resumed incident ${s.id}`,
          torn ? 'warn' : 'info',
        );
      } catch (err) {
        flash(store, (err as Error).message, 'error');
      }
      closeModal(store);
      return true;
    }
    if (ev.name === 'escape' || ev.name === 'n') {
      c.dismissOffer();
      closeModal(store);
    }
    return true;
  });
  return (
    <Frame width={width} height={height} title="Open incident found — resume it?">
      {offer.slice(0, 9).map((o, i) => (
        <Text
          key={o.id}
          wrap="truncate"
        >{`  ${i + 1}  ${o.id}  ${sevLabel(o.severity, c.opts.naming).padEnd(16)} ${sanitize(o.title, 200)}`}</Text>
      ))}
      <Text> </Text>
      <Text>{'  Enter/y resumes the first · 1-9 picks one · n/Esc starts without an incident'}</Text>
    </Frame>
  );
}
