// The post-incident review as one self-contained HTML page: the Markdown review's content
// (export.ts, rendered by markdown-it with raw HTML off, so text from the journal is always
// escaped) with the charts inline as SVG before the timeline. No script, no external style,
// font or image; a Content-Security-Policy that allows none either, so opening it reaches no
// network. Everything is redacted before it gets here (export.ts, markers.ts, series.ts).
import MarkdownIt from 'markdown-it';
import { exportMarkdown, type ExportOptions } from '../export.js';
import type { IncidentState } from '../model.js';
import { chartsNote, marksTable, type ReviewCharts } from './charts.js';
import { redact } from '../../util/redact.js';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; max-width: 1040px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .6em 0; } th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } code { background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { color: #555; font-size: .9em; }
`;

function chartsHtml(rc: ReviewCharts): string {
  const figures = rc.charts
    .map(
      (c) =>
        `<figure id="chart-${escapeHtml(c.id)}" data-chart="${escapeHtml(c.id)}">\n${c.svg}\n<figcaption>${escapeHtml(c.title)}</figcaption>\n</figure>`,
    )
    .join('\n');
  return [
    '<section id="charts">',
    '<h2>Charts</h2>',
    `<p>${escapeHtml(chartsNote(rc))}</p>`,
    figures,
    md.render(marksTable(rc).join('\n')),
    '</section>',
  ].join('\n');
}

export function exportHtml(s: IncidentState, rc: ReviewCharts, o: ExportOptions = {}): string {
  const text = exportMarkdown(s, { ...o, charts: undefined });
  // The charts go before the timeline, as in the Markdown review. The first such heading is the
  // review's own: every line of journal text above it is a table row or a list item.
  const at = text.indexOf('\n## Timeline\n');
  const head = at < 0 ? text : text.slice(0, at + 1);
  const tail = at < 0 ? '' : text.slice(at + 1);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(redact(`Post-Incident Review: ${s.title}`))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    md.render(head),
    chartsHtml(rc),
    md.render(tail),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
