// The confirm dialog: the preview (target, parameters, impact, blast radius in red, the exact
// command, the dry-run result) and one or two text fields. It mutates only when the short
// target name (and, for destructive actions or production contexts, the context name) is typed
// exactly; Enter or y alone never do. Escape cancels. The target was captured at the key press.
import { Box, Text } from 'ink';
import { useState } from 'react';
import { useAppStore } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import type { OverlayProps } from '../ui/overlays.js';
import { sanitize } from '../util/sanitize.js';
import { answerConfirm, type ActionsSlice, ACTIONS } from './controller.js';
import { copyToClipboard, isPrintable, riskColor, riskLabel } from './text.js';

interface Line {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export function Confirm({ width, height }: OverlayProps) {
  const slice = useAppStore((s) => s.slices[ACTIONS] as ActionsSlice | undefined);
  const c = slice?.confirm;
  const [name, setName] = useState('');
  const [ctx, setCtx] = useState('');
  const [field, setField] = useState<'name' | 'context'>('name');
  const [error, setError] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);

  useKeys('dialog', (ev) => {
    if (!c) return true;
    const req = c.request;
    if (ev.name === 'escape') {
      answerConfirm({ confirmed: false });
      return true;
    }
    if (ev.name === 'ctrl+y') {
      // Safe: copying the equivalent command changes nothing (for the incident channel).
      copyToClipboard(req.plan.command);
      setError(undefined);
      setCopied(true);
      return true;
    }
    if (ev.name === 'tab' || ev.name === 'shift+tab' || ev.name === 'up' || ev.name === 'down') {
      if (req.requireContext) setField((f) => (f === 'name' ? 'context' : 'name'));
      return true;
    }
    if (ev.name === 'enter') {
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
      answerConfirm({ confirmed: true, typedName: name, typedContext: req.requireContext ? ctx : undefined });
      return true;
    }
    const set = field === 'name' ? setName : setCtx;
    if (ev.name === 'backspace') {
      set((v) => v.slice(0, -1));
      return true;
    }
    if (isPrintable(ev)) {
      set((v) => (v + ev.input).slice(0, 200));
      setError(undefined);
    }
    return true;
  });

  if (!c) return null;
  const { plan, requireName, requireContext } = c.request;
  const t = plan.target;
  const inner = width - 2;
  const lines: Line[] = [];
  lines.push({
    text: `Target   ${[`context ${t.context}`, t.namespace ? `namespace ${t.namespace}` : '', `${t.kind} ${t.name}`].filter(Boolean).join(' · ')}`,
  });
  if (t.production)
    lines.push({ text: `         PRODUCTION context (kubernetes.production)`, color: 'red', bold: true });
  const params = Object.entries(plan.params);
  if (params.length) lines.push({ text: `Params   ${params.map(([k, v]) => `${k}=${v}`).join('  ')}` });
  lines.push({ text: 'Impact', bold: true });
  for (const l of plan.impact) lines.push({ text: `  ${l}` });
  // Destructive plans and production contexts show the blast radius in red.
  const red = plan.risk === 'destructive' || !!t.production;
  const blast =
    plan.blastRadius ??
    (t.production ? `production context ${t.context}: ${plan.impact[0] ?? ''}` : undefined);
  if (blast) lines.push({ text: `Blast radius: ${blast}`, color: red ? 'red' : 'yellow', bold: red });
  if (plan.dryRun)
    lines.push({
      text: `Dry run  ${plan.dryRun.ok ? '● ' : '✖ '}${plan.dryRun.text}`,
      color: plan.dryRun.ok ? 'green' : 'red',
    });
  lines.push({ text: 'Command', bold: true });
  lines.push({ text: `  ${plan.command}`, color: 'cyan' });

  // Fields always stay visible: the preview is windowed above them.
  const fieldLines = 2 + (requireContext ? 1 : 0) + 1;
  const room = Math.max(1, height - 2 - 1 - fieldLines);
  let shown = lines;
  if (lines.length > room) {
    // keep the command (last two lines) and cut the impact list in the middle
    const tail = lines.slice(-2);
    const head = lines.slice(0, Math.max(0, room - 3));
    shown = [...head, { text: `  … ${lines.length - head.length - 2} more lines`, dim: true }, ...tail];
  }
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle="double"
      borderColor={plan.risk === 'destructive' || t.production ? 'red' : 'yellow'}
    >
      <Box height={1} width={inner}>
        <Text wrap="truncate" bold>
          {` Confirm: ${c.title}  `}
          <Text color={riskColor(plan.risk)}>{riskLabel(plan.risk)}</Text>
        </Text>
      </Box>
      <Box flexDirection="column" height={room} width={inner}>
        {shown.map((l, i) => (
          <Box key={i} height={1} width={inner}>
            <Text wrap="truncate" color={l.color} bold={l.bold} dimColor={l.dim}>
              {` ${sanitize(l.text, 1000)}`}
            </Text>
          </Box>
        ))}
      </Box>
      <Box height={1} width={inner}>
        <Text wrap="truncate" color={error ? 'red' : undefined} dimColor={!error}>
          {error
            ? ` ✖ ${error}`
            : ` Nothing has changed yet. Esc cancels · ^Y copies the command${copied ? ' (copied)' : ''}`}
        </Text>
      </Box>
      <Box height={1} width={inner}>
        <Text wrap="truncate">
          {`${field === 'name' ? ' › ' : '   '}Type the ${t.kind === 'backend' ? 'pid' : 'name'} `}
          <Text bold>{sanitize(requireName, 200)}</Text>
          {': '}
          <Text inverse={field === 'name'}>{sanitize(name, 200) || ' '}</Text>
          {name && name === requireName ? <Text color="green"> ✓</Text> : null}
        </Text>
      </Box>
      {requireContext ? (
        <Box height={1} width={inner}>
          <Text wrap="truncate">
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
      <Box height={1} width={inner}>
        <Text dimColor wrap="truncate">
          {requireContext
            ? ' Tab switches field · Enter confirms when both match'
            : ' Enter confirms when it matches'}
        </Text>
      </Box>
    </Box>
  );
}
