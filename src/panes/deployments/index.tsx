// Deployments pane: ready/desired, updated, available and rollout state (stalled with
// ProgressDeadlineExceeded first), with `h` the rollout history of the selected one, and below
// the list the ingress section (ingress.ts): the routes in front of the deployments and whether
// their backend Services have ready endpoints.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { usePaneView } from '../../ui/pane-view.js';
import { DEPLOYMENTS_SOURCE, type Deployment, type DeploymentsData } from '../../data/kubernetes/types.js';
import { rolloutState } from '../../data/kubernetes/status.js';
import { useNow, useSource } from '../../ui/hooks.js';
import { toneColor } from '../../ui/tone.js';
import { useList } from '../../ui/useList.js';
import { createProjection, createRowMemo, pickColumns } from '../pods/memo.js';
import { definePane, type PaneProps } from '../types.js';
import { columns, historyLines, rowStamp, toRow } from './columns.js';
import { ingressLines } from './ingress.js';
import type { IngressData } from '../../data/kubernetes/ingress.js';
import { INGRESS_SOURCE } from '../../data/kubernetes/types.js';
import { Lines } from '../../ui/Lines.js';

const EMPTY: readonly Deployment[] = [];
const COMPACT = [1, 2, 5, 6, 7];

function DeploymentsPane({ width, height, focused }: PaneProps) {
  const src = useSource<DeploymentsData>(DEPLOYMENTS_SOURCE);
  const ing = useSource<IngressData>(INGRESS_SOURCE);
  const now = useNow();
  const [history, setHistory] = usePaneView('deployments:history', false);
  const deps = src?.data?.deployments ?? EMPTY;
  const memo = useMemo(() => createRowMemo(toRow, rowStamp), []);
  const allRows = useMemo(() => memo(deps, now), [memo, deps, now]);
  const layout = useMemo(() => pickColumns(columns, width, 100, COMPACT), [width]);
  const project = useMemo(() => createProjection(), []);
  const rows = useMemo(() => project(allRows, layout.pick), [project, allRows, layout]);
  const counts = useMemo(() => {
    let stalled = 0;
    let progressing = 0;
    let unavailable = 0;
    for (const d of deps) {
      const r = rolloutState(d);
      if (r.phase === 'stalled') stalled++;
      else if (r.phase === 'progressing') progressing++;
      else if (r.unavailable) unavailable++;
    }
    return { stalled, progressing, unavailable };
  }, [deps]);
  const histH = history ? Math.max(3, Math.floor((height - 1) / 2)) : 0;
  // The list keeps half the rows (or what it needs); the ingress section has the rest it wants.
  const avail = height - 1 - histH;
  const ingWant = useMemo(() => ingressLines(ing, width, 1000).length, [ing, width]);
  let ingH = Math.max(0, Math.min(ingWant, avail - Math.min(deps.length + 1, Math.ceil(avail / 2))));
  if (ingWant && !ingH && avail >= 3) ingH = 1;
  const ingLines = useMemo(() => ingressLines(ing, width, ingH), [ing, width, ingH]);
  // The section sits right under the list; the rows neither wants stay blank below it.
  const listH = ingH ? Math.max(2, Math.min(deps.length + 1, avail - ingH)) : avail;
  const list = useList({
    rows,
    columns: layout.columns,
    height: listH,
    focused,
    scope: 'deployments',
    onCommand: (cmd) => {
      if (cmd !== 'deployments.history') return false;
      setHistory((h) => !h);
      return true;
    },
  });
  const selected = useMemo(
    () =>
      list.selectedRow
        ? deps.find((d) => `${d.metadata?.namespace}/${d.metadata?.name}` === list.selectedRow!.id)
        : undefined,
    [deps, list.selectedRow],
  );
  const lines = useMemo(
    () =>
      history && selected
        ? historyLines(selected, src?.data?.replicaSets ?? [], now, src?.data?.replicaSetsError)
        : [],
    [history, selected, src?.data?.replicaSets, src?.data?.replicaSetsError, now],
  );
  const tone = counts.stalled ? 'red' : counts.progressing || counts.unavailable ? 'yellow' : 'green';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" color={tone}>
        {`${counts.stalled ? '✖' : counts.progressing || counts.unavailable ? '▲' : '●'} ${deps.length} deployments · ${counts.stalled} stalled · ${counts.progressing} progressing${counts.unavailable ? ` · ${counts.unavailable} unavailable` : ''}`}
      </Text>
      {list.view(width, 'no deployments in scope')}
      {ingH ? <Lines lines={ingLines} width={width} height={ingH} /> : null}
      {history ? (
        <Box flexDirection="column" width={width} height={histH} overflow="hidden">
          {(lines.length ? lines : [{ text: 'select a deployment', tone: 'muted' as const }])
            .slice(0, histH)
            .map((l, i) => (
              <Text
                key={i}
                wrap="truncate"
                bold={'bold' in l ? l.bold : false}
                color={toneColor[l.tone ?? 'none']}
              >
                {l.text}
              </Text>
            ))}
        </Box>
      ) : null}
    </Box>
  );
}

export const pane = definePane('deployments', 'Deployments', [DEPLOYMENTS_SOURCE], DeploymentsPane, {
  list: true,
});
