// The incident menu: severity, phase, roles, impact, a status update, resolve (with the live
// recovery checklist), export the review.
import { Box, Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useAppStore, useStoreApi } from '../hooks.js';
import type { OverlayProps } from '../overlays.js';
import { sanitize } from '../../util/sanitize.js';
import { checklistPassed } from '../../incident/adapters.js';
import { INCIDENT } from '../../incident/controller.js';
import { exportMarkdown } from '../../incident/export.js';
import { incidentsDir } from '../../incident/journal.js';
import { currentLevel } from '../../incident/escalation.js';
import {
  PHASES,
  ROLES,
  SEVERITY_IDS,
  phaseTitle,
  sevLabel,
  type CheckItem,
  type Role,
  type Severity,
} from '../../incident/model.js';
import { Field, fieldRows } from '../dialog/Field.js';
import { frameRows, textRows, useContentRows } from '../dialog/rows.js';
import { Frame } from '../dialog/Frame.js';
import { useDialogKeys, useLive } from '../dialog/live.js';
import { closeModal, ensureController, flash, openModal } from './common.js';
import { pickSeverity, SeverityTable } from './SeverityTable.js';
import { commandFor } from '../keymap.js';
import { editText } from '../dialog/text.js';

type MenuMode = 'main' | 'severity' | 'phase' | 'role' | 'roleName' | 'impact' | 'resolve';
/** Each step's keys (src/ui/incident/dialog-keys.ts). */
const MODE_SCOPE: Record<MenuMode, string> = {
  main: 'dialog.menu',
  severity: 'dialog.menu.severity',
  phase: 'dialog.menu.phase',
  role: 'dialog.menu.role',
  roleName: 'dialog.menu.text',
  impact: 'dialog.menu.text',
  resolve: 'dialog.menu.resolve',
};

const checkText = (i: CheckItem) =>
  `   ${i.ok === true ? '●' : i.ok === false ? '✖' : '·'} ${i.name.padEnd(28)} ${sanitize(i.detail, 300)}`;

function ChecklistView({ items }: { items: CheckItem[] }) {
  return (
    <Box flexDirection="column">
      {items.map((i) => (
        <Text key={i.name} wrap="wrap" color={i.ok === true ? 'green' : i.ok === false ? 'red' : 'gray'}>
          {checkText(i)}
        </Text>
      ))}
    </Box>
  );
}

