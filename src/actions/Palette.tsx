// The action palette (`:` / Ctrl-P): fuzzy search over every action (issue 12 item 11), those
// that apply to what was focused and selected when it opened first (targets captured then),
// recently used first within each group. Another pane's action either carries its pane-wide
// target (a database, a Redis server) or asks for its target: a picker lists that pane's
// objects from the store. Each row shows its risk, its direct key, and whether it is
// unavailable here (read-only, RBAC) and why.
import { Box, Text } from 'ink';
import Fuse from 'fuse.js';
import { useEffect, useMemo, useState } from 'react';
import { useStoreApi } from '../ui/hooks.js';
import { useKeys } from '../ui/keys.js';
import { commandFor, keyFor } from '../ui/keymap.js';
import type { OverlayProps } from '../ui/overlays.js';
import { sanitize } from '../util/sanitize.js';
import { errorText } from '../util/redact.js';
import {
  candidates,
  currentSelection,
  envFrom,
  flash,
  getActions,
  startOperation,
  type Candidate,
} from './controller.js';
import { readOnlyReason } from '../ops/runner.js';
import { riskColor, riskLabel } from './text.js';
import { editText, isEditKey } from '../ui/dialog/text.js';
import { objectsOf, type PickItem } from './targets.js';
import type { ObjectKind } from '../ops/operation.js';

interface Picking {
  c: Candidate;
  items: PickItem[];
}

