// The action palette (`:` / Ctrl-P): fuzzy search over the operations that apply to what was
// focused and selected when it opened (targets captured then), recently used first. Each row
// shows its risk, its direct key, and whether it is unavailable here (read-only, RBAC) and why.
import { Box, Text } from 'ink';
import Fuse from 'fuse.js';
import { useEffect, useMemo, useState } from 'react';
import { useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import type { OverlayProps } from '../ui/overlays.js';
import { sanitize } from '../util/sanitize.js';
import { errorText } from '../util/redact.js';
import {
  candidates,
  currentSelection,
  envFrom,
  getActions,
  startOperation,
  type Candidate,
} from './controller.js';
import { readOnlyReason } from '../ops/runner.js';
import { isPrintable, riskColor, riskLabel } from './text.js';

export function Palette({ width, height }: OverlayProps) {
  const store = useStoreApi();
  // Captured once, when the palette opened: never re-read when Enter arrives.
  const [opened] = useState(() => {
    const sel = currentSelection(store);
    const env = envFrom(store);
    return { sel, env, list: candidates(sel, env), recent: getActions(store).recent };
  });
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const [denied, setDenied] = useState<Record<string, string>>({});

  // RBAC: ask the server (SelfSubjectAccessReview) for each action, show unavailable ones.
  useEffect(() => {
    const ac = new AbortController();
    for (const c of opened.list) {
      if (!c.op.permitted || c.op.risk === 'safe') continue;
      c.op
        .permitted(c.target, opened.env, ac.signal)
        .then((p) => {
          if (!p.allowed && !ac.signal.aborted)
            setDenied((d) => ({ ...d, [c.op.id]: p.reason ?? 'not permitted' }));
        })
        .catch((err) => {
          if (!ac.signal.aborted)
            setDenied((d) => ({ ...d, [c.op.id]: `permission check failed: ${errorText(err)}` }));
        });
    }
    return () => ac.abort();
  }, [opened]);

  const fuse = useMemo(
    () =>
      new Fuse(opened.list, {
        keys: [
          { name: 'op.title', weight: 3 },
          { name: 'op.id', weight: 2 },
          { name: 'op.keywords', weight: 1 },
          { name: 'target.name', weight: 1 },
        ],
        threshold: 0.45,
        ignoreLocation: true,
      }),
    [opened],
  );
  const shown: Candidate[] = useMemo(() => {
    if (query.trim()) return fuse.search(query.trim()).map((r) => r.item);
    const rank = (c: Candidate) => {
      const i = opened.recent.indexOf(c.op.id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    return [...opened.list].sort((a, b) => rank(a) - rank(b));
  }, [query, fuse, opened]);
  const sel = Math.min(index, Math.max(0, shown.length - 1));

  const close = () => store.setState((s) => ({ ui: { ...s.ui, modal: undefined } }));

  useKeys('dialog', (ev) => {
    switch (ev.name) {
      case 'escape':
        close();
        return true;
      case 'up':
      case 'ctrl+k':
        setIndex(Math.max(0, sel - 1));
        return true;
      case 'down':
      case 'ctrl+j':
      case 'tab':
        setIndex(Math.min(shown.length - 1, sel + 1));
        return true;
      case 'enter': {
        const c = shown[sel];
        if (!c) return true;
        close();
        // Read-only and RBAC refusals are decided (and recorded) by the runner, saying why.
        void startOperation(store, c.op, c.target);
        return true;
      }
      case 'backspace':
        setQuery((q) => q.slice(0, -1));
        setIndex(0);
        return true;
    }
    if (isPrintable(ev)) {
      setQuery((q) => (q + ev.input).slice(0, 80));
      setIndex(0);
    }
    return true;
  });

  const listH = Math.max(1, height - 5);
  const start = Math.max(0, Math.min(sel - Math.floor(listH / 2), shown.length - listH));
  const rows = shown.slice(start, start + listH);
  const where = opened.sel.id ? `${opened.sel.pane}: ${opened.sel.id}` : opened.sel.pane;
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor="cyan">
      <Box height={1} width={width - 2}>
        <Text wrap="truncate" bold>
          {` Actions for ${sanitize(where, 200)}  (type to search · ↑↓ · Enter · Esc)`}
        </Text>
      </Box>
      <Box height={1} width={width - 2}>
        <Text wrap="truncate">
          {' : '}
          {query}
          <Text inverse> </Text>
        </Text>
      </Box>
      <Box flexDirection="column" height={listH} width={width - 2}>
        {rows.length === 0 ? (
          <Text dimColor wrap="truncate">
            {opened.list.length ? ' no action matches' : ' no action applies to what is focused and selected'}
          </Text>
        ) : (
          rows.map((c, i) => {
            const active = start + i === sel;
            const why = readOnlyReason(c.op, c.target, opened.env) ?? denied[c.op.id];
            const key = c.op.key ? `${c.op.key.key}` : ' ';
            const target = [c.target.namespace, c.target.name].filter(Boolean).join('/');
            return (
              <Box key={c.op.id} height={1} width={width - 2}>
                <Text wrap="truncate" inverse={active} dimColor={!!why && !active}>
                  {`${active ? '›' : ' '} ${key} `}
                  <Text color={riskColor(c.op.risk)}>{riskLabel(c.op.risk).padEnd(12)}</Text>
                  {` ${c.op.title}${target ? `  — ${sanitize(target, 120)}` : ''}`}
                  {why ? `  ✖ unavailable: ${sanitize(why, 200)}` : ''}
                </Text>
              </Box>
            );
          })
        )}
      </Box>
      <Box height={1} width={width - 2}>
        <Text dimColor wrap="truncate">
          {` ${shown.length} of ${opened.list.length} actions · mutating actions ask you to type their target's name`}
          {opened.env.readOnly ? ' · READ-ONLY: actions are listed but refused' : ''}
        </Text>
      </Box>
    </Box>
  );
}
