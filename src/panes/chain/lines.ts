// Chain pane text, built outside the view (tested in test/unit/chain-lines.test.ts): the
// highest head and its age, the alerts, and one row per endpoint (height, head age, lag,
// latency, gas; zoomed also base fee, peers, syncing and the URL or the error).
import type { ChainEndpointState, ChainSnapshot } from '../../data/chain/types.js';
import { columnWidths, type Column } from '../../ui/list.js';
import type { Tone } from '../../ui/tone.js';
import { age, fit, pad, sparkline } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export type { Line } from '../../ui/Lines.js';
import type { Line } from '../../ui/Lines.js';

export const DETAIL_HEIGHT = 14;

const SMALL: Column[] = [
  { header: 'ENDPOINT', width: 10 },
  { header: 'ST', width: 2 },
  { header: 'HEIGHT', width: 9, align: 'right' },
  { header: 'AGE', width: 6, align: 'right' },
  { header: 'LAG', width: 4, align: 'right' },
  { header: 'RPC', width: 6, align: 'right' },
  { header: 'GAS gwei', width: 0, min: 8, align: 'right' },
];
const WIDE: Column[] = [
  { header: 'ENDPOINT', width: 14 },
  { header: 'ST', width: 2 },
  { header: 'HEIGHT', width: 10, align: 'right' },
  { header: 'AGE', width: 6, align: 'right' },
  { header: 'LAG', width: 5, align: 'right' },
  { header: 'RPC', width: 7, align: 'right' },
  { header: 'GAS gwei', width: 9, align: 'right' },
  { header: 'BASE gwei', width: 9, align: 'right' },
  { header: 'PEERS', width: 5, align: 'right' },
  { header: 'SYNC', width: 8 },
  { header: 'URL / ERROR', width: 0, min: 10 },
];

const gwei = (v: number | undefined) =>
  v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3);

function symbol(e: ChainEndpointState, stallAfterMs: number): { s: string; tone: Tone } {
  if (e.status === 'error') return { s: '✖', tone: 'bad' };
  if (e.status === 'connecting' || !e.head) return { s: '◆', tone: 'info' };
  if ((e.headAgeMs ?? 0) > stallAfterMs) return { s: '✖', tone: 'bad' };
  if (e.head.syncing) return { s: '▲', tone: 'warn' };
  return { s: '●', tone: 'ok' };
}

function row(e: ChainEndpointState, d: ChainSnapshot, wide: boolean): { cells: string[]; tone: Tone } {
  const { s, tone } = symbol(e, d.stallAfterMs);
  const h = e.head;
  const cells = [
    sanitize(e.name, 60),
    s,
    h ? `#${h.height}` : '—',
    e.headAgeMs !== undefined ? age(e.headAgeMs) : '—',
    e.lag !== undefined ? String(e.lag) : '—',
    h ? `${h.latencyMs}ms` : '—',
    gwei(h?.gasPriceGwei),
  ];
  if (wide) {
    const sync = !h ? '—' : h.syncing ? `${h.syncing.current ?? '?'}/${h.syncing.highest ?? '?'}` : 'no';
    const detail =
      e.status === 'error'
        ? `${sanitize(e.error ?? 'error', 200)}${e.okAt ? ` (last ok ${age(d.at - e.okAt)} ago)` : ''}`
        : e.url;
    cells.push(gwei(h?.baseFeeGwei), h?.peers !== undefined ? String(h.peers) : 'n/a', sync, detail);
  }
  return { cells, tone };
}

export function chainLines(d: ChainSnapshot, width: number, height: number): Line[] {
  // The detail table needs its columns' width too (a tall, narrow grid column keeps the small one).
  const wide = height >= DETAIL_HEIGHT && width >= 96;
  const out: Line[] = [];
  const down = d.endpoints.filter((e) => e.status === 'error').length;
  const stalled = d.highestAgeMs !== undefined && d.highestAgeMs > d.stallAfterMs;
  out.push({
    text: [
      `chain ${d.expectedChainId ?? '?'}`,
      d.highest !== undefined ? `head #${d.highest}` : 'no head yet',
      d.highestAgeMs !== undefined ? `${age(d.highestAgeMs)} old${stalled ? ' STALLED' : ''}` : '',
      `${d.endpoints.length} endpoint${d.endpoints.length === 1 ? '' : 's'}${down ? ` (${down} failing)` : ''}`,
      `block ~${d.blockTimeSeconds}s`,
    ]
      .filter(Boolean)
      .join(' · '),
    bold: true,
    tone: stalled ? 'bad' : 'none',
  });
  const alerts = d.alerts.slice(0, wide ? 5 : 2);
  for (const a of alerts)
    out.push({ text: `${a.level === 'bad' ? '✖' : '▲'} ${sanitize(a.text, 200)}`, tone: a.level });
  if (d.alerts.length > alerts.length)
    out.push({ text: `  +${d.alerts.length - alerts.length} more`, tone: 'warn' });
  const cols = wide ? WIDE : SMALL;
  const ws = columnWidths(cols, width);
  const join = (cells: string[]) => cells.map((c, i) => pad(c, ws[i] ?? 0, cols[i]?.align)).join(' ');
  out.push({ text: join(cols.map((c) => c.header)), tone: 'muted' });
  for (const e of d.endpoints) {
    const r = row(e, d, wide);
    if (!wide && e.status === 'error') {
      // Small: the reason replaces the numbers (the last good head stays visible zoomed).
      const lead = join(r.cells.slice(0, 2).concat(Array(cols.length - 2).fill(''))).slice(
        0,
        ws[0]! + ws[1]! + 2,
      );
      out.push({ text: `${lead}${sanitize(e.error ?? 'error', 200)}`, tone: 'bad' });
    } else out.push({ text: join(r.cells), tone: r.tone === 'ok' ? 'none' : r.tone });
  }
  const iv = d.blockIntervals ?? [];
  if (iv.length >= 2) {
    const sw = Math.max(4, Math.min(60, width - 30));
    const recent = iv.slice(-sw);
    const avg = recent.reduce((x, y) => x + y, 0) / recent.length;
    out.push({ text: `blocks ${sparkline(recent, sw)} avg ${avg.toFixed(1)}s/block`, tone: 'info' });
  }
  if (wide) {
    out.push({ text: '' });
    out.push({
      text: `stalled when the head is older than ${age(d.stallAfterMs)} · chain ID from ${d.chainIdFrom}`,
      tone: 'muted',
    });
  }
  return out.slice(0, Math.max(0, height)).map((l) => ({ ...l, text: fit(l.text, width) }));
}
