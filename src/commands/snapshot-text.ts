// `warroom snapshot`'s text form, for a ticket. A module of its own so that yaml loads only when
// the text is printed (a static import: the bundle's dynamic import of yaml, a CommonJS package,
// had no named exports, and the text form failed with "stringify is not a function").
import { stringify } from 'yaml';
import type { Snapshot } from './snapshot-schema.js';

/** Text for a ticket: a status line per source, then its data, lists cut to 20 items. */
export function snapshotText(s: Snapshot): string {
  const cap = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v.length > 20 ? [...v.slice(0, 20).map(cap), `… ${v.length - 20} more`] : v.map(cap);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cap(x)]));
    return v;
  };
  const out = [`warroom ${s.warroom} snapshot at ${s.takenAt}${s.context ? ` · context ${s.context}` : ''}`];
  for (const [id, src] of Object.entries(s.sources)) {
    const age = src.ageMs !== undefined ? ` · data ${Math.round(src.ageMs / 1000)}s old` : '';
    out.push(
      '',
      `== ${id}: ${src.status.toUpperCase()}${age}${src.error ? ` · ${src.error}` : ''}${src.hint ? ` · enable with ${src.hint}` : ''}`,
    );
    if (src.data !== undefined) out.push(stringify(cap(src.data), { lineWidth: 0 }).trimEnd());
  }
  return out.join('\n') + '\n';
}
