// Logs pane: error logs of every pod of the services in scope and of the CloudWatch log
// groups, live. Three views (v): the stream (newest at the bottom, following unless paused or
// scrolled back; errors only by default, e shows everything; while errors are flowing it leads
// with the newest errors and the error groups), the grouped errors (fingerprints,
// most frequent first), and per-source error rates. `/` filters by regex, o opens the line's
// pod, p shows the previous logs of its container.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { usePaneView } from '../../ui/pane-view.js';
import { getLogsControl } from '../../data/logs/control.js';
import { LOGS_CLOUDWATCH, LOGS_K8S, type LogsSnapshot } from '../../data/logs/types.js';
import { useNow, useSource, useStoreApi } from '../../ui/hooks.js';
import { commandFor } from '../../ui/keymap.js';
import { useKeys, type KeyEvent } from '../../ui/keys.js';
import { errorText } from '../../util/redact.js';
import { fit, sparkline } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';
import { openPodDetail } from '../pods/open.js';
import { definePane, type PaneProps } from '../types.js';
import { filterRegex, followRows, groupRows, podOf, sourceRows, type DisplayRow } from './view.js';
import { SafeText } from '../../ui/SafeText.js';
import { editFilter } from '../../ui/list.js';

type Mode = 'stream' | 'grouped' | 'sources';
const MODES: Mode[] = ['stream', 'grouped', 'sources'];

interface Previous {
  title: string;
  lines?: string[];
  error?: string;
  scroll: number;
}

function Rows({ rows, width }: { rows: DisplayRow[]; width: number }) {
  return (
    <>
      {rows.map((r) => (
        // One Text per segment: ink measures each text's width, and a short segment with a
        // symbol (✖ ▲) keeps the long ASCII message on string-width's fast path.
        <Box key={r.key} width={width} height={1} overflow="hidden" flexDirection="row">
          {r.segments.map((s, i) => (
            <SafeText key={i} color={s.color} dimColor={s.dim} bold={s.bold} inverse={s.inverse}>
              {s.text}
            </SafeText>
          ))}
        </Box>
      ))}
    </>
  );
}

function useSnapshot(): LogsSnapshot | undefined {
  const a = useSource<LogsSnapshot>(LOGS_K8S)?.data;
  const b = useSource<LogsSnapshot>(LOGS_CLOUDWATCH)?.data;
  if (!a) return b;
  if (!b) return a;
  return a.version >= b.version ? a : b;
}

