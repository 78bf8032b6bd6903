// The ingress section of the Deployments pane: a summary line, then one line per route (host
// and path → backend Service:port, its ready endpoints, TLS, the load balancer address, the
// Ingress), routes without a ready endpoint first and in red with ✖, partly ready ones in
// yellow with ▲. Pure: from the ingress source's state and the width.
import { ingressSummary, type IngressRoute, type RouteState } from '../../data/kubernetes/ingress-status.js';
import type { IngressData } from '../../data/kubernetes/ingress.js';
import type { SourceState } from '../../store/store.js';
import type { Line } from '../../ui/Lines.js';
import { columnWidths, type Column } from '../../ui/list.js';
import { toneSymbol, type Tone } from '../../ui/tone.js';
import { pad } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

const TONE: Record<RouteState, Tone> = { down: 'bad', degraded: 'warn', unknown: 'muted', ok: 'ok' };
const RANK: Record<RouteState, number> = { down: 0, degraded: 1, unknown: 2, ok: 3 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The columns shown at a width: the address and the Ingress's name only when there is room. */
function columnsFor(width: number): Column[] {
  const cols: Column[] = [
    { header: 'HOST/PATH', width: 0, min: 14 },
    { header: 'BACKEND', width: 0, min: 10 },
    { header: 'READY', width: 5, align: 'right' },
    { header: 'TLS', width: 3 },
  ];
  if (width >= 90) cols.push({ header: 'ADDRESS', width: 15 });
  if (width >= 120) cols.push({ header: 'INGRESS', width: 0, min: 12 });
  return cols;
}

function cellsOf(r: IngressRoute, n: number): string[] {
  const ready = r.ready !== undefined ? `${r.ready}/${r.total}` : '?';
  const cells = [
    `${sanitize(r.host, 253)}${sanitize(r.path, 200)}`,
    `${sanitize(r.service, 253)}:${sanitize(r.port, 20)}`,
    ready,
    r.tls ? 'tls' : '—',
    sanitize(r.addresses.join(',') || '<none>', 100),
    sanitize(r.ingress, 300),
  ];
  return cells.slice(0, n);
}

export function sortedRoutes(routes: readonly IngressRoute[]): IngressRoute[] {
  return [...routes].sort(
    (a, b) =>
      RANK[a.state] - RANK[b.state] ||
      a.host.localeCompare(b.host) ||
      a.path.localeCompare(b.path) ||
      a.ingress.localeCompare(b.ingress),
  );
}

/** The section's summary words: `✖ ingress: 2 of 5 routes down · 203.0.113.10 · 2 ingresses`. */
export function ingressHeadline(src: SourceState<IngressData> | undefined): Line | undefined {
  if (!src || src.status === 'unconfigured') return undefined;
  const d = src.data;
  if (!d) {
    return src.error
      ? { text: `${toneSymbol.bad} ingress: ${sanitize(src.error, 300)}`, tone: 'bad' }
      : { text: `${toneSymbol.info} ingress: connecting`, tone: 'info' };
  }
  const s = ingressSummary(d);
  const stale = src.status === 'error' && src.error ? ` · ✖ ${sanitize(src.error, 200)}` : '';
  if (!s.ingresses) return { text: `ingress: no ingresses in scope${stale}`, tone: stale ? 'bad' : 'muted' };
  const n = s.routes.length;
  const lbs = [...new Set(s.routes.flatMap((r) => r.addresses))];
  const lb = lbs.length ? ` · ${sanitize(lbs.slice(0, 2).join(','), 100)}${lbs.length > 2 ? ',…' : ''}` : '';
  // Short enough for a third of 200 columns: the count that matters, the address, the rest.
  const tail = `${lb} · ${plural(s.ingresses, 'ingress', 'ingresses')}`;
  const extra = s.noAddress ? ` · ${s.noAddress} without an address` : '';
  if (s.down)
    return {
      text: `${toneSymbol.bad} ingress: ${s.down} of ${plural(n, 'route')} down${tail}${extra}${stale}`,
      tone: 'bad',
      bold: true,
    };
  if (s.degraded || s.noAddress || stale)
    return {
      text: `${toneSymbol.warn} ingress: ${s.degraded ? `${s.degraded} of ${plural(n, 'route')} degraded` : plural(n, 'route')}${tail}${extra}${stale}`,
      tone: 'warn',
    };
  const why = d.servicesError ?? d.endpointsError;
  if (why)
    return {
      text: `${toneSymbol.muted} ingress: ${plural(n, 'route')}${tail} · endpoints unknown: ${sanitize(why, 200)}`,
      tone: 'muted',
    };
  return { text: `${toneSymbol.ok} ingress: ${plural(n, 'route')} ready${tail}`, tone: 'ok' };
}

/**
 * The section's lines within `height` rows: the headline, a column header and the routes
 * (problems first); `… N more` when they do not all fit.
 */
export function ingressLines(
  src: SourceState<IngressData> | undefined,
  width: number,
  height: number,
): Line[] {
  const headline = ingressHeadline(src);
  if (!headline || height <= 0) return [];
  const routes = src?.data ? sortedRoutes(ingressSummary(src.data).routes) : [];
  if (!routes.length || height < 2) return [headline];
  const cols = columnsFor(width - 2);
  const ws = columnWidths(cols, width - 2);
  const row = (cells: string[]) => cells.map((c, i) => pad(c, ws[i]!, cols[i]!.align)).join(' ');
  // Tight on rows: the routes (problems first) before the column header.
  const withHeader = height >= 5 || height - 2 >= routes.length;
  const out: Line[] = [headline];
  if (withHeader) out.push({ text: `  ${row(cols.map((c) => c.header))}`, bold: true });
  const room = height - out.length;
  const shown = routes.length > room ? routes.slice(0, room >= 3 ? room - 1 : room) : routes;
  for (const r of shown)
    out.push({ text: `${toneSymbol[TONE[r.state]]} ${row(cellsOf(r, cols.length))}`, tone: TONE[r.state] });
  if (shown.length < routes.length && out.length < height)
    out.push({ text: `  … ${routes.length - shown.length} more routes`, tone: 'muted' });
  return out;
}

/**
 * Rows the section asks of the layout: its headline (which says how many routes are down).
 * The routes get what the pane has to spare, problems first: asking for every route would
 * push a pane with a problem off the screen at 120x40.
 */
export function ingressRows(d: IngressData | undefined): number {
  return d ? 1 : 0;
}
