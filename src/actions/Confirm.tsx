// The confirm dialog: the preview (target, parameters, impact, blast radius in red, the exact
// command, the dry-run result) and one or two text fields. It mutates only when the short
// target name (and, for destructive actions or production contexts, the context name) is typed
// exactly; Enter or y alone never do. Escape cancels. When another responder is acting on the
// same target (src/ops/inflight/), the dialog says who and what, and a second Enter is needed.
// The target was captured at the key press.
// What is confirmed is read in full: every line wraps (src/ui/dialog/wrap.ts), nothing is cut;
// when the preview is taller than the dialog, the target, blast radius, dry run and command stay
// and the impact list scrolls (PgUp/PgDn).
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { useAppStore, useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { commandFor } from '../ui/keymap.js';
import type { OverlayProps } from '../ui/overlays.js';
import { rowCount, wrapRows } from '../ui/dialog/wrap.js';
import { Frame } from '../ui/dialog/Frame.js';
import { sanitize } from '../util/sanitize.js';
import { answerConfirm, flash, ACTIONS } from './controller.js';
import { riskColor, riskLabel } from './text.js';
import { editText, isEditKey } from '../ui/dialog/text.js';
import { copyToClipboard } from '../ui/clipboard.js';

interface Row {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

interface Part {
  text: string;
  first: string;
  indent?: string;
  color?: string;
  bold?: boolean;
}

const rowsOf = (parts: Part[], width: number): Row[] =>
  parts.flatMap((p) =>
    wrapRows(sanitize(p.text, 4000), width, {
      first: p.first,
      ...(p.indent ? { indent: p.indent } : {}),
    }).map((text) => ({ text, ...(p.color ? { color: p.color } : {}), ...(p.bold ? { bold: true } : {}) })),
  );

export function Confirm({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const slice = useAppStore((s) => s.slices[ACTIONS]);
  const c = slice?.confirm;
  const [name, setName] = useState('');
  const [ctx, setCtx] = useState('');
  const [field, setField] = useState<'name' | 'context'>('name');
  const [error, setError] = useState<string | undefined>();
  const [copied, setCopied] = useState<string | undefined>();
  const [offset, setOffset] = useState(0);
  // Others are acting on the target: a second Enter, after the names match, confirms anyway.
  const [onceMore, setOnceMore] = useState(false);
  // The scroll range of the impact list, as last drawn (read by the key handler).
  const scroll = useRef({ max: 0, page: 1 });

  useKeys('dialog', (ev) => {
    if (!c) return true;
    const req = c.request;
    const cmd = commandFor('dialog', ev.name);
    if (cmd === 'dialog.cancel') {
      answerConfirm(store, { confirmed: false });
      return true;
    }
    if (cmd === 'dialog.pageDown' || cmd === 'dialog.pageUp') {
      const { max, page } = scroll.current;
      const step = cmd === 'dialog.pageDown' ? page : -page;
      setOffset((o) => Math.max(0, Math.min(max, o + step)));
      return true;
    }
    if (cmd === 'dialog.copy') {
      // Safe: copying the equivalent command changes nothing (for the incident channel).
      // The dialog and the flash say which path was used (tmux buffer, OSC 52, or not copied).
      setError(undefined);
      void copyToClipboard(req.plan.command).then((r) => {
        setCopied(r.note);
        flash(store, r.note, r.ok ? 'info' : 'warn');
      });
      return true;
    }
    if (cmd === 'dialog.next' || cmd === 'dialog.prev') {
      if (req.requireContext) setField((f) => (f === 'name' ? 'context' : 'name'));
      return true;
    }
    if (cmd === 'dialog.submit') {
      if (name !== req.requireName) {
        setField('name');
        setError(`type ${req.requireName} exactly to confirm (Esc cancels)`);
        return true;
      }
      if (req.requireContext && ctx !== req.requireContext) {
        setField('context');
        setError(
          field === 'name' && !ctx
            ? undefined
            : `type the context ${req.requireContext} exactly (Esc cancels)`,
        );
        return true;
      }
      if (req.others?.length && !onceMore) {
        setOnceMore(true);
        return true;
      }
      answerConfirm(store, {
        confirmed: true,
        typedName: name,
        typedContext: req.requireContext ? ctx : undefined,
        ...(req.others?.length ? { overrideOthers: true } : {}),
      });
      return true;
    }
    const set = field === 'name' ? setName : setCtx;
    if (isEditKey(ev)) {
      setOnceMore(false);
      set((v) => (editText(v, ev) ?? v).slice(0, 200));
      if (ev.name !== 'backspace') setError(undefined);
    }
    return true;
  });

  if (!c) return null;
  const { plan, requireName, requireContext, others, unchecked } = c.request;
  const t = plan.target;
  const inner = width - 2;
  const head: Part[] = [
    {
      first: ' Target   ',
      text: [`context ${t.context}`, t.namespace ? `namespace ${t.namespace}` : '', `${t.kind} ${t.name}`]
        .filter(Boolean)
        .join(' · '),
    },
  ];
  // Someone else is acting on it (the shared database's advisory lock), or that is unknown.
  for (const o of others ?? [])
    head.push({ first: ' ▲ Acting now: ', indent: '   ', text: o, color: 'red', bold: true });
  if (unchecked) head.push({ first: ' ▲ ', indent: '   ', text: unchecked, color: 'yellow' });
  if (t.production)
    head.push({
      first: '          ',
      text: 'PRODUCTION context (kubernetes.production)',
      color: 'red',
      bold: true,
    });
  const params = Object.entries(plan.params);
  if (params.length) head.push({ first: ' Params   ', text: params.map(([k, v]) => `${k}=${v}`).join('  ') });
  head.push({ first: ' ', text: 'Impact', bold: true });
  const impact: Part[] = plan.impact.map((l) => ({ first: '   ', text: l }));
  const tail: Part[] = [];
  // Destructive plans and production contexts show the blast radius in red.
  const red = plan.risk === 'destructive' || !!t.production;
  const blast =
    plan.blastRadius ??
    (t.production ? `production context ${t.context}: ${plan.impact[0] ?? ''}` : undefined);
  if (blast)
    tail.push({
      first: ' Blast radius: ',
      indent: '   ',
      text: blast,
      color: red ? 'red' : 'yellow',
      bold: red,
    });
  if (plan.dryRun)
    tail.push({
      first: ` Dry run  ${plan.dryRun.ok ? '● ' : '✖ '}`,
      indent: '          ',
      text: plan.dryRun.text,
      color: plan.dryRun.ok ? 'green' : 'red',
    });
  tail.push({ first: ' ', text: 'Command', bold: true });
  tail.push({ first: '   ', text: plan.command, color: 'cyan' });

  const headRows = rowsOf(head, inner);
  const impactRows = rowsOf(impact, inner);
  const tailRows = rowsOf(tail, inner);

  // The fields and their messages, each wrapped (a long name or context is never cut either).
  const scrollHint = ' · PgDn/PgUp';
  const title = ` Confirm: ${sanitize(c.title, 300)}  ${riskLabel(plan.risk)}`;
  const nameLine = `${field === 'name' ? ' › ' : '   '}Type the ${t.kind === 'backend' ? 'pid' : 'name'} ${sanitize(requireName, 200)}: ${sanitize(name, 200) || ' '}${name && name === requireName ? ' ✓' : ''}`;
  const ctxLine = requireContext
    ? `${field === 'context' ? ' › ' : '   '}and the context ${sanitize(requireContext, 200)}: ${sanitize(ctx, 200) || ' '}${ctx && ctx === requireContext ? ' ✓' : ''}`
    : '';
  const helpLine = requireContext
    ? ' Tab switches field · Enter confirms when both match'
    : ' Enter confirms when it matches';
  const msgFor = (scrolls: boolean) =>
    onceMore
      ? ` ▲ ${others?.length === 1 ? 'someone else is' : 'others are'} acting on ${t.name} now: Enter again to act anyway, Esc cancels`
      : error
        ? ` ✖ ${error}`
        : ` Nothing has changed yet. Esc cancels · ^Y copies the command${copied ? ` (${copied})` : ''}${scrolls ? scrollHint : ''}`;
  const fixed = (scrolls: boolean) =>
    2 +
    rowCount(title, inner) +
    rowCount(msgFor(scrolls), inner) +
    rowCount(nameLine, inner) +
    (requireContext ? rowCount(ctxLine, inner) : 0) +
    rowCount(helpLine, inner);

  const all = [...headRows, ...impactRows, ...tailRows];
  let shown: Row[] = all;
  let scrolls = false;
  if (all.length > Math.max(1, height - fixed(false))) {
    scrolls = true;
    const room = Math.max(1, height - fixed(true));
    const avail = room - headRows.length - tailRows.length - 1;
    if (avail >= 1) {
      // The impact list scrolls; target, blast radius, dry run and the command stay in full.
      const max = Math.max(0, impactRows.length - avail);
      const off = Math.min(offset, max);
      scroll.current = { max, page: Math.max(1, avail - 1) };
      const below = impactRows.length - off - avail;
      shown = [
        ...headRows,
        ...impactRows.slice(off, off + avail),
        {
          text: `   … ${off ? `${off} above · ` : ''}${Math.max(0, below)} more below (of ${impactRows.length} impact lines)`,
          dim: true,
        },
        ...tailRows,
      ];
    } else {
      // Not even the command fits beside the target: the whole preview scrolls.
      const win = Math.max(1, room - 1);
      const max = Math.max(0, all.length - win);
      const off = Math.min(offset, max);
      scroll.current = { max, page: Math.max(1, win - 1) };
      shown = [
        ...all.slice(off, off + win),
        { text: `   … rows ${off + 1}-${Math.min(all.length, off + win)} of ${all.length}`, dim: true },
      ];
    }
  } else scroll.current = { max: 0, page: 1 };
  const room = Math.max(1, height - fixed(scrolls));
  const at = (s: string) => ({ height: rowCount(s, inner), width: inner });
  return (
    <Frame
      width={width}
      height={height}
      color={plan.risk === 'destructive' || t.production ? 'red' : 'yellow'}
      titleRows={rowCount(title, inner)}
      title={
        <>
          {` Confirm: ${sanitize(c.title, 300)}  `}
          <Text color={riskColor(plan.risk)}>{riskLabel(plan.risk)}</Text>
        </>
      }
    >
      <Box flexDirection="column" height={room} width={inner}>
        {shown.map((l, i) => (
          <Box key={i} height={1} width={inner}>
            <Text wrap="truncate" color={l.color} bold={l.bold} dimColor={l.dim}>
              {l.text}
            </Text>
          </Box>
        ))}
      </Box>
      <Box {...at(msgFor(scrolls))}>
        <Text
          wrap="wrap"
          color={error || onceMore ? 'red' : undefined}
          bold={onceMore}
          dimColor={!error && !onceMore}
        >
          {msgFor(scrolls)}
        </Text>
      </Box>
      <Box {...at(nameLine)}>
        <Text wrap="wrap">
          {`${field === 'name' ? ' › ' : '   '}Type the ${t.kind === 'backend' ? 'pid' : 'name'} `}
          <Text bold>{sanitize(requireName, 200)}</Text>
          {': '}
          <Text inverse={field === 'name'}>{sanitize(name, 200) || ' '}</Text>
          {name && name === requireName ? <Text color="green"> ✓</Text> : null}
        </Text>
      </Box>
      {requireContext ? (
        <Box {...at(ctxLine)}>
          <Text wrap="wrap">
            {`${field === 'context' ? ' › ' : '   '}and the context `}
            <Text bold color="red">
              {sanitize(requireContext, 200)}
            </Text>
            {': '}
            <Text inverse={field === 'context'}>{sanitize(ctx, 200) || ' '}</Text>
            {ctx && ctx === requireContext ? <Text color="green"> ✓</Text> : null}
          </Text>
        </Box>
      ) : null}
      <Box {...at(helpLine)}>
        <Text dimColor wrap="wrap">
          {helpLine}
        </Text>
      </Box>
    </Frame>
  );
}
