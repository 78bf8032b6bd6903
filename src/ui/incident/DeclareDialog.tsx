// Declare an incident: title, severity, impact, start time (UTC), roles.
import { Text } from 'ink';
import { useMemo } from 'react';
import { useStoreApi } from '../hooks.js';
import type { KeyEvent } from '../keys.js';
import type { OverlayProps } from '../overlays.js';
import { ROLES, SEVERITY_IDS, sevLabel, type Role, type Severity } from '../../incident/model.js';
import { Field, fieldRows } from '../dialog/Field.js';
import { frameRows, textRows, useContentRows } from '../dialog/rows.js';
import { Frame } from '../dialog/Frame.js';
import { useDialogKeys, useLive } from '../dialog/live.js';
import { closeModal, ensureController, flash } from './common.js';
import { pickSeverity, SeverityTable } from './SeverityTable.js';
import { commandFor } from '../keymap.js';
import { editText } from '../dialog/text.js';
import { formatStart, parseStart } from './text.js';

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
    const cmd = commandFor('dialog.declare', ev.name);
    switch (cmd) {
      case 'dialog.cancel':
        closeModal(store);
        return true;
      case 'dialog.submit':
        submit();
        return true;
      case 'dialog.next':
        setAt((a) => (a + 1) % DECLARE_FIELDS.length);
        return true;
      case 'dialog.prev':
        setAt((a) => (a + DECLARE_FIELDS.length - 1) % DECLARE_FIELDS.length);
        return true;
    }
    if (field === 'severity') {
      const next = pickSeverity(cmd, ev.name, v.severity as Severity, naming);
      if (next) setV((x) => ({ ...x, severity: next }));
      return true;
    }
    const nv = editText(v[field], ev);
    if (nv !== undefined) {
      setV((x) => ({ ...x, [field]: nv }));
      setError(undefined);
    }
    return true;
  });

  const title = 'Declare an incident — Tab/↓ next field · ↑ previous · Enter declares · Esc cancels';
  const fields = {
    title: {
      label: 'Title',
      value: v.title,
      active: field === 'title',
      hint: 'what is broken, in a few words',
    },
    severity: {
      label: 'Severity',
      value: sevLabel(v.severity as Severity, naming),
      active: field === 'severity',
      hint: `←/→ or ${naming === 'P' ? '0-3' : '1-4'}`,
    },
    impact: { label: 'Impact', value: v.impact, active: field === 'impact', hint: 'who is affected and how' },
    started: {
      label: 'Started (UTC)',
      value: v.started,
      active: field === 'started',
      hint: 'when the alert fired: YYYY-MM-DD HH:MM, HH:MM or -15m (^U clears)',
    },
  };
  const roles = ROLES.map((r) => ({ key: r.id, label: r.title, value: v[r.id], active: field === r.id }));
  const errorText = error ? `✖ ${error}` : undefined;
  useContentRows(
    frameRows(
      title,
      [fields.title, fields.severity, fields.impact, fields.started, ...roles].reduce(
        (n, f) => n + fieldRows(f, width),
        SEVERITY_IDS.length,
      ) + (errorText ? textRows([errorText], width) : 0),
      width,
    ),
  );
  return (
    <Frame width={width} height={height} title={title}>
      <Field {...fields.title} />
      <Field {...fields.severity} />
      <SeverityTable selected={v.severity as Severity} naming={naming} />
      <Field {...fields.impact} />
      <Field {...fields.started} />
      {roles.map(({ key, ...f }) => (
        <Field key={key} {...f} />
      ))}
      {errorText ? (
        <Text color="red" wrap="wrap">
          {errorText}
        </Text>
      ) : null}
    </Frame>
  );
}