export function Palette({ width, height }: OverlayProps) {
  const store = useStoreApi();
  // Captured once, when the palette opened: never re-read when Enter arrives.
  const [opened] = useState(() => {
    const pane = store.getState().ui.focus;
    const sel = currentSelection(store);
    const env = envFrom(store);
    const seen = new Map<ObjectKind, PickItem[]>();
    const objects = (kind: ObjectKind) => seen.get(kind) ?? seen.set(kind, objectsOf(store, kind)).get(kind)!;
    const list = candidates(sel, env, objects);
    return { pane, sel, env, list, recent: getActions(store).recent };
  });
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const [denied, setDenied] = useState<Record<string, string>>({});
  const [picking, setPicking] = useState<Picking | undefined>();
  const [pickQuery, setPickQuery] = useState('');
  const [pickIndex, setPickIndex] = useState(0);

  // RBAC: ask the server (SelfSubjectAccessReview) for each action, show unavailable ones.
  useEffect(() => {
    const ac = new AbortController();
    for (const c of opened.list) {
      if (!c.target || !c.op.permitted || c.op.risk === 'safe') continue;
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
    // The focused pane's actions first; fuse's order (or recency) within each group.
    const first = (list: Candidate[]) => [...list.filter((c) => c.here), ...list.filter((c) => !c.here)];
    if (query.trim()) return first(fuse.search(query.trim()).map((r) => r.item));
    const rank = (c: Candidate) => {
      const i = opened.recent.indexOf(c.op.id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    return first([...opened.list].sort((a, b) => rank(a) - rank(b)));
  }, [query, fuse, opened]);
  const sel = Math.min(index, Math.max(0, shown.length - 1));
  const picks = useMemo(() => {
    if (!picking) return [];
    const q = pickQuery.trim().toLowerCase();
    return q ? picking.items.filter((i) => i.label.toLowerCase().includes(q)) : picking.items;
  }, [picking, pickQuery]);
  const pickSel = Math.min(pickIndex, Math.max(0, picks.length - 1));

  const close = () => store.setState((s) => ({ ui: { ...s.ui, modal: undefined } }));

  const choose = (c: Candidate) => {
    if (c.target) {
      close();
      // Read-only and RBAC refusals are decided (and recorded) by the runner, saying why.
      void startOperation(store, c.op, c.target);
      return;
    }
    // Another pane's action on an object: ask which one (captured from the store now).
    setPicking({ c, items: objectsOf(store, c.kind!) });
    setPickQuery('');
    setPickIndex(0);
  };

  const pick = (item: PickItem) => {
    const c = picking!.c;
    let target;
    try {
      target = c.op.appliesTo({ kind: c.kind!, id: item.id }, opened.env);
    } catch {
      target = undefined;
    }
    close();
    if (!target) {
      flash(store, `${c.op.title}: it does not apply to ${item.id}`, 'warn');
      return;
    }
    void startOperation(store, c.op, target);
  };

  useKeys('dialog', (ev) => {
    const cmd = commandFor('dialog', ev.name);
    if (picking) {
      switch (cmd) {
        case 'dialog.cancel':
          setPicking(undefined);
          return true;
        case 'dialog.prev':
          setPickIndex(Math.max(0, pickSel - 1));
          return true;
        case 'dialog.next':
          setPickIndex(Math.min(picks.length - 1, pickSel + 1));
          return true;
        case 'dialog.submit': {
          const item = picks[pickSel];
          if (item) pick(item);
          return true;
        }
      }
      if (isEditKey(ev)) {
        setPickQuery((q) => (editText(q, ev) ?? q).slice(0, 80));
        setPickIndex(0);
      }
      return true;
    }
    switch (cmd) {
      case 'dialog.cancel':
        close();
        return true;
      case 'dialog.prev':
        setIndex(Math.max(0, sel - 1));
        return true;
      case 'dialog.next':
        setIndex(Math.min(shown.length - 1, sel + 1));
        return true;
      case 'dialog.submit': {
        const c = shown[sel];
        if (c) choose(c);
        return true;
      }
    }
    if (isEditKey(ev)) {
      setQuery((q) => (editText(q, ev) ?? q).slice(0, 80));
      setIndex(0);
    }
    return true;
  });

  const inner = width - 2;
  const listH = Math.max(1, height - 5);
  if (picking) {
    const start = Math.max(0, Math.min(pickSel - Math.floor(listH / 2), picks.length - listH));
    return (
      <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor="cyan">
        <Box height={1} width={inner}>
          <Text wrap="truncate" bold>
            {` Target for: ${sanitize(picking.c.op.title, 200)}`}
          </Text>
        </Box>
        <Box height={1} width={inner}>
          <Text wrap="truncate">
            {' : '}
            {pickQuery}
            <Text inverse> </Text>
          </Text>
        </Box>
        <Box flexDirection="column" height={listH} width={inner}>
          {picks.length === 0 ? (
            <Text dimColor wrap="truncate">
              {` no ${picking.c.pane} object matches`}
            </Text>
          ) : (
            picks.slice(start, start + listH).map((item, i) => {
              const active = start + i === pickSel;
              return (
                <Box key={item.id} height={1} width={inner}>
                  <Text wrap="truncate" inverse={active}>
                    {`${active ? '›' : ' '} ${sanitize(item.label, 300)}`}
                  </Text>
                </Box>
              );
            })
          )}
        </Box>
        <Box height={1} width={inner}>
          <Text dimColor wrap="truncate">
            {` ${picks.length} of ${picking.items.length} from ${picking.c.pane} · type to filter · Enter · Esc back`}
          </Text>
        </Box>
      </Box>
    );
  }

  const start = Math.max(0, Math.min(sel - Math.floor(listH / 2), shown.length - listH));
  const rows = shown.slice(start, start + listH);
  const where = opened.sel.id ? `${opened.pane}: ${opened.sel.id}` : opened.pane;
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor="cyan">
      <Box height={1} width={inner}>
        <Text wrap="truncate" bold>
          {` Actions for ${sanitize(where, 200)}  (type to search · ↑↓ · Enter · Esc)`}
        </Text>
      </Box>
      <Box height={1} width={inner}>
        <Text wrap="truncate">
          {' : '}
          {query}
          <Text inverse> </Text>
        </Text>
      </Box>
      <Box flexDirection="column" height={listH} width={inner}>
        {rows.length === 0 ? (
          <Text dimColor wrap="truncate">
            {opened.list.length ? ' no action matches' : ' no action is configured'}
          </Text>
        ) : (
          rows.map((c, i) => {
            const active = start + i === sel;
            const why =
              (c.target ? readOnlyReason(c.op, c.target, opened.env) : undefined) ?? denied[c.op.id];
            const key = (c.here && keyFor(opened.pane, `action.${c.op.id}`)) || ' ';
            const target = c.target ? [c.target.namespace, c.target.name].filter(Boolean).join('/') : '';
            const place = c.here
              ? target
                ? `  — ${sanitize(target, 120)}`
                : ''
              : c.target
                ? `  — ${c.pane}${target ? `: ${sanitize(target, 120)}` : ''}`
                : `  — ${c.pane}: asks for the target`;
            return (
              <Box key={c.op.id} height={1} width={inner}>
                <Text wrap="truncate" inverse={active} dimColor={!!why && !active}>
                  {`${active ? '›' : ' '} ${key} `}
                  <Text color={riskColor(c.op.risk)}>{riskLabel(c.op.risk).padEnd(12)}</Text>
                  {` ${c.op.title}`}
                  {/* Why it is refused before where it applies: a narrow palette cuts the end. */}
                  {why ? `  ✖ unavailable: ${sanitize(why, 200)}` : ''}
                  {place}
                </Text>
              </Box>
            );
          })
        )}
      </Box>
      <Box height={1} width={inner}>
        <Text dimColor wrap="truncate">
          {` ${shown.length} of ${opened.list.length} actions (${opened.list.filter((c) => c.here).length} here) · mutating actions ask you to type their target's name`}
          {opened.env.readOnly ? ' · READ-ONLY: actions are listed but refused' : ''}
        </Text>
      </Box>
    </Box>
  );
}
