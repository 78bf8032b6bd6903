// Reading back what a chart SVG draws, for structural tests: texts with their position, paths
// with their stroke and points, and the time axis' mapping from its HH:MM:SS tick labels.

export interface SvgText {
  text: string;
  x: number;
  y: number;
  fill?: string;
}
export interface SvgPath {
  stroke?: string;
  dashed: boolean;
  points: [number, number][];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export function svgTexts(svg: string): SvgText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const tr = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attr(m[1]!, 'transform') ?? '');
    return {
      text: unescape(m[2]!),
      x: Number(tr?.[1] ?? 0) + Number(attr(m[1]!, 'x') ?? 0),
      y: Number(tr?.[2] ?? 0),
      fill: attr(m[1]!, 'fill'),
    };
  });
}

/** Paths without a transform (the plot's own coordinates): lines of series and marks. */
export function svgPaths(svg: string): SvgPath[] {
  return [...svg.matchAll(/<path([^>]*)><\/path>/g)]
    .filter((m) => !attr(m[1]!, 'transform'))
    .map((m) => {
      const d = attr(m[1]!, 'd') ?? '';
      const points = [...d.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map(
        (p) => [Number(p[1]), Number(p[2])] as [number, number],
      );
      return { stroke: attr(m[1]!, 'stroke'), dashed: !!attr(m[1]!, 'stroke-dasharray'), points };
    });
}

/** x → time from two HH:MM:SS tick labels (ticks: their times, left to right) on the given day (epoch ms of its midnight UTC). */
export function timeAxis(svg: string, dayStart: number): { xOf(t: number): number; ticks: number[] } {
  const ticks = svgTexts(svg)
    .filter((t) => /^\d\d:\d\d:\d\d$/.test(t.text))
    .map((t) => {
      const [h, m, s] = t.text.split(':').map(Number);
      return { t: dayStart + ((h! * 60 + m!) * 60 + s!) * 1000, x: t.x };
    })
    // Left to right (ECharts draws the round-minute labels after the others).
    .sort((a, b) => a.x - b.x);
  if (ticks.length < 2) throw new Error(`fewer than two time ticks in the chart`);
  const a = ticks[0]!;
  const b = ticks.at(-1)!;
  const k = (b.x - a.x) / (b.t - a.t);
  return { xOf: (t) => a.x + (t - a.t) * k, ticks: ticks.map((x) => x.t) };
}

/** The y of a value from the left axis' numeric labels. */
export function valueAxis(svg: string): { yOf(v: number): number } {
  const labels = svgTexts(svg).filter((t) => /^\d+(\.\d+)?$/.test(t.text) && t.x < 80);
  const a = labels[0]!;
  const b = labels.at(-1)!;
  const k = (b.y - a.y) / (Number(b.text) - Number(a.text));
  return { yOf: (v) => a.y + (v - Number(a.text)) * k };
}
