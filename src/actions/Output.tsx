// The output dialog of an operation that prints (a runbook command in a pod): the command line
// whole (wrapped, never cut), then what it prints as it comes — the newest rows at the bottom,
// stderr in yellow — and, once it is over, its outcome (exit code). Every line is made safe and
// redacted as it is drawn (sanitize); colour codes the command prints are dropped. PgUp/PgDn
// scroll back; Esc stops following while it runs (the command may go on in the pod), and
// closes the dialog after. ^Y copies the command line.
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { copyToClipboard } from '../ui/clipboard.js';
import { rowCount, wrapRows } from '../ui/dialog/wrap.js';
import { Frame } from '../ui/dialog/Frame.js';
import { useAppStore, useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { commandFor } from '../ui/keymap.js';
import type { OverlayProps } from '../ui/overlays.js';
import { sanitize } from '../util/sanitize.js';
import {
  abortRunning,
  ACTIONS,
  closeOutput,
  flash,
  type ActionsSlice,
  type OutputLine,
} from './controller.js';

/** SGR colour codes (`ESC[…m`) that commands print: dropped, the rest is sanitized. */
const SGR = /\x1b\[[0-9;]*m/g;

interface Row {
  text: string;
  err: boolean;
}

function rowsOf(lines: OutputLine[], width: number): Row[] {
  return lines.flatMap((l) =>
    wrapRows(sanitize(l.text.replace(SGR, ''), 4000) || ' ', width, { first: ' ', indent: '   ' }).map(
      (text) => ({ text, err: l.err }),
    ),
  );
}

export function Output({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const view = useAppStore((s) => (s.slices[ACTIONS] as ActionsSlice | undefined)?.output);
  // Rows scrolled back from the newest (0: following the end).
  const [back, setBack] = useState(0);
  const [copied, setCopied] = useState<string | undefined>();
  const scroll = useRef({ max: 0, page: 1 });

  useKeys('dialog', (ev) => {
    const cmd = commandFor('dialog', ev.name);
    if (cmd === 'dialog.cancel') {
      if (view && !view.done) abortRunning(store);
      else closeOutput(store);
      return true;
    }
    if (cmd === 'dialog.pageUp' || cmd === 'dialog.pageDown') {
      const { max, page } = scroll.current;
      setBack((b) => Math.max(0, Math.min(max, b + (cmd === 'dialog.pageUp' ? page : -page))));
      return true;
    }
    if (cmd === 'dialog.copy' && view) {
      void copyToClipboard(view.command).then((r) => {
        setCopied(r.note);
        flash(store, r.note, r.ok ? 'info' : 'warn');
      });
      return true;
    }
    return true;
  });

  if (!view) return null;
  const inner = width - 2;
  const title = ` ${sanitize(view.title, 300)} · ${view.done ? 'finished' : 'running…'}`;
  const commandRows = wrapRows(sanitize(view.command, 4000), inner, { first: ' $ ', indent: '     ' });
  const status = view.done ? ` ${sanitize(view.done.text, 2000)}` : ' running: output appears as it comes';
  const help = view.done
    ? ` Esc closes · PgUp/PgDn scroll · ^Y copies the command${copied ? ` (${copied})` : ''}`
    : ' Esc stops following (the command may go on in the pod) · PgUp/PgDn scroll';
  const kept = view.total - view.lines.length - (view.partial ? 1 : 0);
  const statusText = (below: number) =>
    `${status}${below ? `  (${below} rows below)` : ''}${kept > 0 ? `  (${kept} earlier lines not kept)` : ''}`;
  const fixed =
    2 +
    rowCount(title, inner) +
    commandRows.length +
    rowCount(statusText(back), inner) +
    rowCount(help, inner);
  const room = Math.max(1, height - fixed);
  const rows = rowsOf(view.partial ? [...view.lines, view.partial] : view.lines, inner);
  const max = Math.max(0, rows.length - room);
  const off = Math.min(back, max);
  scroll.current = { max, page: Math.max(1, room - 1) };
  const end = rows.length - off;
  const shown = rows.slice(Math.max(0, end - room), end);
  const at = (s: string) => ({ height: rowCount(s, inner), width: inner });
  return (
    <Frame
      width={width}
      height={height}
      border="round"
      color={view.done ? (view.done.tone === 'info' ? 'green' : 'red') : 'cyan'}
      titleRows={rowCount(title, inner)}
      title={title.slice(1)}
    >
      {commandRows.map((r, i) => (
        <Box key={`c${i}`} height={1} width={inner}>
          <Text wrap="truncate" color="cyan">
            {r}
          </Text>
        </Box>
      ))}
      <Box flexDirection="column" height={room} width={inner}>
        {rows.length === 0 ? (
          <Text dimColor wrap="truncate">
            {view.done ? ' (no output)' : ' (no output yet)'}
          </Text>
        ) : (
          shown.map((r, i) => (
            <Box key={i} height={1} width={inner}>
              <Text wrap="truncate" color={r.err ? 'yellow' : undefined}>
                {r.text}
              </Text>
            </Box>
          ))
        )}
      </Box>
      <Box {...at(statusText(off))}>
        <Text
          wrap="wrap"
          bold={!!view.done}
          color={view.done ? (view.done.tone === 'info' ? 'green' : 'red') : undefined}
          dimColor={!view.done}
        >
          {statusText(off)}
        </Text>
      </Box>
      <Box {...at(help)}>
        <Text dimColor wrap="wrap">
          {help}
        </Text>
      </Box>
    </Frame>
  );
}
