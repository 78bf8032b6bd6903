// Reading samples out of the Prometheus text exposition format (version 0.0.4: `# HELP`/`# TYPE`
// comments, `name{label="value",…} value [timestamp]`), as `grep error_rate` in the runbooks
// does by eye. Small and our own: the npm parsers of this format are unmaintained, and one
// sample by name and labels is all a health check needs.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A selector as Prometheus prints a series: `error_rate` or `error_rate{service="backend"}`. */
export function parseSelector(text: string): { name: string; labels: Record<string, string> } {
  const s = parseLine(`${text.trim()} 0`);
  if (!s) throw new Error(`not a metric selector: ${text}`);
  return { name: s.name, labels: s.labels };
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseLabels(text: string, at: number): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = at;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return undefined;
    i += 2;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        value += c === 'n' ? '\n' : (c ?? '');
        i += 2;
      } else value += text[i++];
    }
    if (text[i] !== '"') return undefined;
    labels[m[0]] = value;
    i++;
  }
}

function parseValue(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (word === '+Inf') return Infinity;
  if (word === '-Inf') return -Infinity;
  if (word === 'NaN') return NaN;
  const n = Number(word);
  return word !== '' && !Number.isNaN(n) ? n : undefined;
}

/** One sample line, or undefined for comments, blank and malformed lines. */
export function parseLine(line: string): Sample | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#')) return undefined;
  const m = NAME.exec(t);
  if (!m) return undefined;
  let i = m[0].length;
  let labels: Record<string, string> = {};
  if (t[i] === '{') {
    const l = parseLabels(t, i + 1);
    if (!l) return undefined;
    labels = l.labels;
    i = l.end;
  }
  const value = parseValue(t.slice(i).trim().split(/\s+/)[0]);
  return value === undefined ? undefined : { name: m[0], labels, value };
}

/** Every sample of `name` whose labels include all of `labels`. */
export function findSamples(
  body: string,
  selector: { name: string; labels: Record<string, string> },
): Sample[] {
  const out: Sample[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith(selector.name)) continue;
    const s = parseLine(line);
    if (s && s.name === selector.name && Object.entries(selector.labels).every(([k, v]) => s.labels[k] === v))
      out.push(s);
  }
  return out;
}
