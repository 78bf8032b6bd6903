// The parameter form of an operation (replicas, env KEY=VALUE, minutes, key pattern, paths):
// Tab / ↑↓ move between fields, Enter submits (validated by the runner), Esc cancels. A field
// with completions (complete.ts) lists them and Tab completes the word being typed first.
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { useAppStore, useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { commandFor } from '../ui/keymap.js';
import type { OverlayProps } from '../ui/overlays.js';
import { sanitize } from '../util/sanitize.js';
import { rowCount } from '../ui/dialog/wrap.js';
import { complete, currentWord, matching } from './complete.js';
import { ACTIONS, cancelForm, getActions, submitForm, updateForm } from './controller.js';
import { opById } from '../ops/registry.js';
import { riskColor, riskLabel } from './text.js';
import { editText, isEditKey } from '../ui/dialog/text.js';

export function Form({ width, height }: OverlayProps) {
  const store = useStoreApi();
  const form = useAppStore((s) => s.slices[ACTIONS]?.form);
  const [at, setAtState] = useState(0);
  // Keys of one chunk may be handled before the next render: read the live form and field.
  const atRef = useRef(0);
  const setAt = (f: (i: number) => number) => {
    atRef.current = f(atRef.current);
    setAtState(atRef.current);
  };
  useKeys('dialog', (ev) => {
    const form = getActions(store).form;
    const at = atRef.current;
    if (!form) return true;
    const n = form.fields.length;
    switch (commandFor('dialog', ev.name)) {
      case 'dialog.cancel':
        cancelForm(store);
        return true;
      case 'dialog.next': {
        // Tab first completes the word being typed when the field offers words.
        const f = form.fields[at];
        const c =
          ev.name === 'tab' && f?.completions && currentWord(f.value)
            ? complete(f.value, f.completions)
            : undefined;
        if (c && (c.value !== f!.value || c.matches.length > 1)) {
          if (c.value !== f!.value)
            updateForm(
              store,
              form.fields.map((x, i) => (i === at ? { ...x, value: c.value } : x)),
            );
          return true;
        }
        setAt((i) => (i + 1) % n);
        return true;
      }
      case 'dialog.prev':
        setAt((i) => (i + n - 1) % n);
        return true;
      case 'dialog.submit':
        void submitForm(store);
        return true;
    }
    if (isEditKey(ev))
      updateForm(
        store,
        form.fields.map((f, i) =>
          i === at ? { ...f, value: (editText(f.value, ev) ?? f.value).slice(0, 500) } : f,
        ),
      );
    return true;
  });
  if (!form) return null;
  const op = opById(form.opId);
  const t = form.target;
  const inner = width - 2;
  // The target and the values typed wrap: what will be previewed is read in full.
  const where = ` ${sanitize([`context ${t.context}`, t.namespace ? `namespace ${t.namespace}` : '', t.name ? `${t.kind} ${t.name}` : ''].filter(Boolean).join(' · '), 500)}`;
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor="cyan">
      <Box height={1} width={inner}>
        <Text wrap="truncate" bold>
          {` ${op?.title ?? form.opId}  `}
          {op ? <Text color={riskColor(op.risk)}>{riskLabel(op.risk)}</Text> : null}
        </Text>
      </Box>
      <Box height={rowCount(where, inner)} width={inner}>
        <Text wrap="wrap" dimColor>
          {where}
        </Text>
      </Box>
      <Box flexDirection="column" height={Math.max(1, height - 5)} width={inner}>
        {form.fields.map((f, i) => (
          <Box key={f.name} flexDirection="column" width={inner}>
            <Box
              height={rowCount(
                ` ${i === at ? '›' : ' '} ${f.label}: ${sanitize(f.value, 500) || ' '}`,
                inner,
              )}
              width={inner}
            >
              <Text wrap="wrap">
                {` ${i === at ? '›' : ' '} ${f.label}: `}
                <Text inverse={i === at}>{sanitize(f.value, 500) || ' '}</Text>
              </Text>
            </Box>
            {i === at && f.completions ? (
              <Box width={inner} paddingLeft={5}>
                <Text wrap="wrap" dimColor>
                  {`known: ${sanitize(
                    (matching(f.value, f.completions).length && currentWord(f.value)
                      ? matching(f.value, f.completions)
                      : f.completions
                    )
                      .map((c) => `${c.word}${c.note ?? ''}`)
                      .join('  '),
                    inner * 3,
                  )}`}
                </Text>
              </Box>
            ) : null}
            {f.hint ? (
              <Box width={inner} paddingLeft={5}>
                <Text wrap="wrap" dimColor>
                  {sanitize(f.hint, 500)}
                </Text>
              </Box>
            ) : null}
          </Box>
        ))}
      </Box>
      <Box height={1} width={inner}>
        <Text wrap="truncate" color={form.error ? 'red' : undefined} dimColor={!form.error}>
          {form.error
            ? ` ✖ ${form.error}`
            : ` Enter: preview (nothing changes yet) · Tab: ${form.fields[at]?.completions ? 'complete/' : ''}next field · Esc: cancel`}
        </Text>
      </Box>
    </Box>
  );
}
