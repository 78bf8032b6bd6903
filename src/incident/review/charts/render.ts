// One review chart as an SVG document, drawn by Apache ECharts' server-side SVG renderer
// (`ssr: true`: a string, no DOM, no canvas, no network). The time axis is the incident's, in
// UTC; each series is a line (gaps where its source had no data); the journal's marks are
// vertical lines with their short code. Every text handed to ECharts is already safe
// (sanitised, redacted) and ECharts escapes it for XML.
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { hhmmss } from '../../model.js';
import { markerColor, type Marker } from '../markers.js';
import type { Series, SeriesSet } from '../series.js';
import { PALETTE } from './palette.js';
import type { ChartSpec } from './specs.js';

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export interface ChartOptions {
  width?: number;
  height?: number;
}

export interface Axis {
  start: number;
  end: number;
}

/** The series of a chart, in the set's order. */
export function seriesOfChart(spec: ChartSpec, set: SeriesSet): Series[] {
  return set.series.filter((s) => spec.axisOf(s.key) !== undefined);
}

/** Marks only: the chart of an incident without a recording (the journal on the time axis). */
export const MARKS_ONLY: ChartSpec = {
  id: 'errors',
  title: 'Timeline',
  unit: '',
  axisOf: () => undefined,
  source: 'journal',
};

/** How many heights the marks' codes use above the plot. */
const LEVELS = 4;
const CHAR_PX = 7;

/**
 * The height of each mark's code (0 lowest): the lowest one where it does not overlap the code
 * before it, else the one whose last code is furthest left. Marks in time order.
 */
export function labelLevels(marks: Marker[], axis: Axis, plotWidth: number): number[] {
  const right = new Array<number>(LEVELS).fill(-Infinity);
  const span = Math.max(1, axis.end - axis.start);
  return marks.map((m) => {
    const x = ((m.t - axis.start) / span) * plotWidth;
    const half = (m.code.length * CHAR_PX) / 2 + 3;
    let level = right.findIndex((r) => r <= x - half);
    if (level < 0) level = right.indexOf(Math.min(...right));
    right[level] = x + half;
    return level;
  });
}

/** 'Redis memory and evictions (MiB, right: evictions/s)': the units are in the title. */
export function titleOf(spec: ChartSpec): string {
  if (!spec.unit) return spec.title;
  return `${spec.title} (${spec.unit}${spec.rightUnit ? `; right axis: ${spec.rightUnit}` : ''})`;
}

export function renderChartSvg(
  spec: ChartSpec,
  series: Series[],
  markers: Marker[],
  axis: Axis,
  o: ChartOptions = {},
): string {
  const width = o.width ?? 960;
  const legendRows = Math.ceil(series.length / 3);
  const height = o.height ?? 270 + legendRows * 20;
  // Room for the legend, then for the marks' codes (three heights) above the plot.
  const top = 36 + legendRows * 20 + 12 + LEVELS * 13;
  const right = spec.rightUnit ? 64 : 28;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const inAxis = markers.filter((m) => m.t >= axis.start && m.t <= axis.end);
  const levels = labelLevels(inAxis, axis, width - 60 - right);
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'sans-serif' },
      title: { text: titleOf(spec), left: 8, top: 6, textStyle: { fontSize: 15 } },
      legend: {
        show: series.length > 0,
        top: 34,
        left: 8,
        right: 8,
        icon: 'rect',
        itemWidth: 22,
        itemHeight: 3,
        data: series.map((s) => s.name),
        textStyle: { fontSize: 11 },
      },
      grid: { left: 60, right, top, bottom: 34 },
      xAxis: {
        type: 'time',
        min: axis.start,
        max: axis.end,
        axisLabel: { formatter: (v: number) => hhmmss(v), hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: [
        { type: 'value', minInterval: spec.counts ? 1 : undefined, min: 0, show: series.length > 0 },
        ...(spec.rightUnit ? [{ type: 'value', min: 0, splitLine: { show: false }, position: 'right' }] : []),
      ],
      series: [
        ...series.map((s, i) => ({
          type: 'line',
          name: s.name,
          yAxisIndex: spec.axisOf(s.key) === 'right' ? 1 : 0,
          data: s.points,
          symbol: 'none',
          connectNulls: false,
          color: PALETTE[i % PALETTE.length],
          lineStyle: { width: 2, type: spec.dashed?.includes(s.key) ? 'dashed' : 'solid' },
        })),
        // The journal's marks, on a series of their own (no data, no legend entry).
        {
          type: 'line',
          name: '',
          data: [],
          silent: true,
          markLine: {
            silent: true,
            symbol: ['none', 'none'],
            animation: false,
            data: inAxis.map((m, i) => ({
              xAxis: m.t,
              lineStyle: {
                color: markerColor(m),
                width: 2,
                type:
                  m.kind === 'declared' || m.kind === 'resolved'
                    ? 'dotted'
                    : m.kind === 'effect'
                      ? 'dashed'
                      : 'solid',
              },
              label: {
                formatter: m.code,
                color: markerColor(m),
                fontSize: 11,
                position: 'end',
                // Marks close together put their codes at different heights.
                distance: [0, 12 + levels[i]! * 13],
              },
            })),
          },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