function LogsPane({ width, height, focused }: PaneProps) {
  const snap = useSnapshot();
  const store = useStoreApi();
  const now = useNow();
  // The view (mode, errors only, filter) belongs to the pane, not to its size (pane-view.ts).
  const [mode, setMode] = usePaneView<Mode>('logs:mode', 'stream');
  const [errorsOnly, setErrorsOnly] = usePaneView('logs:errorsOnly', true);
  const [scroll, setScroll] = useState(0);
  const [pinned, setPinned] = useState<number | undefined>(undefined);
  const [filter, setFilter] = usePaneView('logs:filter', '');
  const [editing, setEditing] = useState(false);
  const [prev, setPrev] = useState<Previous | undefined>(undefined);
  const [flash, setFlash] = useState<string | undefined>(undefined);
  const re = useMemo(() => filterRegex(filter), [filter]);

  const view = snap?.view;
  const newestSeq = view?.tail({ errorsOnly: false, limit: 1, skip: 0 }).entries[0]?.seq ?? 0;
  const dropped = snap?.droppedLines
    ? [`${snap.droppedLines.toLocaleString('en')} lines dropped: ingest fell behind (counted, not shown)`]
    : [];
  const issues = [...dropped, ...(snap?.k8s?.issues ?? []), ...(snap?.cloudwatch?.issues ?? [])];
  const headerH = 1 + (issues.length || flash ? 1 : 0) + (editing || filter ? 1 : 0);
  const bodyH = Math.max(0, height - headerH);

  const stream =
    view && mode === 'stream'
      ? followRows(view, {
          errorsOnly,
          scroll,
          pinnedSeq: pinned,
          filter: re,
          width,
          height: bodyH,
          now,
          errorsLastMinute: snap?.errorsLastMinute ?? 0,
        })
      : undefined;
  const grouped =
    view && mode === 'grouped'
      ? groupRows(view.groups(), { width, height: bodyH, scroll, now, filter: re })
      : undefined;
  const selectedEntry = stream?.selected;

  const pause = (on: boolean) => setPinned(on ? newestSeq : undefined);
  const page = Math.max(1, bodyH - 1);
  const scrollBy = (n: number) => {
    setScroll((s) => {
      const next = Math.max(0, s + n);
      if (mode === 'stream') {
        if (next > 0 && pinned === undefined) setPinned(newestSeq);
      }
      return next;
    });
  };

  const openPrevious = (e: typeof selectedEntry) => {
    const pod = podOf(
      e ?? (grouped?.selected ? { origin: 'k8s', source: grouped.selected.sources.at(-1) ?? '' } : undefined),
    );
    const ctl = getLogsControl();
    if (!pod) return setFlash('previous logs: select a line from a Kubernetes pod');
    if (!ctl) return setFlash('previous logs: Kubernetes logs are not running');
    const title = `${pod.namespace}/${pod.name}/${pod.container} --previous`;
    setPrev({ title, scroll: 0 });
    ctl.previous(pod).then(
      (lines) => setPrev((p) => (p?.title === title ? { ...p, lines } : p)),
      (err: unknown) => setPrev((p) => (p?.title === title ? { ...p, error: errorText(err) } : p)),
    );
  };

  const handle = (ev: KeyEvent): boolean => {
    if (editing) {
      editFilter(ev, setFilter, setEditing);
      setScroll(0);
      return true;
    }
    if (prev) {
      const lc = commandFor('list', ev.name);
      if (ev.name === 'escape' || commandFor('logs', ev.name) === 'logs.previous') setPrev(undefined);
      else if (lc === 'list.up') setPrev({ ...prev, scroll: prev.scroll + 1 });
      else if (lc === 'list.down') setPrev({ ...prev, scroll: Math.max(0, prev.scroll - 1) });
      else if (lc === 'list.pageUp') setPrev({ ...prev, scroll: prev.scroll + page });
      else if (lc === 'list.pageDown') setPrev({ ...prev, scroll: Math.max(0, prev.scroll - page) });
      else return false;
      return true;
    }
    const cmd = commandFor('logs', ev.name);
    switch (cmd) {
      case 'logs.pause':
        pause(pinned === undefined);
        if (pinned !== undefined) setScroll(0);
        return true;
      case 'logs.errorsOnly':
        setErrorsOnly((v) => !v);
        setScroll(0);
        return true;
      case 'logs.view':
        setMode((m) => MODES[(MODES.indexOf(m) + 1) % MODES.length]!);
        setScroll(0);
        return true;
      case 'logs.previous':
        openPrevious(selectedEntry);
        return true;
      case 'logs.openPod': {
        const pod = podOf(
          selectedEntry ??
            (grouped?.selected
              ? { origin: 'k8s', source: grouped.selected.sources.at(-1) ?? '' }
              : undefined),
        );
        if (!pod) setFlash('open pod: select a line from a Kubernetes pod');
        else openPodDetail(store, pod.namespace, pod.name);
        return true;
      }
    }
    const down = mode === 'stream' ? -1 : 1; // the stream scrolls back in time upwards
    switch (commandFor('list', ev.name)) {
      case 'list.up':
        scrollBy(-down);
        return true;
      case 'list.down':
        scrollBy(down);
        return true;
      case 'list.pageUp':
        scrollBy(-down * page);
        return true;
      case 'list.pageDown':
        scrollBy(down * page);
        return true;
      case 'list.top':
        scrollBy(mode === 'stream' ? 1_000_000 : -1_000_000);
        return true;
      case 'list.bottom':
        setScroll(0);
        if (mode === 'stream') setPinned(undefined);
        return true;
      case 'list.filter':
        setEditing(true);
        return true;
    }
    if (ev.name === 'escape' && (filter || flash)) {
      setFilter('');
      setFlash(undefined);
      return true;
    }
    return false;
  };
  useKeys('pane', handle, focused);

  if (!snap || !view) return <Text dimColor>waiting for log lines…</Text>;

  // Header: errors, share of lines, errors/min sparkline, streams, modes.
  const epm = snap.errorsPerMinute;
  const sparkW = Math.max(0, Math.min(15, width - 90));
  const parts = [
    `✖ ${snap.totalErrors} errors`,
    `${(snap.errorRate * 100).toFixed(1)}% of lines`,
    `${snap.errorsLastMinute}/min`,
  ];
  const streams = [
    snap.k8s
      ? `k8s ${snap.k8s.active} stream${snap.k8s.active === 1 ? '' : 's'}${snap.k8s.waiting ? ` (+${snap.k8s.waiting} waiting)` : ''}`
      : '',
    snap.cloudwatch ? `cw ${snap.cloudwatch.active} group${snap.cloudwatch.active === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const modeText = `${mode === 'stream' ? (errorsOnly ? 'ERRORS' : 'ALL') : mode.toUpperCase()}${pinned !== undefined ? ` ⏸ PAUSED${newestSeq > pinned ? ` +${newestSeq - pinned} new` : ''}` : ''}`;

  let body: DisplayRow[];
  if (prev) {
    const lines = prev.lines ?? [];
    const h = Math.max(0, bodyH - 1);
    const end = Math.max(0, lines.length - prev.scroll);
    const slice = lines.slice(Math.max(0, end - h), end);
    body = [
      {
        key: 'pt',
        segments: [
          { text: fit(`◆ ${sanitize(prev.title, 200)} (Esc closes)`, width), bold: true, color: 'cyan' },
        ],
      },
      ...(prev.error
        ? [{ key: 'pe', segments: [{ text: fit(`✖ ${sanitize(prev.error, 300)}`, width), color: 'red' }] }]
        : !prev.lines
          ? [{ key: 'pl', segments: [{ text: 'loading…', dim: true }] }]
          : slice.map((l, i) => ({
              key: `p${i}`,
              segments: [{ text: fit(sanitize(l, width + 1), width) }],
            }))),
    ];
  } else if (mode === 'stream') {
    body = stream!.rows;
    if (!body.length)
      body = [
        {
          key: 'empty',
          segments: [
            {
              text: fit(
                filter
                  ? `no lines match /${filter}`
                  : errorsOnly
                    ? `no errors yet · ${snap.totalLines} lines seen (e shows all)`
                    : 'no lines yet',
                width,
              ),
              dim: true,
            },
          ],
        },
      ];
  } else if (mode === 'grouped') {
    body = grouped!.rows;
    if (grouped!.total === 0) body.push({ key: 'none', segments: [{ text: 'no errors yet', dim: true }] });
  } else body = sourceRows(snap.perSource, { width, height: bodyH, scroll });

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box width={width} height={1}>
        <Text wrap="truncate">
          <Text color={snap.totalErrors ? 'red' : 'green'} bold>
            {parts.join(' · ')}
          </Text>
          {sparkW > 0 ? <Text color="red">{` ${sparkline(epm, sparkW)}`}</Text> : null}
          <Text dimColor>{` · ${streams.length ? `${streams.join(' · ')} · ` : ''}`}</Text>
          <Text inverse>{` ${modeText} `}</Text>
        </Text>
      </Box>
      {issues.length || flash ? (
        <Box width={width} height={1}>
          <Text wrap="truncate" color="yellow">
            {`▲ ${sanitize(flash ?? issues[0]!, 300)}${!flash && issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`}
          </Text>
        </Box>
      ) : null}
      {editing || filter ? (
        <Box width={width} height={1}>
          <Text wrap="truncate" color="cyan">{`/${filter}${editing ? '▏' : ''}`}</Text>
        </Box>
      ) : null}
      <Box flexDirection="column" width={width} height={bodyH} overflow="hidden">
        <Rows rows={body.slice(0, bodyH)} width={width} />
      </Box>
    </Box>
  );
}

export const pane = definePane('logs', 'Logs', [LOGS_K8S, LOGS_CLOUDWATCH], LogsPane, {
  wide: true,
  list: true,
});
