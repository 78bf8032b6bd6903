// PostgreSQL rows and summary lines, built outside the view (tested in
// test/unit/postgres-columns.test.ts). Session rows have the pid (decimal) as their id: the
// selection that cancel/terminate actions act on. Other rows (statements, counts, repeated
// tree nodes) have ids that are not plain integers.
import { connectionUse, idleInTransaction, lockTree, longRunning } from '../../data/postgres/queries.js';
import type { PgCount, PgSession, PgSnapshot, PgStatement, PgTreeNode } from '../../data/postgres/types.js';
import type { Column, Row } from '../../ui/list.js';
import type { Tone } from '../../ui/tone.js';
import { age, bytes, gauge, sparkline } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export type PgView = 'overview' | 'queries' | 'idle' | 'tree' | 'waits' | 'top' | 'conns';
export type ConnsBy = 'application' | 'user' | 'client';

export const VIEW_LABEL: Record<PgView, string> = {
  overview: 'o overview',
  queries: 'l long queries',
  idle: 'i idle in tx',
  tree: 'b blocking tree',
  waits: 'w lock waits',
  top: 't top statements',
  conns: 'c by app/user/client',
};

/** Query text on one line, whitespace collapsed, terminal-safe. */
export function compactQuery(q: string, max = 400): string {
  return sanitize(q.replace(/\s+/g, ' ').trim(), max);
}

const ms = (v: number | undefined) => (v === undefined ? '—' : v < 1000 ? `${Math.round(v)}ms` : age(v));
const name = (s: string, max = 40) => sanitize(s || '—', max);
const wait = (s: PgSession) =>
  s.waitEventType ? sanitize(`${s.waitEventType}:${s.waitEvent ?? ''}`, 40) : '';

const SHORT: Record<string, string> = {
  'idle in transaction': 'idle-tx',
  'idle in transaction (aborted)': 'aborted-tx',
  'fastpath function call': 'fastpath',
};
export const shortState = (st: string) => SHORT[st] ?? st;

function durationTone(d: number | undefined, limit: number): Tone {
  if (d === undefined) return 'none';
  if (d >= limit * 5) return 'bad';
  if (d >= limit) return 'warn';
  return 'none';
}

const WIDE = 100;

export function queryColumns(width: number): Column[] {
  return width >= WIDE
    ? [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'USER', width: 10 },
        { header: 'APP', width: 12 },
        { header: 'CLIENT', width: 15 },
        { header: 'STATE', width: 8 },
        { header: 'WAIT', width: 16 },
        { header: 'DURATION', width: 8, align: 'right' },
        { header: 'QUERY', width: 0, min: 10 },
      ]
    : [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'DUR', width: 6, align: 'right' },
        { header: 'WAIT', width: 10 },
        { header: 'QUERY', width: 0, min: 10 },
      ];
}

export function queryRow(s: PgSession, limitMs: number, wide: boolean): Row {
  const tone: Tone = s.blockedBy.length ? 'bad' : durationTone(s.queryMs, limitMs);
  const q = compactQuery(s.query);
  return {
    id: String(s.pid),
    tone,
    cells: wide
      ? [
          String(s.pid),
          name(s.user),
          name(s.application),
          name(s.client),
          shortState(s.state),
          wait(s),
          ms(s.queryMs),
          q,
        ]
      : [String(s.pid), ms(s.queryMs), wait(s), q],
    sort: wide
      ? [s.pid, s.user, s.application, s.client, s.state, wait(s), s.queryMs ?? 0, q]
      : [s.pid, s.queryMs ?? 0, wait(s), q],
  };
}

export function idleColumns(width: number): Column[] {
  return width >= WIDE
    ? [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'USER', width: 10 },
        { header: 'APP', width: 12 },
        { header: 'CLIENT', width: 15 },
        { header: 'STATE', width: 9 },
        { header: 'XACT AGE', width: 8, align: 'right' },
        { header: 'IDLE FOR', width: 8, align: 'right' },
        { header: 'LAST QUERY', width: 0, min: 10 },
      ]
    : [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'XACT', width: 6, align: 'right' },
        { header: 'APP', width: 10 },
        { header: 'LAST QUERY', width: 0, min: 10 },
      ];
}

export function idleRow(
  s: PgSession,
  snap: Pick<PgSnapshot, 'at' | 'idleInTransactionMs'>,
  wide: boolean,
): Row {
  const idleFor = s.stateChange !== undefined ? snap.at - s.stateChange : undefined;
  const aborted = s.state === 'idle in transaction (aborted)';
  const q = compactQuery(s.query);
  return {
    id: String(s.pid),
    tone: aborted ? 'bad' : durationTone(s.xactMs, snap.idleInTransactionMs),
    cells: wide
      ? [
          String(s.pid),
          name(s.user),
          name(s.application),
          name(s.client),
          aborted ? 'aborted' : 'idle-tx',
          ms(s.xactMs),
          ms(idleFor),
          q,
        ]
      : [String(s.pid), ms(s.xactMs), name(s.application), q],
    sort: wide
      ? [s.pid, s.user, s.application, s.client, s.state, s.xactMs ?? 0, idleFor ?? 0, q]
      : [s.pid, s.xactMs ?? 0, s.application, q],
  };
}

