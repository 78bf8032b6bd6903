// What the review's charts mark on their time axis, from the journal: the declaration, each
// detection (D1 … when it started, "D1 end" when it cleared), each action taken (A1 …), each
// action's measured effect ("A1 ✓", "A1 ✖" …) and the resolution. The codes are short so
// that they fit over a chart; the review lists them with their time and full text. Pure.
import { actionTaken, VERDICT_MARK, type EffectVerdict, type IncidentState } from '../model.js';
import { effectText } from '../export.js';
import { redact } from '../../util/redact.js';

export type MarkerKind = 'declared' | 'detection' | 'cleared' | 'action' | 'effect' | 'resolved';

export interface Marker {
  t: number;
  kind: MarkerKind;
  /** Drawn on the chart: 'A1', 'D2 end', 'A1 ✓'. */
  code: string;
  /** One line for the list under the charts (redacted; escaped by whoever draws it). */
  text: string;
  verdict?: EffectVerdict;
}

/** The colours of the marks: distinct from the series' palette (charts/palette.ts). */
export const MARKER_COLOR: Record<MarkerKind | `effect.${EffectVerdict}`, string> = {
  declared: '#555555',
  resolved: '#555555',
  detection: '#d62728',
  cleared: '#ff9896',
  action: '#7b2cbf',
  effect: '#2ca02c',
  'effect.effective': '#2ca02c',
  'effect.no improvement': '#b8860b',
  'effect.worse': '#8b0000',
  'effect.unknown': '#808080',
};

export function markerColor(m: Marker): string {
  return m.kind === 'effect' && m.verdict ? MARKER_COLOR[`effect.${m.verdict}`] : MARKER_COLOR[m.kind];
}

export function markersOf(s: IncidentState): Marker[] {
  const out: Marker[] = [{ t: s.declaredAt, kind: 'declared', code: 'declared', text: 'Incident declared' }];
  const detections = new Map<string, string>();
  const actions = new Map<string, string>();
  let d = 0;
  let a = 0;
  for (const e of s.events) {
    const t = Date.parse(e.ts);
    if (e.kind === 'detection') {
      if (e.state === 'start') {
        const code = `D${++d}`;
        detections.set(e.key, code);
        out.push({ t, kind: 'detection', code, text: redact(`Detected: ${e.text}`) });
      } else {
        const code = detections.get(e.key);
        out.push({
          t,
          kind: 'cleared',
          code: code ? `${code} end` : 'cleared',
          text: redact(`Cleared: ${e.text}`),
        });
      }
    } else if (actionTaken(e)) {
      const code = `A${++a}`;
      actions.set(e.id, code);
      out.push({
        t,
        kind: 'action',
        code,
        text: redact(`Action: ${e.title}${e.target ? ` on ${e.target}` : ''}`),
      });
    } else if (e.kind === 'effect') {
      const of = actions.get(e.of);
      out.push({
        t,
        kind: 'effect',
        code: `${of ?? 'effect'} ${VERDICT_MARK[e.verdict]}`,
        text: redact(`Effect${of ? ` of ${of}` : ''}: ${effectText(e)}`),
        verdict: e.verdict,
      });
    } else if (e.kind === 'resolved')
      out.push({ t, kind: 'resolved', code: 'resolved', text: 'Incident resolved' });
  }
  return out.sort((x, y) => x.t - y.t);
}
