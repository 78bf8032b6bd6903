// The review's pictures: one SVG chart per figure the incident has samples of (charts/specs.ts),
// over the incident's time axis, with the journal's marks; and their section in the Markdown
// review (images linked from a folder beside it, the marks listed). Without samples (no
// recording of the incident) only the marks are drawn, on one timeline chart. Pure.
import { cell } from '../export.js';
import { hhmmss, type IncidentState } from '../model.js';
import { markersOf, type Marker } from './markers.js';
import type { SeriesSet } from './series.js';
import { MARKS_ONLY, renderChartSvg, seriesOfChart, type Axis } from './charts/render.js';
import { CHARTS, type ChartSpec } from './charts/specs.js';

export interface RenderedChart {
  id: string;
  title: string;
  /** The file name in the charts folder ('errors.svg'). */
  file: string;
  svg: string;
}

export interface ReviewCharts {
  axis: Axis;
  charts: RenderedChart[];
  /** Charts with no data in the samples (their source was not configured or never answered). */
  missing: ChartSpec[];
  markers: Marker[];
  /** How many samples the charts were drawn from (0: no recording). */
  samples: number;
}

export function incidentAxis(s: IncidentState, set: SeriesSet | undefined, now = Date.now()): Axis {
  const start = Math.min(s.startedAt, set?.start ?? Infinity);
  const end = Math.max(s.resolvedAt ?? set?.end ?? now, set?.end ?? -Infinity, start + 10_000);
  return { start, end };
}

export function reviewCharts(s: IncidentState, set: SeriesSet | undefined, now = Date.now()): ReviewCharts {
  const axis = incidentAxis(s, set, now);
  const markers = markersOf(s);
  const charts: RenderedChart[] = [];
  const missing: ChartSpec[] = [];
  if (set?.samples) {
    for (const spec of CHARTS) {
      const series = seriesOfChart(spec, set);
      if (!series.length) {
        missing.push(spec);
        continue;
      }
      charts.push({
        id: spec.id,
        title: spec.title,
        file: `${spec.id}.svg`,
        svg: renderChartSvg(spec, series, markers, axis),
      });
    }
  } else
    charts.push({
      id: 'timeline',
      title: MARKS_ONLY.title,
      file: 'timeline.svg',
      svg: renderChartSvg(MARKS_ONLY, [], markers, axis, { height: 200 }),
    });
  return { axis, charts, missing, markers, samples: set?.samples ?? 0 };
}

/** What the charts were drawn from, in one sentence. */
export function chartsNote(rc: ReviewCharts): string {
  const span = `${hhmmss(rc.axis.start)} – ${hhmmss(rc.axis.end)} UTC`;
  if (!rc.samples)
    return `No recording of this incident: the timeline shows the journal's marks only (${span}).`;
  const missing = rc.missing.length
    ? ` Not recorded: ${rc.missing.map((m) => `${m.title.toLowerCase()} (no ${m.source} data)`).join('; ')}.`
    : '';
  return `Drawn from ${rc.samples} recorded samples of the console's panes, ${span}.${missing}`;
}

/** The marks as a Markdown table: code, time, what. */
export function marksTable(rc: ReviewCharts): string[] {
  if (!rc.markers.length) return [];
  return [
    '| Mark | Time (UTC) | Event |',
    '|------|------------|-------|',
    ...rc.markers.map((m) => `| ${cell(m.code)} | ${hhmmss(m.t)} | ${cell(m.text)} |`),
  ];
}

/** The Markdown review's charts section, the images in `dir` (relative to the review). */
export function chartsMarkdown(rc: ReviewCharts, dir: string): string[] {
  const out = ['## Charts', '', chartsNote(rc), ''];
  for (const c of rc.charts) out.push(`![${cell(c.title)}](${encodeURI(`${dir}/${c.file}`)})`, '');
  out.push(...marksTable(rc));
  return out;
}
