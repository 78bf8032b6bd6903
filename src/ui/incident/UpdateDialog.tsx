// A status update from the runbooks' templates: pick one, edit it line by line (lines wrap),
// then copy and save it (and mark it sent, which resets the cadence timer).
import { Text } from 'ink';
import { useMemo } from 'react';
import { useStoreApi } from '../hooks.js';
import type { OverlayProps } from '../overlays.js';
import { sanitize } from '../../util/sanitize.js';
import { TEMPLATES, type TemplateKind } from '../../incident/model.js';
import { copyToClipboard } from '../clipboard.js';
import { Frame } from '../dialog/Frame.js';
import { frameRows, textRows, useContentRows } from '../dialog/rows.js';
import { useDialogKeys, useLive } from '../dialog/live.js';
import { rowCount, wrapRows } from '../dialog/wrap.js';
import { closeModal, ensureController, flash } from './common.js';
import { editText } from '../dialog/text.js';
import { commandFor } from '../keymap.js';

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
      const cmd = commandFor('dialog.update.pick', ev.name);
      if (cmd === 'dialog.cancel') closeModal(store);
      if (cmd === 'update.template') pick(TEMPLATES[Number(ev.name) - 1]!.id);
      return true;
    }
    switch (commandFor('dialog.update', ev.name)) {
      case 'dialog.cancel':
        setKind(undefined);
        return true;
      case 'dialog.prev':
        setRow((r) => Math.max(0, r - 1));
        return true;
      case 'dialog.next':
        setRow((r) => Math.min(lines.length - 1, r + 1));
        return true;
      case 'update.newLine':
        setLines((ls) => [...ls.slice(0, row + 1), '', ...ls.slice(row + 1)]);
        setRow((r) => r + 1);
        return true;
      case 'update.deleteLine':
        setLines((ls) => (ls.length > 1 ? ls.filter((_, i) => i !== row) : ['']));
        setRow((r) => Math.max(0, Math.min(r, lines.length - 2)));
        return true;
      case 'update.send':
        finish(true);
        return true;
      case 'update.save':
        finish(false);
        return true;
    }
    if (commandFor('dialog.text', ev.name) === 'text.deleteChar' && lines[row] === '' && lines.length > 1) {
      setLines((ls) => ls.filter((_, i) => i !== row));
      setRow((r) => Math.max(0, r - 1));
      return true;
    }
    const nv = editText(lines[row] ?? '', ev);
    if (nv !== undefined) setLines((ls) => ls.map((l, i) => (i === row ? nv : l)));
    return true;
  });

  const pickTitle = 'Status update — pick a template (1-5) · Esc closes';
  const pickHelp =
    '  Filled from the incident (severity, status, impact, start, duration, roles, actions taken) and the panes’ current figures.';
  const head = kind
    ? `${TEMPLATES.find((t) => t.id === kind)!.title} — ↑/↓ line · type to edit · Enter new line · ^K delete line · ^S copy+save+mark sent · ^Y copy+save · Esc back`
    : '';
  const inner = width - 2;
  const wrapped = lines.map((l, i) =>
    wrapRows(`${sanitize(l, 1000)}${i === row ? '▏' : ''}`, inner, { first: i === row ? '▶ ' : '  ' }),
  );
  // Sized to the content: the picker is a few rows; a long preview takes the whole body.
  useContentRows(
    kind
      ? frameRows(head, wrapped.reduce((n, w) => n + w.length, 0) + (msg ? rowCount(msg, inner) : 0), width)
      : frameRows(pickTitle, TEMPLATES.length + 1 + textRows([pickHelp], width), width),
  );
  if (!kind) {
    return (
      <Frame width={width} height={height} title={pickTitle}>
        {TEMPLATES.map((t, i) => (
          <Text key={t.id} wrap="truncate">{`  ${i + 1}  ${t.title}`}</Text>
        ))}
        <Text> </Text>
        <Text dimColor wrap="wrap">
          {pickHelp}
        </Text>
      </Frame>
    );
  }
  // Every line wraps (never cut): the window is counted in screen rows, the active line whole.
  const body = Math.max(1, height - 2 - rowCount(` ${head}`, inner) - (msg ? rowCount(msg, inner) : 0));
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