export function treeColumns(width: number): Column[] {
  return width >= WIDE
    ? [
        { header: 'PID', width: 16 },
        { header: 'BLOCKS', width: 6, align: 'right' },
        { header: 'WAITS FOR', width: 24 },
        { header: 'RELATION', width: 18 },
        { header: 'USER', width: 10 },
        { header: 'APP', width: 12 },
        { header: 'STATE', width: 8 },
        { header: 'DURATION', width: 8, align: 'right' },
        { header: 'QUERY', width: 0, min: 10 },
      ]
    : [
        { header: 'PID', width: 14 },
        { header: 'MODE', width: 16 },
        { header: 'REL', width: 10 },
        { header: 'QUERY', width: 0, min: 8 },
      ];
}

export function treeRow(n: PgTreeNode, parent: number | undefined, wide: boolean): Row {
  const s = n.session;
  const indent = n.depth ? `${'  '.repeat(n.depth - 1)}└ ` : '';
  const pidCell = `${indent}${n.pid}${n.repeat ? ' ↑' : ''}`;
  const mode = n.wait ? n.wait.mode : n.depth === 0 ? 'holds the lock' : '';
  const rel = n.wait ? sanitize(n.wait.relation ?? n.wait.target ?? n.wait.locktype, 60) : '';
  const q = s ? compactQuery(s.query) : '(not visible: other database or no privilege)';
  const dur = s ? (n.depth === 0 && s.state.startsWith('idle in') ? s.xactMs : s.queryMs) : undefined;
  const tone: Tone = n.depth === 0 ? 'bad' : 'warn';
  return {
    id: n.repeat ? `${n.pid}@${parent ?? 'root'}` : String(n.pid),
    tone,
    cells: wide
      ? [
          pidCell,
          n.blocking ? String(n.blocking) : '',
          mode,
          rel,
          name(s?.user ?? ''),
          name(s?.application ?? ''),
          shortState(s?.state ?? ''),
          ms(dur),
          q,
        ]
      : [pidCell, mode, rel, q],
  };
}

/** The tree as rows, each child under its parent (repeated nodes get their own id). */
export function treeRows(snap: Pick<PgSnapshot, 'sessions' | 'locks'>, width: number): Row[] {
  const nodes = lockTree(snap.sessions, snap.locks);
  const parents: number[] = [];
  return nodes.map((n) => {
    parents[n.depth] = n.pid;
    return treeRow(n, n.depth ? parents[n.depth - 1] : undefined, width >= WIDE);
  });
}

export function waitColumns(width: number): Column[] {
  return width >= WIDE
    ? [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'LOCK', width: 13 },
        { header: 'MODE', width: 22 },
        { header: 'RELATION / TARGET', width: 24 },
        { header: 'BLOCKED BY', width: 14 },
        { header: 'WAITING', width: 8, align: 'right' },
        { header: 'QUERY', width: 0, min: 10 },
      ]
    : [
        { header: 'PID', width: 7, align: 'right' },
        { header: 'MODE', width: 16 },
        { header: 'REL', width: 12 },
        { header: 'BY', width: 8 },
        { header: 'QUERY', width: 0, min: 8 },
      ];
}

export function waitRows(snap: Pick<PgSnapshot, 'sessions' | 'locks'>, width: number): Row[] {
  const byPid = new Map(snap.sessions.map((s) => [s.pid, s]));
  const wide = width >= WIDE;
  const seen = new Set<number>();
  return snap.locks
    .filter((l) => !seen.has(l.pid) && seen.add(l.pid))
    .map((l) => {
      const s = byPid.get(l.pid);
      const rel = sanitize(l.relation ?? l.target ?? '', 60);
      const by = s?.blockedBy.join(',') ?? '';
      const q = s ? compactQuery(s.query) : '';
      return {
        id: String(l.pid),
        tone: 'bad' as Tone,
        cells: wide
          ? [String(l.pid), l.locktype, l.mode, rel, by, ms(s?.queryMs), q]
          : [String(l.pid), l.mode, rel, by, q],
      };
    });
}

export function topColumns(width: number): Column[] {
  return width >= WIDE
    ? [
        { header: 'CALLS', width: 9, align: 'right' },
        { header: 'TOTAL', width: 9, align: 'right' },
        { header: 'MEAN', width: 8, align: 'right' },
        { header: 'ROWS', width: 9, align: 'right' },
        { header: 'QUERY', width: 0, min: 10 },
      ]
    : [
        { header: 'TOTAL', width: 7, align: 'right' },
        { header: 'MEAN', width: 7, align: 'right' },
        { header: 'CALLS', width: 7, align: 'right' },
        { header: 'QUERY', width: 0, min: 8 },
      ];
}

const count = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(n);

