// Health rows, built outside the view (tested in test/unit/health-columns.test.ts).
import type { HealthRow } from '../../data/health/source.js';
import type { Column, Row } from '../../ui/list.js';
import { age } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export const columns: Column[] = [
  { header: 'ENDPOINT', width: 14 },
  { header: 'STATE', width: 6 },
  { header: 'HTTP', width: 4, align: 'right' },
  { header: 'LATENCY', width: 8, align: 'right' },
  { header: 'BODY', width: 9 },
  { header: 'FOR', width: 6, align: 'right' },
  { header: 'DETAIL', width: 0, min: 10 },
];

export function toRow(r: HealthRow, now: number): Row {
  return {
    id: r.name,
    tone: r.up ? 'ok' : 'bad',
    rank: r.up ? 1 : 0,
    cells: [
      sanitize(r.name, 60),
      r.up ? '● up' : '✖ DOWN',
      r.httpStatus ? String(r.httpStatus) : '—',
      r.latencyMs !== undefined ? `${r.latencyMs}ms` : '—',
      r.value !== undefined ? String(r.value) : (r.bodyStatus ?? '—'),
      age(now - r.stateSince),
      r.up ? (r.detail ? `${r.detail} · ${r.url}` : r.url) : `${r.reason ?? 'down'} · ${r.url}`,
    ],
    sort: [
      r.name,
      r.up ? 1 : 0,
      r.httpStatus ?? 0,
      r.latencyMs ?? Infinity,
      r.bodyStatus ?? '',
      r.stateSince,
      r.url,
    ],
  };
}