export function MenuDialog({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const c = useMemo(() => ensureController(store), [store]);
  const slice = useAppStore((s) => s.slices[INCIDENT]);
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
    const cmd = commandFor(MODE_SCOPE[mode], ev.name);
    if (cmd === 'dialog.cancel') {
      if (mode === 'main') closeModal(store);
      else setMode(mode === 'roleName' ? 'role' : 'main');
      return true;
    }
    switch (mode) {
      case 'main':
        switch (cmd) {
          case 'menu.severity':
            setSev(s.severity);
            setMode('severity');
            break;
          case 'menu.phase':
            setMode('phase');
            break;
          case 'menu.role':
            setMode('role');
            break;
          case 'menu.impact':
            setText(s.impact);
            setMode('impact');
            break;
          case 'incident.update':
            openModal(store, 'incident.update');
            break;
          case 'menu.resolve':
            setItems(c.checklist());
            setText('');
            setMode('resolve');
            break;
          case 'menu.escalate': {
            // Escalate to the next level of the ladder (incident.escalation): recorded in the journal.
            const to = Math.min(c.escalation.levels.length, currentLevel(s) + 1);
            const who = c.escalation.levels[to - 1] ?? `level ${to}`;
            act(() => c.escalate(to, who), `escalated to level ${to} (${who})`);
            break;
          }
          case 'menu.export': {
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
        const next = pickSeverity(cmd, ev.name, sev, naming);
        if (next) setSev(next);
        else if (cmd === 'dialog.submit') act(() => c.setSeverity(sev), `severity: ${sevLabel(sev, naming)}`);
        return true;
      }
      case 'phase':
        if (cmd === 'menu.pick') {
          const p = PHASES[Number(ev.name) - 1]!.id;
          if (p === 'resolved') {
            setItems(c.checklist());
            setText('');
            setMode('resolve');
          } else act(() => c.setPhase(p), `phase: ${phaseTitle(p)}`);
        }
        return true;
      case 'role':
        if (cmd === 'menu.pick') {
          const r = ROLES[Number(ev.name) - 1]!.id;
          setRole(r);
          setText(s.roles[r] ?? '');
          setMode('roleName');
        }
        return true;
      case 'roleName':
      case 'impact': {
        if (cmd === 'dialog.submit') {
          if (mode === 'impact') act(() => c.setImpact(text), 'impact updated');
          else act(() => c.setRole(role, text), `${ROLES.find((x) => x.id === role)!.title}: ${text}`);
          return true;
        }
        const nv = editText(text, ev);
        if (nv !== undefined) setText(nv);
        return true;
      }
      case 'resolve': {
        if (cmd === 'dialog.submit') {
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
        if (cmd === 'resolve.recheck') {
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

  const head = s
    ? `Incident ${s.id} — ${sevLabel(s.severity, naming)} — ${phaseTitle(s.phase)} — ${sanitize(s.title, 200)}`
    : 'No incident — ! declares one';
  let body: ReactNode = null;
  let rows = 0;
  if (s)
    switch (mode) {
      case 'main':
        {
          const lines = [
            `  Impact: ${sanitize(s.impact, 300) || '—'}`,
            `  Roles:  ${ROLES.map((r) => `${r.short} ${s.roles[r.id] ? sanitize(s.roles[r.id]!, 60) : '—'}`).join(' · ')}`,
            ' ',
            '  s  change severity        p  change phase          r  assign a role',
            '  m  update impact          u  status update         x  resolve (recovery checklist)',
            '  e  export the post-incident review (Markdown)      Esc close',
            `  l  escalate to level ${Math.min(c.escalation.levels.length, currentLevel(s) + 1)}`,
          ];
          rows = textRows(lines, width);
          body = (
            <Box flexDirection="column">
              {lines.map((l, i) => (
                <Text key={i} wrap="wrap">
                  {l}
                </Text>
              ))}
            </Box>
          );
        }
        break;
      case 'severity':
        rows = 1 + SEVERITY_IDS.length;
        body = (
          <Box flexDirection="column">
            <Text>{`  Severity — ↑/↓ or ${naming === 'P' ? '0-3' : '1-4'}, Enter sets, Esc back`}</Text>
            <SeverityTable selected={sev} naming={naming} />
          </Box>
        );
        break;
      case 'phase':
        rows = 1 + PHASES.length;
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
        rows = 1 + ROLES.length;
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
      case 'impact': {
        const f = {
          label: mode === 'impact' ? 'Impact' : ROLES.find((r) => r.id === role)!.title,
          value: text,
          active: true,
          hint: 'Enter sets · Esc back',
        };
        rows = fieldRows(f, width);
        body = <Field {...f} />;
        break;
      }
      case 'resolve': {
        const passed = checklistPassed(items);
        const f = { label: 'Resolution summary', value: text, active: true, hint: 'optional' };
        const verdict = passed
          ? '  ● checklist passed — Enter resolves, Esc back'
          : '  ✖ checklist NOT passed — Enter resolves anyway (recorded as such), Esc back';
        rows = 1 + textRows(items.map(checkText), width) + fieldRows(f, width) + textRows([verdict], width);
        body = (
          <Box flexDirection="column">
            <Text>{'  Recovery checklist (live) — ^R re-evaluates'}</Text>
            <ChecklistView items={items} />
            <Field {...f} />
            {passed ? (
              <Text color="green" wrap="wrap">
                {verdict}
              </Text>
            ) : (
              <Text color="red" bold wrap="wrap">
                {verdict}
              </Text>
            )}
          </Box>
        );
        break;
      }
    }
  // Sized to the step shown (the checklist can be long; the main menu is a few rows).
  useContentRows(frameRows(head, rows, width));
  return (
    <Frame width={width} height={height} title={head}>
      {body}
    </Frame>
  );
}