export function topRow(st: PgStatement, width: number): Row {
  const q = compactQuery(st.query);
  return {
    id: `stmt:${st.queryid}`,
    cells:
      width >= WIDE
        ? [count(st.calls), ms(st.totalMs), ms(st.meanMs), count(st.rows), q]
        : [ms(st.totalMs), ms(st.meanMs), count(st.calls), q],
    sort:
      width >= WIDE ? [st.calls, st.totalMs, st.meanMs, st.rows, q] : [st.totalMs, st.meanMs, st.calls, q],
  };
}

export const connsColumns: Column[] = [
  { header: 'KEY', width: 0, min: 12 },
  { header: 'CONNS', width: 6, align: 'right' },
  { header: 'SHARE', width: 20 },
];

export function connsRows(list: PgCount[], by: ConnsBy, total: number): Row[] {
  return list.map((c) => ({
    id: `${by}:${c.key}`,
    cells: [name(c.key, 80), String(c.count), gauge(c.count, total, 20)],
    sort: [c.key, c.count, c.count],
  }));
}

export { idleInTransaction, longRunning };

/** The one-line gauge: used / usable, bar, percentage, sparkline of the total. */
export function gaugeLine(snap: PgSnapshot, width: number): { text: string; tone: Tone } {
  const { usable, ratio, text: used } = connectionUse(snap);
  const head = `conns ${used}`;
  const pctText = `${Math.round(ratio * 100)}%`;
  const rest = Math.max(0, width - head.length - pctText.length - 3);
  const barW = Math.min(30, Math.max(0, Math.floor(rest / 2)));
  const sparkW = Math.max(0, rest - barW - 1);
  const text = `${head} ${gauge(snap.total, usable, barW)} ${pctText} ${sparkline(snap.history, sparkW)}`
    .trimEnd()
    .slice(0, Math.max(0, width));
  return { text, tone: ratio >= 0.9 ? 'bad' : ratio >= 0.75 ? 'warn' : 'ok' };
}

export function stateLine(snap: PgSnapshot): string {
  const b = snap.byState;
  const parts = [
    `active ${b.active ?? 0}`,
    `idle ${b.idle ?? 0}`,
    `idle-in-tx ${b['idle in transaction'] ?? 0}`,
    `aborted-tx ${b['idle in transaction (aborted)'] ?? 0}`,
  ];
  if (b.hidden) parts.push(`hidden ${b.hidden}`);
  const other = (b['fastpath function call'] ?? 0) + (b.disabled ?? 0);
  if (other) parts.push(`other ${other}`);
  return parts.join(' · ');
}

/** Lines of the overview under the gauge, most important first, each with a tone. */
export function overviewLines(snap: PgSnapshot): { text: string; tone: Tone }[] {
  const out: { text: string; tone: Tone }[] = [];
  const nodes = lockTree(snap.sessions, snap.locks);
  const waiting = snap.sessions.filter((s) => s.blockedBy.length).length;
  if (waiting) {
    const roots = nodes.filter((n) => n.depth === 0 && n.blocking > 0);
    const head = roots[0];
    out.push({
      text: [
        `✖ ${waiting} blocked`,
        head
          ? `pid ${head.pid}${head.session ? ` (${shortState(head.session.state)}, ${name(head.session.application, 20)})` : ''} blocks ${head.blocking}`
          : '',
        roots.length > 1 ? `${roots.length} chains` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      tone: 'bad',
    });
  } else out.push({ text: '● no session waits on a lock', tone: 'ok' });
  // What the role cannot see comes early: without it the numbers above are partial.
  if (snap.hidden && !snap.role.monitor)
    out.push({
      text: `▲ ${snap.hidden} session${snap.hidden === 1 ? '' : 's'} <insufficient privilege>: query, state, client hidden — grant pg_monitor to ${sanitize(snap.role.name, 20)}`,
      tone: 'warn',
    });
  const long = longRunning(snap.sessions)[0];
  if (long)
    out.push({
      text: `longest ${ms(long.queryMs)} pid ${long.pid} ${name(long.application, 16)}: ${compactQuery(long.query, 200)}`,
      tone:
        durationTone(long.queryMs, snap.longQueryMs) === 'none'
          ? 'none'
          : durationTone(long.queryMs, snap.longQueryMs),
    });
  else out.push({ text: 'no query running', tone: 'muted' });
  const idle = idleInTransaction(snap.sessions)[0];
  if (idle)
    out.push({
      text: `oldest idle-in-tx ${ms(idle.xactMs)} pid ${idle.pid} ${name(idle.application, 16)}`,
      tone: durationTone(idle.xactMs, snap.idleInTransactionMs) === 'none' ? 'none' : 'warn',
    });
  const size =
    snap.databaseSize !== undefined ? `db ${sanitize(snap.database, 30)} ${bytes(snap.databaseSize)}` : '';
  const who = `${sanitize(snap.role.name, 20)}${snap.role.superuser ? ' (superuser)' : snap.role.monitor ? ' (pg_monitor)' : ''}`;
  out.push({
    text: [size, `as ${who}`, `PG ${Math.floor(snap.serverVersion / 10000)}`].filter(Boolean).join(' · '),
    tone: 'muted',
  });
  return out;
}
